/**
 * Compile the weapp build offline with WeChat's own compiler (miniprogram-ci getCompiledResult) and report sizes.
 * Exits non-zero when the compiler rejects the package or a package exceeds WeChat's 2 MB limit.
 */
import fs from 'fs';
import path from 'path';
import { allPages, compileWeappOffline, readAppJson } from './lib/weapp-compile';

const ROOT = path.resolve(__dirname, '..');
const MAX_PACKAGE = 2 * 1024 * 1024;

async function main(): Promise<void> {
  const projectConfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as { miniprogramRoot: string };
  const weappDir = path.join(ROOT, projectConfig.miniprogramRoot);
  if (!fs.existsSync(path.join(weappDir, 'app.json'))) throw new Error(`${weappDir}/app.json missing: run npm run build:weapp`);
  const appJson = readAppJson(weappDir);

  const { files, seconds } = await compileWeappOffline(weappDir, process.env.WEAPP_APPID || undefined);
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/?$/, '/'));
  const packages: Record<string, number> = { main: 0 };
  for (const r of roots) packages[r] = 0;
  for (const [name, size] of Object.entries(files)) {
    const rel = name.replace(/^\/+/, '');
    packages[roots.find((r) => rel.startsWith(r)) ?? 'main'] += size;
  }
  const total = Object.values(packages).reduce((a, b) => a + b, 0);
  const largest = Object.entries(files)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  const names = Object.keys(files).map((f) => f.replace(/^\/+/, ''));
  const missing = allPages(appJson).filter((p) => !names.some((f) => f.startsWith(p)));

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`WeChat compiler (miniprogram-ci getCompiledResult): ${names.length} files, ${kb(total)} in ${seconds.toFixed(1)} s`);
  for (const [p, n] of Object.entries(packages)) console.log(`  package ${p}: ${kb(n)}`);
  console.log('  largest files:');
  for (const [n, s] of largest) console.log(`    ${n}  ${kb(s)}`);
  const problems: string[] = [];
  for (const [p, n] of Object.entries(packages)) if (n > MAX_PACKAGE) problems.push(`package ${p} is ${kb(n)}, over WeChat's 2 MB limit`);
  if (missing.length > 0) problems.push(`pages missing from the compiled output: ${missing.join(', ')}`);
  fs.writeFileSync(
    path.join(ROOT, 'dist', 'weapp-compile-report.json'),
    JSON.stringify({ files: names.length, total, packages, largest, seconds: seconds.toFixed(1) }, null, 2),
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
