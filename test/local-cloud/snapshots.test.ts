/**
 * Snapshots of the local cloud (snapshot.ts): exported as plain JSON per collection (sorted by _id), the stored
 * files as files with a manifest, and the platform's state; imported into a fresh cloud they give back the same
 * cases, messages, credits, files and clock; a broken snapshot is refused and changes nothing; the HTTP endpoints
 * refuse requests a web page could forge and folders outside the allowed ones; `npm start --export-on-exit`
 * writes one on SIGINT and `--import` starts from it.
 * Each cloud is the start script in its own process (test/support/local-cloud.ts), as `npm start` runs it, with
 * --no-h5 (no H5 build needed); the bundles must be built (npm run build:cloud). Its snapshot endpoints may use the
 * system's temp folder, where every folder of this file lives.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CaseView } from '../../types/domain';
import { DEMO, DUTY_HOUR, ok, startCloud, type RunningCloud } from '../support/local-cloud';
import { tempDirs } from '../support/temp-dirs';

const ROOT = path.resolve(__dirname, '../..');
const TMPL = 'LOCAL_TMPL_CASE_RESOLVED';
const pipe = { categoryId: 'repair', description: '楼道水管漏水，地上全是水', place: { compoundId: 'hongqiao', building: '3幢', unit: '201' } };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0, 1, 2, 3, 254, 255, 10, 13])]);

const freshDir = tempDirs('snapshots-');
/** Every snapshot and data dir of this file lives under one temp folder. */
let base: string;
beforeAll(() => {
  base = freshDir();
});
const newDataDir = () => fs.mkdtempSync(path.join(base, 'data-'));

/** A cloud on a fresh data dir under `base` (timers off). */
function start(opts: { now?: string; importFrom?: string; dataDir?: string } = {}): Promise<RunningCloud> {
  return startCloud({
    now: opts.now,
    timers: false,
    dataDir: opts.dataDir ?? newDataDir(),
    args: ['--no-h5', ...(opts.importFrom ? ['--import', opts.importFrom] : [])],
  });
}

