/**
 * `npm start [-- --port N] [--data DIR] [--reset] [--now ISO] [--no-timers]`: the local cloud with demo data.
 * Builds whatever is missing first (cloud bundles, H5 pages), then prints the URL and the demo identities.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { DEMO_PEOPLE, describe } from '../cloudfunctions/local-cloud/demo-data';
import { startLocalCloud } from '../cloudfunctions/local-cloud/server';
import { CLOUD_OUT, ROOT, buildCloud, functionNames } from './build-cloud';

interface Args {
  port: number;
  data: string;
  reset: boolean;
  now?: number;
  /** Run the functions' timer triggers (off with --no-timers). */
  timers: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 8686, data: path.join(ROOT, '.data'), reset: false, timers: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') args.port = Number(value());
    else if (a === '--data') args.data = path.resolve(value());
    else if (a === '--reset') args.reset = true;
    else if (a === '--now') args.now = new Date(value()).getTime();
    else if (a === '--no-timers') args.timers = false;
    else throw new Error(`unknown option ${a} (options: --port N --data DIR --reset --now ISO-TIME --no-timers)`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0–65535');
  if (args.now !== undefined && Number.isNaN(args.now)) throw new Error('--now must be a date-time such as 2026-11-25T10:00:00+08:00');
  return args;
}

async function buildMissing(): Promise<void> {
  const cloudBuilt = functionNames().every((n) => fs.existsSync(path.join(CLOUD_OUT, n, 'index.js')));
  if (!cloudBuilt) {
    console.log('构建云函数 (building cloud functions)…');
    await buildCloud();
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'h5', 'index.html'))) {
    console.log('构建 H5 页面 (building H5 pages, ~30 s)…');
    // A production build whatever NODE_ENV this process has (jest sets "test", which leaves React Refresh calls in).
    const env = { ...process.env, NODE_ENV: 'production' as const };
    execFileSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], { cwd: ROOT, stdio: 'inherit', env });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.reset) fs.rmSync(args.data, { recursive: true, force: true });
  await buildMissing();
  const cloud = await startLocalCloud({
    port: args.port,
    dataDir: args.data,
    functionsDir: CLOUD_OUT,
    h5Dir: path.join(ROOT, 'dist', 'h5'),
    startAt: args.now,
    timers: args.timers,
  });
  console.log(`\n金钥匙 本地云 (local cloud) 已启动: ${cloud.url}`);
  console.log(`数据目录 (data): ${args.data}${cloud.seeded ? '（已写入演示数据 / demo data seeded）' : ''}`);
  console.log("演示身份 (demo identities; pick one in the page's 切换身份):");
  for (const p of DEMO_PEOPLE) {
    const d = describe(p);
    console.log(`  ${d.openid.padEnd(22)} ${d.name}（${d.note}）`);
  }
  console.log(`LOCAL_CLOUD_URL=${cloud.url}`);
  const stop = () => {
    cloud.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
