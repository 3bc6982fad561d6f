/**
 * Starts the real local cloud (`npm start`'s script) as a child process on a free port with a fresh data folder,
 * and talks to it over HTTP exactly as the H5 client does.
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { ApiResult } from '../../types/result';

const ROOT = path.resolve(__dirname, '../..');

export interface RunningCloud {
  url: string;
  dataDir: string;
  /** The process's full output so far. */
  output(): string;
  /** Call a cloud function as `openid` (empty string = no identity). */
  call<T = unknown>(fn: string, action: string, payload: unknown, openid: string): Promise<ApiResult<T>>;
  /** Raw POST /fn/<name> with any body; returns status and parsed JSON. */
  raw(fn: string, body: unknown, openid: string): Promise<{ status: number; body: unknown }>;
  get<T = unknown>(pathAndQuery: string): Promise<T>;
  post<T = unknown>(pathAndQuery: string, body: unknown, openid?: string): Promise<T>;
  stop(): Promise<void>;
  /** SIGKILL the whole process group at once, as a machine or WeChat's timeout kills a function: no cleanup runs. */
  kill(): Promise<void>;
}

export interface CloudOptions {
  now?: string;
  dataDir?: string;
  reset?: boolean;
  timers?: boolean;
  /** More options for the start script (e.g. ['--import', dir, '--no-h5']). */
  args?: string[];
  /** Replay the 90 days of history a fresh `npm start` gets (off: tests start from the demo's people and configuration). */
  history?: boolean;
}

/** Start a local cloud; `now` fixes its clock (e.g. a duty hour), `dataDir` reuses a data folder. */
export async function startCloud(opts: CloudOptions = {}): Promise<RunningCloud> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gk-cloud-'));
  const args = [require.resolve('tsx/cli'), 'scripts/start.ts', '--port', '0', '--data', dataDir];
  if (opts.now) args.push('--now', opts.now);
  if (opts.reset) args.push('--reset');
  if (opts.timers === false) args.push('--no-timers');
  if (!opts.history) args.push('--empty');
  if (opts.args) args.push(...opts.args);
  // NOTE: its own process group, so kill() reaches tsx's child process too.
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start in 120 s:\n${out}`)), 120_000);
    const check = () => {
      const m = /LOCAL_CLOUD_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code}:\n${out}`));
    });
  });
  const raw = async (fn: string, body: unknown, openid: string) => {
    const res = await fetch(`${url}fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-openid': openid },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  return {
    url,
    dataDir,
    output: () => out,
    raw,
    async call<T>(fn: string, action: string, payload: unknown, openid: string) {
      const { body } = await raw(fn, { action, payload }, openid);
      return body as ApiResult<T>;
    },
    async get<T>(p: string) {
      return (await (await fetch(`${url}${p.replace(/^\//, '')}`)).json()) as T;
    },
    async post<T>(p: string, body: unknown, openid = '') {
      const res = await fetch(`${url}${p.replace(/^\//, '')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-openid': openid },
        body: JSON.stringify(body),
      });
      return (await res.json()) as T;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        process.kill(-child.pid!, 'SIGKILL');
      }),
  };
}

/** One local cloud for the calling test file: started before its tests, stopped after them; `restart` keeps its data. */
export function cloudForFile(opts: CloudOptions = {}): RunningCloud & { restart(): Promise<void> } {
  let current: RunningCloud | undefined;
  const started = (): RunningCloud => {
    if (!current) throw new Error('the local cloud is started in beforeAll');
    return current;
  };
  // Longer than startCloud's own 120 s wait, so a slow start fails with the cloud's log, not a bare hook timeout.
  beforeAll(async () => {
    current = await startCloud(opts);
  }, 150_000);
  afterAll(async () => {
    await current?.stop();
  });
  const restart = async () => {
    const { dataDir } = started();
    await started().stop();
    current = await startCloud({ ...opts, dataDir });
  };
  return new Proxy({} as RunningCloud & { restart(): Promise<void> }, {
    get: (_target, key) => (key === 'restart' ? restart : Reflect.get(started(), key)),
  });
}

/** Demo identities seeded by the local cloud. */
export const DEMO = {
  zhang: 'demo-resident-zhang',
  li: 'demo-resident-li',
  // Group 2 (on duty on 2026-11-26): 王思瑛 … 朱永康 are members 05–08.
  wang: 'demo-member-05',
  lu: 'demo-member-06',
  /** 朱永康, group 2, on leave on 2026-11-27. */
  zhu: 'demo-member-08',
  /** 顾秀兰, group 3 (on duty on 2026-11-27). */
  gu: 'demo-member-09',
  admin: 'demo-admin',
  g2: ['demo-member-05', 'demo-member-06', 'demo-member-07', 'demo-member-08'],
  cheng: 'demo-member-01',
  office: 'demo-office-wu',
};

/** Thursday 26 November 2026, 10:00 Beijing time: group 2 is on duty. */
export const DUTY_HOUR = '2026-11-26T10:00:00+08:00';

/** The data of a successful ApiResult; a refusal fails the test with what came back. */
export const ok = <T>(r: { ok: boolean; data?: T; error?: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data as T;
};

/** 'OK' or the error code of an ApiResult. */
export const codeOf = (r: { ok: boolean; error?: { code: string } }): string => (r.ok ? 'OK' : r.error!.code);