/** POST with a status. */
async function post<T = unknown>(cloud: RunningCloud, p: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${cloud.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

/** What people can see of the state: the cases, the messages, the credits, a stored file. */
async function observe(cloud: RunningCloud, photoPath: string) {
  const mine = ok(await cloud.call<{ cases: Array<{ id: string; status: string }> }>('cases', 'listMine', {}, DEMO.zhang)).cases;
  const views = [];
  for (const k of mine) views.push(ok(await cloud.call<CaseView>('cases', 'get', { caseId: k.id }, DEMO.zhang)));
  const file = await fetch(`${cloud.url}__storage/files/${photoPath}`);
  return {
    mine,
    views,
    centre: ok(await cloud.call<{ items: unknown[] }>('messages', 'list', {}, DEMO.zhang)).items,
    outbox: await cloud.get<{ messages: unknown[] }>('__wx/outbox'),
    credits: await cloud.get<{ credits: number }>(`__wx/credits?openid=${DEMO.zhang}&tmplId=${TMPL}`),
    file: { status: file.status, type: file.headers.get('content-type'), bytes: Buffer.from(await file.arrayBuffer()) },
  };
}

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('export, then import into a fresh cloud', () => {
  const snapshot = () => path.join(base, 'snap');
  const photoPath = `photos/${DEMO.zhang}/leak.png`;
  let seen: Awaited<ReturnType<typeof observe>>;
  let exported: { dir: string; manifest: { clockNow: string; counts: Record<string, unknown> } };

  it('exports the state of a running cloud through POST /__snapshot/export', async () => {
    const cloud = await start({ now: DUTY_HOUR });
    try {
      // 张阿姨 accepts the 办结 template twice (two credits), uploads a photo and reports; 王思瑛 claims and resolves:
      // one message sent, one credit left.
      await cloud.post('__wx/requestSubscribeMessage', { result: { [TMPL]: 'accept' } }, DEMO.zhang);
      await cloud.post('__wx/requestSubscribeMessage', { result: { [TMPL]: 'accept' } }, DEMO.zhang);
      const up = await fetch(`${cloud.url}__storage/upload?cloudPath=${photoPath}`, {
        method: 'POST',
        headers: { 'content-type': 'image/png', 'x-local-openid': DEMO.zhang },
        body: new Uint8Array(PNG),
      });
      expect(up.status).toBe(200);
      const filed = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, subscriptions: { [TMPL]: 'accept' } }, DEMO.zhang));
      ok(await cloud.call('cases', 'claim', { caseId: filed.id }, DEMO.wang));
      ok(await cloud.call('cases', 'resolve', { caseId: filed.id, note: '换了水管接头，不漏了' }, DEMO.wang));
      expect(await cloud.post('__wx/inject-send-error', { errCodes: [-501001] })).toEqual({ ok: true });
      seen = await observe(cloud, photoPath);
      expect(seen.outbox.messages).toHaveLength(1);
      expect(seen.credits).toEqual({ credits: 1 });

      const res = await post<typeof exported & { ok: boolean }>(cloud, '__snapshot/export', { dir: snapshot() });
      expect(res).toMatchObject({ status: 200, body: { ok: true, dir: snapshot() } });
      exported = res.body;
    } finally {
      await cloud.stop();
    }
  });

  it('writes plain JSON per collection, sorted by _id, with the storage and the platform state', () => {
    const dir = snapshot();
    const manifest = readJson(path.join(dir, 'snapshot.json')) as { format: string; version: number; counts: { db: Record<string, number> } };
    expect(manifest).toMatchObject({ format: 'golden-key-local-snapshot', version: 1, counts: { db: { cases: 1, users: 22, config: 1 }, storageFiles: 1 } });
    expect(exported.manifest).toEqual(manifest);
    for (const sub of ['db', 'platform']) {
      for (const file of fs.readdirSync(path.join(dir, sub)).filter((f) => f !== 'state.json')) {
        const text = fs.readFileSync(path.join(dir, sub, file), 'utf8');
        const docs = JSON.parse(text) as Array<{ _id: string }>;
        expect(Array.isArray(docs)).toBe(true);
        // Pretty-printed, and sorted (every id here is a string).
        expect(text).toBe(`${JSON.stringify(docs, null, 2)}\n`);
        const ids = docs.map((d) => d._id);
        expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        if (sub === 'db') expect(docs.length).toBe(manifest.counts.db[file.replace(/\.json$/, '')]);
      }
    }
    const [kase] = readJson(path.join(dir, 'db', 'cases.json')) as Array<Record<string, unknown>>;
    expect(Object.keys(kase)[0]).toBe('_id');
    // Dates are written as { $date } (the case's creation time on the local clock: 10:0x in Beijing).
    expect(kase.createdAt).toEqual({ $date: expect.stringMatching(/^2026-11-26T02:0\d:/) });
    expect(readJson(path.join(dir, 'platform', 'credits.json'))).toEqual([{ _id: `${DEMO.zhang}:${TMPL}`, openid: DEMO.zhang, tmplId: TMPL, credits: 1 }]);
    expect(readJson(path.join(dir, 'platform', 'outbox.json'))).toHaveLength(1);
    expect(readJson(path.join(dir, 'platform', 'state.json'))).toMatchObject({
      clock: { now: exported.manifest.clockNow },
      timers: { history: [] },
      injectedSendErrors: [-501001],
    });
    expect(fs.readFileSync(path.join(dir, 'storage', 'files', photoPath)).equals(PNG)).toBe(true);
    expect(readJson(path.join(dir, 'storage', 'manifest.json'))).toEqual({
      [photoPath]: {
        contentType: 'image/png',
        uploader: DEMO.zhang,
        size: PNG.length,
        uploadedAt: expect.any(String),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
  });

  it('a fresh cloud started from it has the same cases, messages, credits, files and clock', async () => {
    const cloud = await start({ importFrom: snapshot() });
    try {
      expect(cloud.output()).not.toContain('已写入演示数据');
      const now = await cloud.get<{ now: string }>('__dev/clock');
      // The clock resumes at the instant of the export (and runs on from there).
      expect(now.now.slice(0, 10)).toBe('2026-11-26');
      expect(Date.parse(now.now)).toBeGreaterThanOrEqual(Date.parse(exported.manifest.clockNow));
      const again = await observe(cloud, photoPath);
      expect(again).toEqual(seen);
      expect(again.file).toMatchObject({ status: 200, type: 'image/png' });
      expect(again.file.bytes.equals(PNG)).toBe(true);
      // The injected error came along: the next send fails with it (no message, the credit kept).
      const filed = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, subscriptions: { [TMPL]: 'accept' } }, DEMO.zhang));
      ok(await cloud.call('cases', 'claim', { caseId: filed.id }, DEMO.wang));
      ok(await cloud.call('cases', 'resolve', { caseId: filed.id, note: '好了' }, DEMO.wang));
      expect((await cloud.get<{ messages: unknown[] }>('__wx/outbox')).messages).toHaveLength(1);
      expect(await cloud.get(`__wx/credits?openid=${DEMO.zhang}&tmplId=${TMPL}`)).toEqual({ credits: 1 });

      // POST /__snapshot/import puts the running cloud back to the snapshot: the case filed since is gone.
      expect((await post(cloud, '__snapshot/import', { dir: snapshot() })).body).toMatchObject({ ok: true });
      expect(await observe(cloud, photoPath)).toEqual(seen);
      // … and it keeps working.
      ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li));
    } finally {
      await cloud.stop();
    }
  });

  it('imports and exports while requests come in: every request is answered, the end state is the snapshot', async () => {
    const cloud = await start({ importFrom: snapshot(), now: DUTY_HOUR });
    try {
      const listMine = () => cloud.call<{ cases: unknown[] }>('cases', 'listMine', {}, DEMO.zhang);
      const results = await Promise.all([
        post(cloud, '__snapshot/import', { dir: snapshot() }),
        ...Array.from({ length: 5 }, listMine),
        post(cloud, '__snapshot/import', { dir: snapshot() }),
        post(cloud, '__snapshot/export', { dir: path.join(base, 'snap-busy') }),
        ...Array.from({ length: 5 }, listMine),
        post(cloud, '__snapshot/import', { dir: snapshot() }),
      ]);
      expect(results.map((r) => ('status' in r ? r.status : r.ok))).toEqual([200, ...Array(5).fill(true), 200, 200, ...Array(5).fill(true), 200]);
      expect(await observe(cloud, photoPath)).toEqual(seen);
    } finally {
      await cloud.stop();
    }
  });

  it('a second export of the same state writes the same collections and manifest', async () => {
    const cloud = await start({ importFrom: snapshot() });
    try {
      const second = path.join(base, 'snap-again');
      expect((await post(cloud, '__snapshot/export', { dir: second })).status).toBe(200);
      const text = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
      for (const rel of [
        'db/cases.json',
        'db/users.json',
        'db/messages.json',
        'db/config.json',
        'platform/credits.json',
        'platform/outbox.json',
        'storage/manifest.json',
      ]) {
        expect(text(second, rel)).toBe(text(snapshot(), rel));
      }
    } finally {
      await cloud.stop();
    }
  });
});

