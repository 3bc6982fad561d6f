/**
 * Compile the weapp build offline with WeChat's own compiler (miniprogram-ci getCompiledResult) and report sizes.
 * Exits non-zero when the compiler rejects the package or a package exceeds WeChat's 2 MB limit.
 * A throwaway RSA key is generated for the run (the compiler wants one; nothing is uploaded, nothing committed).
 */
import { generateKeyPairSync } from 'crypto';
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');
const MAX_PACKAGE = 2 * 1024 * 1024;

interface ProjectConfig {
  miniprogramRoot: string;
  appid: string;
}

/**
 * NOTE: nothing may leave this machine. miniprogram-ci asks servicewechat.com for an extension whitelist (and
 * falls back to its built-in list when that fails): answer every such request with an offline error before any
 * DNS lookup happens.
 */
function blockWeChatServers(): void {
  const requestModule = createRequire(__filename)('miniprogram-ci/dist/utils/request') as Record<string, unknown>;
  const offline = async (opts: { url?: string }) => {
    throw new Error(`offline check: not contacting ${opts?.url ?? 'a WeChat server'}`);
  };
  requestModule.request = offline;
  requestModule.simpleRequest = offline;
}

async function main(): Promise<void> {
  const projectConfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as ProjectConfig;
  const weappDir = path.join(ROOT, projectConfig.miniprogramRoot);
  if (!fs.existsSync(path.join(weappDir, 'app.json'))) throw new Error(`${weappDir}/app.json missing: run npm run build:weapp`);
  const appJson = JSON.parse(fs.readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as {
    pages: string[];
    subPackages?: Array<{ root: string; pages: string[] }>;
  };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-weapp-check-'));
  const keyPath = path.join(tmp, 'private.key');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));

  blockWeChatServers();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as {
    Project: new (o: Record<string, unknown>) => unknown;
    DefaultProjectAttr: unknown;
    getCompiledResult(o: Record<string, unknown>, savePath?: string): Promise<Record<string, string | Buffer>>;
  };
  const project = new ci.Project({
    appid: process.env.WEAPP_APPID || 'wx0000000000000000',
    type: 'miniProgram',
    projectPath: weappDir,
    privateKeyPath: keyPath,
    ignores: ['node_modules/**/*'],
    // Without attr the compiler first asks a WeChat server for the project's attributes.
    attr: async () => ci.DefaultProjectAttr,
  });
  const started = Date.now();
  const files = await ci.getCompiledResult({
    project,
    desc: 'offline compile check',
    setting: { es6: true, minify: true, autoPrefixWXSS: true },
    onProgressUpdate: () => undefined,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  fs.rmSync(tmp, { recursive: true, force: true });

  const sizeOf = (v: string | Buffer) => (typeof v === 'string' ? Buffer.byteLength(v) : v.length);
  const roots = (appJson.subPackages ?? []).map((s) => s.root.replace(/\/?$/, '/'));
  const packages: Record<string, number> = { main: 0 };
  for (const r of roots) packages[r] = 0;
  for (const [name, content] of Object.entries(files)) {
    const rel = name.replace(/^\/+/, '');
    const root = roots.find((r) => rel.startsWith(r));
    packages[root ?? 'main'] += sizeOf(content);
  }
  const total = Object.values(packages).reduce((a, b) => a + b, 0);
  const largest = Object.entries(files)
    .map(([n, c]) => [n, sizeOf(c)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  const missing = appJson.pages.filter((p) => !Object.keys(files).some((f) => f.replace(/^\/+/, '').startsWith(p)));

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`WeChat compiler (miniprogram-ci getCompiledResult): ${Object.keys(files).length} files, ${kb(total)} in ${seconds} s`);
  for (const [p, n] of Object.entries(packages)) console.log(`  package ${p}: ${kb(n)}`);
  console.log('  largest files:');
  for (const [n, s] of largest) console.log(`    ${n}  ${kb(s)}`);
  const problems: string[] = [];
  for (const [p, n] of Object.entries(packages)) if (n > MAX_PACKAGE) problems.push(`package ${p} is ${kb(n)}, over WeChat's 2 MB limit`);
  if (missing.length > 0) problems.push(`pages missing from the compiled output: ${missing.join(', ')}`);
  fs.writeFileSync(
    path.join(ROOT, 'dist', 'weapp-compile-report.json'),
    JSON.stringify({ files: Object.keys(files).length, total, packages, largest, seconds }, null, 2),
  );
  if (problems.length > 0) {
    for (const p of problems) console.error(`FAIL: ${p}`);
    process.exit(1);
  }
  console.log('OK: WeChat compiler accepted the weapp build');
  // A forked compiler child keeps the process alive otherwise.
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error('FAIL: WeChat compiler rejected the build:', err instanceof Error ? err.message : err);
  process.exit(1);
});
