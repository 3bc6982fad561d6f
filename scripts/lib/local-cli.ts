/**
 * What `npm start` (scripts/start.ts) and `npm run local` (scripts/local.ts) share: the command-line options
 * (each script takes the subset it supports), building what is missing, and exporting on a signal.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { HistorySummary } from '../../cloudfunctions/local-cloud/history';
import type { LocalCloud, LocalCloudOptions } from '../../cloudfunctions/local-cloud/server';
import { exportTargetProblem, type SnapshotManifest } from '../../cloudfunctions/local-cloud/snapshot';
import { CLOUD_OUT, ROOT, buildCloud, functionNames } from '../build-cloud';

export interface LocalArgs {
  port: number;
  data: string;
  reset: boolean;
  /** --now: the local clock's start (ms since epoch). */
  now?: number;
  /** Run the functions' timer triggers (off with --no-timers). */
  timers: boolean;
  /** --import DIR: start from this snapshot folder. */
  importDir?: string;
  /** --export-on-exit DIR: write a snapshot here on SIGINT / SIGTERM (and, for exec, when the command ends). */
  exportOnExit?: string;
  /** Require the H5 build (building it when missing); off with --no-h5 (the pages then answer 503). */
  h5: boolean;
  /** --empty: a fresh data dir gets only the people and the configuration, not the 90 days of history. */
  empty: boolean;
  /** --history N: days of history a fresh data dir gets (HISTORY_DAYS unless given). */
  historyDays: number;
  /** Words that are not options, in order (a subcommand and its command). */
  positional: string[];
}

export type LocalOption = '--port' | '--data' | '--reset' | '--now' | '--no-timers' | '--import' | '--export-on-exit' | '--no-h5' | '--empty' | '--history';

const USAGE: Record<LocalOption, string> = {
  '--port': '--port N',
  '--data': '--data DIR',
  '--reset': '--reset',
  '--now': '--now ISO-TIME',
  '--no-timers': '--no-timers',
  '--import': '--import DIR',
  '--export-on-exit': '--export-on-exit DIR',
  '--no-h5': '--no-h5',
  '--empty': '--empty',
  '--history': '--history DAYS',
};

/**
 * Parses `argv` allowing only `allowed`; throws an Error with a one-line message for anything else. Relative
 * folders are resolved against the current directory. Words not starting with `--` are kept in `positional`
 * (refused unless `positional` is allowed).
 */
export function parseLocalArgs(argv: string[], opts: { allowed: LocalOption[]; defaults: Pick<LocalArgs, 'port' | 'data'>; positional?: boolean }): LocalArgs {
  const args: LocalArgs = { ...opts.defaults, reset: false, timers: true, h5: true, empty: false, historyDays: HISTORY_DAYS, positional: [] };
  const options = `options: ${opts.allowed.map((o) => USAGE[o]).join(' ')}`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      if (!opts.positional) throw new Error(`unexpected argument ${a} (${options})`);
      args.positional.push(a);
      continue;
    }
    if (!(opts.allowed as string[]).includes(a)) throw new Error(`unknown option ${a} (${options})`);
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') args.port = Number(value());
    else if (a === '--data') args.data = path.resolve(value());
    else if (a === '--reset') args.reset = true;
    else if (a === '--now') args.now = new Date(value()).getTime();
    else if (a === '--no-timers') args.timers = false;
    else if (a === '--import') args.importDir = path.resolve(value());
    else if (a === '--export-on-exit') args.exportOnExit = path.resolve(value());
    else if (a === '--no-h5') args.h5 = false;
    else if (a === '--empty') args.empty = true;
    else if (a === '--history') args.historyDays = Number(value());
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0–65535');
  if (!Number.isInteger(args.historyDays) || args.historyDays < 1 || args.historyDays > 366) throw new Error('--history must be 1–366 days');
  if (args.now !== undefined && Number.isNaN(args.now)) throw new Error('--now must be a date-time such as 2026-11-25T10:00:00+08:00');
  if (args.exportOnExit) {
    // Refused now rather than when the cloud stops (the state would be lost).
    const problem = exportTargetProblem(args.exportOnExit);
    if (problem) throw new Error(`--export-on-exit: ${problem}`);
    if (overlaps(args.exportOnExit, args.data)) throw new Error(`--export-on-exit ${args.exportOnExit} overlaps the data dir ${args.data}`);
  }
  if (args.importDir && overlaps(args.importDir, args.data)) throw new Error(`--import ${args.importDir} overlaps the data dir ${args.data}`);
  return args;
}