describe('the timers in a snapshot', () => {
  it("keep their last runs and the end of their last poll; the clock resumes from the export's instant", async () => {
    const cloud = await startCloud({ now: DUTY_HOUR, dataDir: newDataDir(), args: ['--no-h5'] });
    const dir = path.join(base, 'timers');
    let history: unknown[];
    try {
      // 10:00 → 10:06 passes the sweeper's 10:05 fire time: one run.
      const moved = await cloud.post<{ triggered: Array<{ firedFor: string; ok: boolean }> }>('__dev/clock', { advanceMinutes: 6 });
      expect(moved.triggered).toMatchObject([{ firedFor: '2026-11-26T02:05:00Z', ok: true }]);
      history = (await cloud.get<{ history: unknown[] }>('__dev/timers')).history;
      expect((await post(cloud, '__snapshot/export', { dir })).status).toBe(200);
    } finally {
      await cloud.stop();
    }
    const state = readJson(path.join(dir, 'platform', 'state.json')) as { clock: { now: string }; timers: { lastChecked: string; history: unknown[] } };
    expect(state.timers.history).toEqual(history);
    // The poll of the clock move: 10:06 and a little.
    expect(state.timers.lastChecked.slice(0, 13)).toBe('2026-11-26T02');
    expect(Date.parse(state.timers.lastChecked)).toBeGreaterThanOrEqual(Date.parse('2026-11-26T02:06:00Z'));

    const again = await startCloud({ dataDir: newDataDir(), args: ['--no-h5', '--import', dir] });
    try {
      expect((await again.get<{ history: unknown[] }>('__dev/timers')).history).toEqual(history);
      const { now } = await again.get<{ now: string }>('__dev/clock');
      expect(now.slice(0, 13)).toBe('2026-11-26T02');
      expect(Date.parse(now)).toBeGreaterThanOrEqual(Date.parse(state.clock.now));
    } finally {
      await again.stop();
    }
  });
});

