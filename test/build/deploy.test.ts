/**
 * `npm run deploy -- --dry-run`: builds, checks and prints what would be uploaded, offline, with no credentials.
 *
 * The dry run rebuilds dist/, so it runs in a throwaway copy of the sources (node_modules linked) rather than in the
 * repository: other jest projects read the repository's dist/ in parallel. Only the dry run is ever run here; the
 * real upload path needs credentials and the network.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cronProblems, functionConfigProblems, packageSizeProblems, packageSizes } from '../../scripts/lib/deploy-checks';
import { loadSettings, parseEnvFile, SETTINGS } from '../../scripts/lib/env';

const ROOT = path.resolve(__dirname, '../..');
const MB = 1024 * 1024;

describe('deploy checks (pure)', () => {
  it('accepts 7-field timer crons and names what is wrong with others', () => {
    expect(cronProblems('0 */5 * * * * *')).toEqual([]);
    expect(cronProblems('0 0 2 1 * * *')).toEqual([]);
    expect(cronProblems('0 30 8-17/2 * JAN-DEC MON-FRI 2026')).toEqual([]);
    expect(cronProblems('*/5 * * * *')[0]).toMatch(/5 fields.*need 7/);
    expect(cronProblems('0 60 * * * * *')[0]).toMatch(/minute "60" is outside 0-59/);
    expect(cronProblems('0 0 0 0 * * *')[0]).toMatch(/day-of-month "0" is outside 1-31/);
    expect(cronProblems('0 0 12 ? * * *')[0]).toMatch(/day-of-month field "\?" is not valid/);
    expect(cronProblems('0 0 9-5 * * * *')[0]).toMatch(/runs backwards/);
  });

  it('checks a function config.json: timeout, openapi permissions, one timer trigger', () => {
    const ok = functionConfigProblems('sweeper', {
      timeout: 60,
      triggers: [{ name: 'sla-sweep', type: 'timer', config: '0 */5 * * * * *' }],
      permissions: { openapi: ['subscribeMessage.send'] },
    });
    expect(ok.problems).toEqual([]);
    expect(ok.trigger).toEqual({ name: 'sla-sweep', type: 'timer', config: '0 */5 * * * * *' });
    const bad = functionConfigProblems('x', {
      timeout: 61,
      triggers: [
        { name: 'a', type: 'timer', config: '0 * * * * * *' },
        { name: 'b', type: 'cos', config: '' },
      ],
    });
    expect(bad.problems.join('\n')).toMatch(/timeout 61 s is over WeChat's 60 s maximum/);
    expect(bad.problems.join('\n')).toMatch(/permissions\.openapi/);
    expect(bad.problems.join('\n')).toMatch(/2 triggers; WeChat allows 1/);
    expect(bad.problems.join('\n')).toMatch(/type must be "timer"/);
    expect(functionConfigProblems('y', { permissions: { openapi: [] } }).problems.join('\n')).toMatch(/no "timeout"/);
  });

  it('applies the package limits: main and each subpackage 2 MB, 20 MB in all', () => {
    const sizes = packageSizes({ 'app.js': 1 * MB, '/pages/index/index.js': 0.5 * MB, 'pages-admin/index/index.js': 2.5 * MB }, [
      'pages-admin',
      'pages-member/',
    ]);
    expect(sizes).toEqual({ main: 1.5 * MB, 'pages-admin/': 2.5 * MB, 'pages-member/': 0 });
    expect(packageSizeProblems(sizes)).toEqual(["package pages-admin/ is 2560.0 KB, over WeChat's 2048.0 KB limit"]);
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`sub${i}/`, 2 * MB]));
    expect(packageSizeProblems({ main: 0, ...many })[0]).toMatch(/all packages together are 22528.0 KB, over the 20480.0 KB limit/);
  });

  it('reads .env as KEY=VALUE and lets the process environment win', () => {
    expect(parseEnvFile('# c\nexport A=1\nB = "two words"\nC=x # note\n\nbad line\nD=\'#kept\'\n')).toEqual({ A: '1', B: 'two words', C: 'x', D: '#kept' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-env-')), '.env');
    fs.writeFileSync(file, 'WEAPP_APPID=wx1111111111111111\nCLOUD_ENV_ID=from-file\nNOT_A_SETTING=1\n');
    const { settings, fromFile } = loadSettings(file, { CLOUD_ENV_ID: 'from-env', VERSION: '' });
    expect(fromFile).toBe(true);
    expect(settings).toEqual({ WEAPP_APPID: 'wx1111111111111111', CLOUD_ENV_ID: 'from-env' });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('.env.example documents every setting with a comment line', () => {
    const lines = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
    for (const name of Object.keys(SETTINGS)) {
      const i = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect({ name, found: i >= 0 }).toEqual({ name, found: true });
      expect({ name, comment: /^# \S/.test(lines[i - 1] ?? '') }).toEqual({ name, comment: true });
    }
  });
});

describe('npm run deploy -- --dry-run (in a copy of the sources)', () => {
  let work = '';
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env };
    // No credentials, no settings; NODE_ENV=test (from jest) must not reach the Taro build.
    for (const k of [...Object.keys(SETTINGS), 'TARO_APP_CLOUD_ENV', 'NODE_ENV']) delete e[k];
    return e;
  };
  const deploy = (...args: string[]) => {
    const res = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/deploy.ts', ...args], {
      cwd: work,
      env: env(),
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { status: res.status, out: `${res.stdout}\n${res.stderr}` };
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-deploy-'));
    for (const entry of [
      'package.json',
      'project.config.json',
      'tsconfig.json',
      'babel.config.js',
      'database-rules.json',
      'config',
      'src',
      'types',
      'cloudfunctions',
      'scripts',
    ]) {
      fs.cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  });
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('builds, passes every check offline without credentials, and prints what would be uploaded', () => {
    const { status, out } = deploy('--dry-run');
    console.log(
      out
        .split('\n')
        .filter((l) => /^(build:|WeChat compiler| {2}appid| {2}package| {2}total| {2}[a-z]+ +[\d.]+ KB|network:|OK:|FAIL| {2}- |dry run)/.test(l))
        .join('\n'),
    );
    expect(out).toContain('build: npm run build:cloud ok');
    expect(out).toContain('build: npm run build:weapp ok');
    expect(out).toMatch(/appid +wx0000000000000000 \(placeholder/);
    expect(out).toMatch(/package main +[\d.]+ KB +\(limit 2048\.0 KB\) ok/);
    expect(out).toMatch(/total +[\d.]+ KB +\(limit 20480\.0 KB\) ok/);
    const functions = fs
      .readdirSync(path.join(work, 'cloudfunctions', 'functions'))
      .filter((n) => fs.existsSync(path.join(work, 'cloudfunctions', 'functions', n, 'index.ts')));
    expect(functions.length).toBeGreaterThan(0);
    for (const name of functions) expect(out).toMatch(new RegExp(`\\n  ${name} +[\\d.]+ KB +timeout \\d+ s +openapi \\[`));
    expect(out).toMatch(/sweeper .*timer trigger "sla-sweep" cron "0 \*\/5 \* \* \* \* \*"/);
    expect(out).toMatch(/collections +users, cases, config/);
    expect(out).toContain('network: no outbound connection attempted');
    // The privacy guide: what is declared, and the privacy-scoped APIs the pages call.
    expect(out).toMatch(/Album +选中的照片或视频信息：/);
    // chooseMedia is in the shared photo picker (report and resolve forms): the common chunk, or a page's own file.
    expect(out).toMatch(/used by the build: .*choose(Media|Image) \([^)]*(common|pages\/report\/index)\.js/);
    expect(out).toMatch(/timeout \(a function created by miniprogram-ci gets 3 s until this is set\): /);
    expect(out).toContain('OK: all checks passed');
    expect(out).toContain('dry run: nothing uploaded');
    expect(status).toBe(0);
  }, 300_000);

  it('fails, naming every problem, when a deployed function folder is wrong', () => {
    const cloud = path.join(work, 'dist', 'cloud');
    expect(fs.existsSync(path.join(cloud, 'sweeper', 'config.json'))).toBe(true);
    fs.writeFileSync(
      path.join(cloud, 'sweeper', 'config.json'),
      JSON.stringify({
        timeout: 120,
        triggers: [{ name: 'sla-sweep', type: 'timer', config: '*/5 * * * *' }],
        permissions: { openapi: ['subscribeMessage.send'] },
      }),
    );
    fs.writeFileSync(path.join(cloud, 'session', 'config.json'), JSON.stringify({ timeout: 10 }));
    fs.writeFileSync(path.join(cloud, 'cases', 'index.ts'), '// left behind\n');
    const { status, out } = deploy('--dry-run', '--skip-build');
    console.log(
      out
        .split('\n')
        .filter((l) => /^(FAIL| {2}- |dry run)/.test(l))
        .join('\n'),
    );
    expect(status).toBe(1);
    expect(out).toContain('FAIL: 4 problem(s)');
    expect(out).toContain("sweeper/config.json: timeout 120 s is over WeChat's 60 s maximum");
    expect(out).toMatch(/sweeper\/config\.json: triggers\[0\]: cron "\*\/5 \* \* \* \*" has 5 fields; WeChat timer triggers need 7/);
    expect(out).toContain('session/config.json: "permissions.openapi" must list');
    expect(out).toContain('cases/: unexpected "index.ts"');
    expect(out).toContain('dry run: nothing uploaded');
    expect(out).not.toContain('OK: all checks passed');
  }, 300_000);

  it('fails when the pages call a privacy-scoped API the privacy guide does not declare', () => {
    const file = path.join(work, 'config', 'privacy.json');
    const kept = fs.readFileSync(file, 'utf8');
    const guide = JSON.parse(kept) as { declared: Array<{ key: string }> };
    fs.writeFileSync(file, JSON.stringify({ ...guide, declared: guide.declared.filter((d) => d.key !== 'Album' && d.key !== 'Clipboard') }));
    try {
      const { status, out } = deploy('--dry-run', '--skip-build');
      expect(status).toBe(1);
      expect(out).toMatch(/privacy guide: the build uses choose(Media|Image) \([^)]*(common|pages\/report\/index)\.js.*does not declare "Album"/);
      expect(out).toMatch(/privacy guide: the build uses setClipboardData \([^)]*pages-admin\/invites\/index\.js[^)]*\).*does not declare "Clipboard"/);
    } finally {
      fs.writeFileSync(file, kept);
    }
  }, 300_000);

  it('a release build refuses to run without CLOUD_ENV_ID, and so does a real deploy', () => {
    const release = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/build-release.ts'], { cwd: work, env: env(), encoding: 'utf8' });
    expect(release.status).toBe(2);
    expect(release.stderr).toContain('CLOUD_ENV_ID');
    const real = deploy();
    expect(real.status).toBe(2);
    expect(real.out).toMatch(/missing deploy settings: .*CLOUD_ENV_ID/);
  }, 60_000);
});
