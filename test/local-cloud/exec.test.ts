/**
 * `npm run local -- exec 'CMD'` (scripts/local.ts, run here through tsx as npm runs it): a local cloud on a free port
 * with fresh demo data in a temporary data dir, CMD run with LOCAL_CLOUD_URL and LOCAL_CLOUD_DATA, its exit status
 * (or signal) passed through, the temporary data dir deleted afterwards; --export-on-exit and --import carry a state
 * from one run to the next. Needs the bundles (npm run build:cloud); no H5 build.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';
import { tempDirs } from '../support/temp-dirs';

const ROOT = path.resolve(__dirname, '../..');
const freshDir = tempDirs('exec-');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs scripts/local.ts with `args`; `onStdout` may act on the output so far (e.g. signal the runner). `exec` gets
 * `--empty` (no 90-day history replay: these tests are about the runner; test/local-cloud/history.test.ts has it).
 */
function local(args: string[], onStdout?: (out: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Run> {
  const argv = args[0] === 'exec' && args.length > 1 ? ['exec', '--empty', ...args.slice(1)] : args;
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/local.ts', ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    onStdout?.(stdout, (s) => child.kill(s));
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })));
}

/** A node script CMD runs: `node probe.js <what> [exit status]`. */
let probe: string;
beforeAll(() => {
  probe = path.join(freshDir(), 'probe.js');
  fs.writeFileSync(
    probe,
    `
const [what, status] = process.argv.slice(2);
const url = process.env.LOCAL_CLOUD_URL;
const call = (fn, action, payload, openid) =>
  fetch(url + 'fn/' + fn, { method: 'POST', headers: { 'content-type': 'application/json', 'x-local-openid': openid }, body: JSON.stringify({ action, payload }) }).then((r) => r.json());
(async () => {
  if (what === 'identities') {
    const { identities } = await (await fetch(url + '__dev/identities')).json();
    console.log(JSON.stringify({ url, data: process.env.LOCAL_CLOUD_DATA, identities: identities.length }));
  } else if (what === 'submit') {
    const r = await call('cases', 'submit', { categoryId: 'repair', description: '楼道灯坏了，晚上看不见路', place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' } }, ${JSON.stringify(DEMO.li)});
    if (!r.ok) throw new Error(JSON.stringify(r));
    console.log(JSON.stringify({ id: r.data.id }));
  } else if (what === 'mine') {
    const r = await call('cases', 'listMine', {}, ${JSON.stringify(DEMO.li)});
    const clock = await (await fetch(url + '__dev/clock')).json();
    console.log(JSON.stringify({ ids: r.data.cases.map((c) => c.id), now: clock.now }));
  }
  process.exit(Number(status ?? 0));
})().catch((e) => { console.error(e); process.exit(99); });
`,
  );
});

const lastJson = <T>(out: string): T => JSON.parse(out.trim().split('\n').at(-1)!) as T;

describe('npm run local -- exec', () => {
  it.each([0, 3])('runs the command against a fresh local cloud and exits with its status (%i)', async (status) => {
    const run = await local(['exec', `node ${probe} identities ${status}`]);
    expect(run).toMatchObject({ status, signal: null });
    // stdout is the command's own; the runner's lines go to stderr.
    const seen = lastJson<{ url: string; data: string; identities: number }>(run.stdout);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(seen.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(seen.identities).toBe(22);
    expect(run.stderr).toContain(`data) ${seen.data}`);
    // The temporary data dir is gone.
    expect(seen.data).toMatch(/gk-local-/);
    expect(fs.existsSync(seen.data)).toBe(false);
  });

  it('passes a signal that ended the command on as 128 + its number', async () => {
    const run = await local(['exec', 'kill -TERM $$']);
    expect(run.status).toBe(143);
  });

  it('passes SIGTERM on to the command, then stops the cloud and cleans up', async () => {
    let sent = false;
    const run = await local(['exec', `node ${probe} identities 0; echo ready; sleep 30; echo not-reached`], (out, kill) => {
      if (!sent && out.includes('ready')) {
        sent = true;
        kill('SIGTERM');
      }
    });
    expect(sent).toBe(true);
    expect(run.stdout).not.toContain('not-reached');
    expect(run.status).toBe(143);
    const data = lastJson<{ data: string }>(run.stdout.replace(/\nready\n?$/, '')).data;
    expect(fs.existsSync(data)).toBe(false);
  });

  it('--export-on-exit saves the state when the command ends; --import starts the next run from it (--now wins)', async () => {
    const snap = path.join(freshDir(), 'after-submit');
    const first = await local(['exec', '--now', DUTY_HOUR, '--export-on-exit', snap, `node ${probe} submit`]);
    expect(first.status).toBe(0);
    const { id } = lastJson<{ id: string }>(first.stdout);
    expect(fs.existsSync(path.join(snap, 'snapshot.json'))).toBe(true);

    const second = await local(['exec', '--import', snap, '--now', '2026-12-01T09:00:00+08:00', `node ${probe} mine`]);
    expect(second.status).toBe(0);
    const seen = lastJson<{ ids: string[]; now: string }>(second.stdout);
    expect(seen.ids).toEqual([id]);
    expect(seen.now.slice(0, 10)).toBe('2026-12-01');
  });

  it('refuses a missing command or a broken snapshot (status 1), leaving no data dir behind', async () => {
    const leftovers = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('gk-local-'));
    const before = leftovers();
    const usage = await local(['exec']);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('usage: npm run local -- exec');
    const bad = freshDir();
    fs.writeFileSync(path.join(bad, 'snapshot.json'), '{"format":"golden-key-local-snapshot","version":1}');
    const broken = await local(['exec', '--import', bad, 'echo never']);
    expect(broken.status).toBe(1);
    expect(broken.stdout).not.toContain('never');
    expect(broken.stderr).toMatch(/platform\/state\.json is missing|storage\/manifest\.json is missing/);
    expect(leftovers().filter((f) => !before.includes(f))).toEqual([]);
  });
});
