/**
 * `npm start [-- --port N] [--data DIR] [--reset] [--now ISO] [--no-timers] [--import DIR] [--export-on-exit DIR] [--no-h5] [--empty]`:
 * the local cloud with demo data. Builds whatever is missing first (cloud bundles, H5 pages unless --no-h5), then
 * prints the URL and the demo identities. --import DIR replaces the data dir's state by a snapshot folder before
 * starting (so --reset adds nothing to it); --export-on-exit DIR writes one on Ctrl-C / SIGTERM before exiting.
 * A fresh data dir gets about 90 days of history made through the functions (history.ts); --empty leaves it out.
 */
import fs from 'fs';
import path from 'path';
import { DEMO_PEOPLE, describe } from '../cloudfunctions/local-cloud/demo-data';
import { startLocalCloud } from '../cloudfunctions/local-cloud/server';
import { ROOT } from './build-cloud';
import { buildMissing, cloudOptionsOf, describeHistory, exitOnSignal, parseLocalArgs } from './lib/local-cli';

async function main(): Promise<void> {
  const args = parseLocalArgs(process.argv.slice(2), {
    allowed: ['--port', '--data', '--reset', '--now', '--no-timers', '--import', '--export-on-exit', '--no-h5', '--empty', '--history'],
    defaults: { port: 8686, data: path.join(ROOT, '.data') },
  });
  if (args.reset && !args.importDir) fs.rmSync(args.data, { recursive: true, force: true });
  await buildMissing({ h5: args.h5 });
  const cloud = await startLocalCloud({
    ...cloudOptionsOf(args, { port: args.port, dataDir: args.data }),
    onHistory: () => console.log(`新的数据目录：正在用云函数模拟近${args.historyDays}天的社区历史（约半分钟；--empty 跳过）…`),
  });
  if (cloud.history) console.log(describeHistory(args.historyDays, cloud.history));
  console.log(`\n金钥匙 本地云 (local cloud) 已启动: ${cloud.url}`);
  console.log(`数据目录 (data): ${args.data}${cloud.seeded ? '（已写入演示数据 / demo data seeded）' : ''}`);
  if (args.importDir) console.log(`已导入快照 (snapshot imported): ${args.importDir}`);
  if (args.exportOnExit) console.log(`退出时导出快照 (export on exit): ${args.exportOnExit}`);
  console.log("演示身份 (demo identities; pick one in the page's 切换身份):");
  for (const p of DEMO_PEOPLE) {
    const d = describe(p);
    console.log(`  ${d.openid.padEnd(22)} ${d.name}（${d.note}）`);
  }
  console.log(`LOCAL_CLOUD_URL=${cloud.url}`);
  exitOnSignal(cloud, args.exportOnExit);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