describe('a broken snapshot is refused and changes nothing', () => {
  let good: string;
  let cloud: RunningCloud;
  let filed: string;
  beforeAll(async () => {
    cloud = await start({ now: DUTY_HOUR });
    filed = ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li)).id;
    good = path.join(base, 'good');
    expect((await post(cloud, '__snapshot/export', { dir: good })).status).toBe(200);
  });
  afterAll(() => cloud.stop());

  const broken = (name: string, breakIt: (dir: string) => void): string => {
    const dir = path.join(base, `broken-${name.replace(/\W+/g, '-')}`);
    fs.cpSync(good, dir, { recursive: true });
    breakIt(dir);
    return dir;
  };
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['truncated collection', (d) => fs.writeFileSync(path.join(d, 'db', 'cases.json'), '[{"_id": "a"},'), /db\/cases\.json is not valid JSON/],
    ['missing collection', (d) => fs.rmSync(path.join(d, 'db', 'users.json')), /db\/users\.json is missing/],
    ['no manifest', (d) => fs.rmSync(path.join(d, 'snapshot.json')), /snapshot\.json is missing/],
    [
      'another format version',
      (d) => fs.writeFileSync(path.join(d, 'snapshot.json'), JSON.stringify({ ...(readJson(path.join(d, 'snapshot.json')) as object), version: 99 })),
      /format version 99/,
    ],
    ['a document without _id', (d) => fs.writeFileSync(path.join(d, 'db', 'cases.json'), '[{"status": "open"}]'), /db\/cases\.json\[0\] is not a document/],
    ['a bad date', (d) => fs.writeFileSync(path.join(d, 'db', 'cases.json'), '[{"_id": "x", "at": {"$date": "soon"}}]'), /db\/cases\.json\[0\]:.*not a date/],
    ['no platform state', (d) => fs.rmSync(path.join(d, 'platform', 'state.json')), /platform\/state\.json is missing/],
    [
      'a stored file changed',
      (d) => {
        const m = readJson(path.join(d, 'storage', 'manifest.json')) as Record<string, unknown>;
        m['photos/x/a.png'] = { contentType: 'image/png', uploader: 'x', size: 3, uploadedAt: '2026-11-26T02:00:00.000Z', sha256: '0'.repeat(64) };
        fs.mkdirSync(path.join(d, 'storage', 'files', 'photos', 'x'), { recursive: true });
        fs.writeFileSync(path.join(d, 'storage', 'files', 'photos', 'x', 'a.png'), 'abc');
        fs.writeFileSync(path.join(d, 'storage', 'manifest.json'), JSON.stringify(m));
      },
      /files\/photos\/x\/a\.png does not match its sha256/,
    ],
    [
      'a stored file missing',
      (d) => {
        const m = { 'photos/x/b.png': { contentType: 'image/png', uploader: 'x', uploadedAt: '2026-11-26T02:00:00.000Z' } };
        fs.writeFileSync(path.join(d, 'storage', 'manifest.json'), JSON.stringify(m));
      },
      /files\/photos\/x\/b\.png is missing/,
    ],
    // Passes every check of the folder; the database refuses it while loading (after earlier collections loaded).
    [
      'a field name the database refuses',
      (d) => fs.writeFileSync(path.join(d, 'db', 'users.json'), '[{"_id": "a", "$where": 1}]'),
      /db\/users\.json could not be stored/,
    ],
  ];

  it.each(cases)('by a running cloud (%s): a clear message, the data untouched', async (name, breakIt, message) => {
    const dir = broken(name, breakIt);
    const res = await post<{ ok: boolean; error: string }>(cloud, '__snapshot/import', { dir });
    expect(res.status).toBe(400);
    expect(res.body.ok).toBe(false);
    expect(res.body.error).toMatch(message);
    // Still the running cloud's own data, and still working.
    const mine = ok(await cloud.call<{ cases: Array<{ id: string }> }>('cases', 'listMine', {}, DEMO.li)).cases;
    expect(mine.map((k) => k.id)).toEqual([filed]);
    expect(ok(await cloud.call<{ name: string }>('session', 'me', {}, DEMO.li))).toMatchObject({ name: '李大伯' });
  });

  it('at the start: the cloud does not start, the data dir is left as it was', async () => {
    const dataDir = newDataDir();
    const first = await start({ dataDir, now: DUTY_HOUR });
    ok(await first.call<CaseView>('cases', 'submit', pipe, DEMO.li));
    await first.stop();
    const listing = (dir: string): string[] =>
      fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .map((e) => path.join(e.parentPath, e.name))
        .map((f) => `${path.relative(dir, f)}:${fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : 'dir'}`)
        .sort();
    const before = listing(dataDir);
    const dir = broken('at start', (d) => fs.writeFileSync(path.join(d, 'platform', 'credits.json'), '{'));
    await expect(start({ dataDir, importFrom: dir })).rejects.toThrow(/platform\/credits\.json is not valid JSON/);
    expect(listing(dataDir)).toEqual(before);
  });
});

