/**
 * `npm run local -- exec [--import DIR] [--export-on-exit DIR] [--now ISO] [--no-timers] 'CMD'` (like the Firebase
 * emulators' `emulators:exec`): starts a local cloud on a free port with fresh demo data in a temporary data dir
 * (or the state of a snapshot folder), runs CMD through the shell with LOCAL_CLOUD_URL (and LOCAL_CLOUD_DATA, the
 * data dir) set, then stops the cloud, deletes the temporary data dir and exits with CMD's exit status (128 + the
 * signal's number when a signal ended it). --export-on-exit writes a snapshot when CMD has ended, before the stop.
 * CMD's output is its own: this script's and the cloud's lines go to stderr. The cloud bundles are built when
 * missing; the H5 pages are served when dist/h5 exists (run `npm run build:h5` for browser tests), never built here.
 * SIGINT / SIGTERM are passed on to CMD's process group; the cloud stops once CMD has exited. CMD runs in its own
 * process group with no terminal input (stdin is /dev/null): made for scripts and tests, not interactive tools.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startLocalCloud, type LocalCloud } from '../cloudfunctions/local-cloud/server';

import { buildMissing, cloudOptionsOf, describeHistory, describeSnapshot, parseLocalArgs } from './lib/local-cli';

const USAGE = "usage: npm run local -- exec [--import DIR] [--export-on-exit DIR] [--now ISO-TIME] [--no-timers] [--empty] 'CMD'";

async function main(): Promise<number> {
  // Keep stdout for CMD: the cloud's own lines ([timer], [push], …) go to stderr.
  console.log = console.error;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-local-'));
  let cloud: LocalCloud | undefined;
  // A signal before CMD runs stops the start (and still cleans up); once CMD runs, it is passed on to CMD.
  let interrupted: NodeJS.Signals | null = null;
  let relay = (signal: NodeJS.Signals): void => {
    interrupted = signal;
  };
  process.on('SIGINT', (s) => relay(s));
  process.on('SIGTERM', (s) => relay(s));
  try {
    const args = parseLocalArgs(process.argv.slice(2), {
      allowed: ['--import', '--export-on-exit', '--now', '--no-timers', '--empty', '--history'],
      defaults: { port: 0, data },
      positional: true,
    });
    const [sub, command, ...extra] = args.positional;
    if (sub !== 'exec' || command === undefined) throw new Error(USAGE);
    if (extra.length > 0)
      throw new Error(`exec takes one command: quote it, e.g. exec 'npx jest test/x' (got ${args.positional.slice(1).join(' ')})\n${USAGE}`);
    await buildMissing({ h5: false });
    cloud = await startLocalCloud(cloudOptionsOf(args, { port: 0, dataDir: data }));
    if (cloud.history) console.error(`[local] ${describeHistory(args.historyDays, cloud.history)}`);
    console.error(`[local] 本地云 (local cloud) ${cloud.url} · 数据目录 (data) ${data}${args.importDir ? ` · 快照 (snapshot) ${args.importDir}` : ''}`);
    if (interrupted) return 128 + os.constants.signals[interrupted];
    console.error(`[local] $ ${command}`);
    // Its own process group, so a signal reaches the command's whole tree (the shell and what it runs) once — from
    // here, not also from the terminal. NOTE: the command therefore does not read the terminal (not for `--watch`).
    const child = spawn(command, {
      shell: true,
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, LOCAL_CLOUD_URL: cloud.url, LOCAL_CLOUD_DATA: data },
    });
    // One Ctrl-C may reach this process more than once within milliseconds (from the terminal, npm and tsx).
    const lastSent = new Map<NodeJS.Signals, number>();
    relay = (signal) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      if (performance.now() - (lastSent.get(signal) ?? -Infinity) < 500) return;
      lastSent.set(signal, performance.now());
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group has gone already
      }
    };
    let status = await new Promise<number>((resolve) => {
      child.on('error', (err) => {
        console.error(`[local] could not run the command: ${err.message}`);
        resolve(127);
      });
      child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
    });
    console.error(`[local] 命令结束 (command exited): ${status}`);
    if (args.exportOnExit) {
      try {
        console.error(`[local] 快照已导出 (snapshot exported): ${describeSnapshot(args.exportOnExit, await cloud.exportSnapshot(args.exportOnExit))}`);
      } catch (err) {
        console.error(`[local] 快照导出失败 (snapshot export failed): ${err instanceof Error ? err.message : String(err)}`);
        if (status === 0) status = 1;
      }
    }
    return status;
  } finally {
    await cloud?.close().catch((err: unknown) => console.error(`[local] stopping the cloud: ${String(err)}`));
    fs.rmSync(data, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