function overlaps(a: string, b: string): boolean {
  const inside = (x: string, y: string) => x === y || x.startsWith(y + path.sep);
  return inside(path.resolve(a), path.resolve(b)) || inside(path.resolve(b), path.resolve(a));
}

/**
 * Where POST /__snapshot/export and /__snapshot/import may name folders: the repo (relative folders are taken
 * from it), the system's temp folder, and the folders given on the command line.
 */
export function snapshotRoots(root: string, args: Pick<LocalArgs, 'importDir' | 'exportOnExit'>): string[] {
  return [root, os.tmpdir(), ...[args.importDir, args.exportOnExit].filter((d): d is string => d !== undefined)];
}

export async function buildMissing(opts: { h5: boolean }): Promise<void> {
  const cloudBuilt = functionNames().every((n) => fs.existsSync(path.join(CLOUD_OUT, n, 'index.js')));
  if (!cloudBuilt) {
    console.log('构建云函数 (building cloud functions)…');
    await buildCloud();
  }
  if (opts.h5 && !fs.existsSync(path.join(ROOT, 'dist', 'h5', 'index.html'))) {
    console.log('构建 H5 页面 (building H5 pages, ~30 s)…');
    // A production build whatever NODE_ENV this process has (jest sets "test", which leaves React Refresh calls in).
    const env = { ...process.env, NODE_ENV: 'production' as const };
    execFileSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], { cwd: ROOT, stdio: 'inherit', env });
  }
}

/** The local cloud's options from the command line's (both scripts), on `port` with data in `dataDir`. */
export function cloudOptionsOf(args: LocalArgs, where: { port: number; dataDir: string }): LocalCloudOptions {
  return {
    port: where.port,
    dataDir: where.dataDir,
    functionsDir: CLOUD_OUT,
    h5Dir: path.join(ROOT, 'dist', 'h5'),
    startAt: args.now,
    timers: args.timers,
    importFrom: args.importDir,
    snapshotRoots: snapshotRoots(ROOT, args),
    history: args.empty ? undefined : { days: args.historyDays },
  };
}

/** Days of history a fresh data dir gets (history.ts), unless --empty. */
export const HISTORY_DAYS = 90;

/** Two lines saying what the history replay made: in words, and as JSON (for tests and scripts). */
export function describeHistory(days: number, h: HistorySummary & { ms: number }): string {
  const { tickMs, callMs, ms, ...counts } = h;
  return [
    `近${days}天的演示历史 (history, made through the functions): ${h.reported} 件事项, ${h.joined} 次邻居一起等结果, ${h.calls} 次云函数调用 (${h.refused} 次被拒绝), 定时器 ${h.ticks} 次; 用时 ${(ms / 1000).toFixed(1)} s (函数 ${(callMs / 1000).toFixed(1)} s, 定时器 ${(tickMs / 1000).toFixed(1)} s)`,
    `HISTORY_SUMMARY=${JSON.stringify(counts)}`,
  ].join('\n');
}

/** One line saying what a snapshot holds. */
export function describeSnapshot(dir: string, m: SnapshotManifest): string {
  const docs = Object.values(m.counts.db).reduce((a, b) => a + b, 0);
  return `${dir}（${docs} 条数据 / documents, ${m.counts.platform.outbox ?? 0} 条订阅消息 / messages, ${m.counts.storageFiles} 个文件 / files; 时钟 / clock ${m.clockNow}）`;
}

/**
 * Export (when asked) and close on the first SIGINT / SIGTERM; a second one exits at once.
 * NOTE: a Ctrl-C in a terminal reaches every process of `npm start` and npm and tsx may pass it on too, so one key
 * press can arrive more than once within milliseconds: repeats in the first 500 ms count as the same signal.
 */
export function exitOnSignal(cloud: LocalCloud, exportOnExit: string | undefined): void {
  let stoppingSince: number | null = null;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      if (performance.now() - stoppingSince < 500) return;
      console.error(`\n${signal} again: exiting without waiting${exportOnExit ? ' (no snapshot written)' : ''}`);
      process.exit(1);
    }
    stoppingSince = performance.now();
    void (async () => {
      let code = 0;
      if (exportOnExit) {
        try {
          console.log(`\n快照已导出 (snapshot exported): ${describeSnapshot(exportOnExit, await cloud.exportSnapshot(exportOnExit))}`);
        } catch (err) {
          console.error(`\n快照导出失败 (snapshot export failed): ${err instanceof Error ? err.message : String(err)}`);
          code = 1;
        }
      }
      await cloud.close().catch(() => undefined);
      process.exit(code);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