describe('the /__snapshot endpoints', () => {
  let cloud: RunningCloud;
  beforeAll(async () => {
    cloud = await start();
  });
  afterAll(() => cloud.stop());

  const raw = async (p: string, body: string, headers: Record<string, string>) => {
    const res = await fetch(`${cloud.url}${p}`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string } };
  };
  const asJson = (dir: string, kind = 'export') => raw(`__snapshot/${kind}`, JSON.stringify({ dir }), { 'content-type': 'application/json' });

  it('refuse what another web page could send: no JSON content type, or another origin', async () => {
    const dir = path.join(base, 'forged');
    const body = JSON.stringify({ dir });
    expect(await raw('__snapshot/export', body, { 'content-type': 'text/plain' })).toMatchObject({ status: 403, body: { ok: false } });
    expect(await raw('__snapshot/import', body, { 'content-type': 'text/plain' })).toMatchObject({ status: 403 });
    expect(await raw('__snapshot/export', body, { 'content-type': 'application/json', origin: 'https://example.com' })).toMatchObject({
      status: 403,
      body: { error: 'origin https://example.com refused' },
    });
    expect(fs.existsSync(dir)).toBe(false);
    // The page's own origin is fine.
    expect((await raw('__snapshot/export', body, { 'content-type': 'application/json', origin: cloud.url.replace(/\/$/, '') })).status).toBe(200);
  });

  it('refuse folders outside the repo and the temp folder, the data dir, and folders that are not snapshots', async () => {
    const outside = path.join(os.homedir(), 'gk-snapshot-test-never');
    expect(await asJson(outside)).toMatchObject({ status: 400, body: { error: expect.stringContaining('outside the folders snapshots may use') } });
    expect(fs.existsSync(outside)).toBe(false);
    // Beside the repo may be inside the temp folder (a clone under /tmp): the filesystem's root is outside both.
    expect(await asJson(path.join(path.parse(ROOT).root, 'gk-snapshot-test-never'))).toMatchObject({ status: 400 });
    const link = path.join(base, 'link-out');
    fs.symlinkSync(os.homedir(), link);
    expect(await asJson(path.join(link, 'x'))).toMatchObject({ status: 400, body: { error: expect.stringContaining('outside') } });
    expect(await asJson(path.join(cloud.dataDir, 'inside'))).toMatchObject({ status: 400, body: { error: expect.stringContaining('overlaps the data dir') } });
    expect(await asJson(base)).toMatchObject({ status: 400, body: { error: expect.stringContaining('overlaps the data dir') } });
    const notSnapshot = path.join(base, 'keep-me');
    fs.mkdirSync(notSnapshot);
    fs.writeFileSync(path.join(notSnapshot, 'notes.txt'), 'mine');
    expect(await asJson(notSnapshot)).toMatchObject({ status: 400, body: { error: expect.stringContaining('neither empty nor a snapshot') } });
    expect(fs.readdirSync(notSnapshot)).toEqual(['notes.txt']);
    expect(await asJson(path.join(base, 'nothing-here'), 'import')).toMatchObject({ status: 400, body: { error: expect.stringContaining('no such folder') } });
    expect(await asJson('', 'import')).toMatchObject({ status: 400 });
  });

  it('export over an older snapshot replaces it whole', async () => {
    const dir = path.join(base, 'replaced');
    fs.mkdirSync(path.join(dir, 'db'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'snapshot.json'), '{}');
    fs.writeFileSync(path.join(dir, 'db', 'stale.json'), '[]');
    expect((await asJson(dir)).status).toBe(200);
    expect(fs.existsSync(path.join(dir, 'db', 'stale.json'))).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['db', 'platform', 'snapshot.json', 'storage']);
    expect(fs.readdirSync(base).filter((f) => f.startsWith('.replaced') || f.includes('.export-'))).toEqual([]);
  });
});

describe('npm start --export-on-exit / --import', () => {
  /** The start script as `npm start` runs it (tsx); resolves with its URL once it listens. */
  function startScript(args: string[]) {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts', '--port', '0', '--no-timers', '--no-h5', '--empty', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /LOCAL_CLOUD_URL=(\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`start script exited with ${code}:\n${out}`)));
    });
    return { child, url, exited, output: () => out };
  }

  it('writes the snapshot on SIGINT, and --import starts from it', async () => {
    const target = path.join(base, 'on-exit');
    const first = startScript(['--data', fs.mkdtempSync(path.join(base, 'data-')), '--now', DUTY_HOUR, '--export-on-exit', target]);
    const url = await first.url;
    const res = await fetch(`${url}fn/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-openid': DEMO.zhang },
      body: JSON.stringify({ action: 'submit', payload: pipe }),
    });
    const filed = ((await res.json()) as { data: { id: string } }).data;
    expect(fs.existsSync(target)).toBe(false);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('snapshot exported');
    expect((readJson(path.join(target, 'db', 'cases.json')) as Array<{ _id: string }>).map((k) => k._id)).toEqual([filed.id]);

    const second = startScript(['--data', fs.mkdtempSync(path.join(base, 'data-')), '--import', target]);
    try {
      const url2 = await second.url;
      const got = await fetch(`${url2}fn/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-openid': DEMO.zhang },
        body: JSON.stringify({ action: 'listMine', payload: {} }),
      });
      expect(((await got.json()) as { data: { cases: Array<{ id: string }> } }).data.cases.map((k) => k.id)).toEqual([filed.id]);
      expect(((await (await fetch(`${url2}__dev/clock`)).json()) as { now: string }).now.slice(0, 10)).toBe('2026-11-26');
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });

  it('refuses an --export-on-exit folder that holds something else, before starting', async () => {
    const keep = path.join(base, 'keep-this');
    fs.mkdirSync(keep);
    fs.writeFileSync(path.join(keep, 'a.txt'), 'x');
    const run = startScript(['--data', fs.mkdtempSync(path.join(base, 'data-')), '--export-on-exit', keep]);
    await expect(run.url).rejects.toThrow(/neither empty nor a snapshot/);
    expect(await run.exited).toBe(1);
  });
});
