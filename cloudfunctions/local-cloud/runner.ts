/**
 * Runs the bundled cloud functions from the cloudfunctionRoot folder unchanged: each index.js is loaded as a
 * CommonJS module whose `require('wx-server-sdk')` returns the local SDK; everything else resolves as usual.
 */
import fs from 'fs';
import Module from 'module';
import path from 'path';
import vm from 'vm';
import type { Invocation, LocalSdk } from './sdk';
import { invocations } from './sdk';

interface FunctionConfig {
  /** Seconds before the platform gives up on an invocation (WeChat default 3). */
  timeout?: number;
  permissions?: { openapi?: string[] };
}

interface LoadedFunction {
  main: (event: unknown, context: unknown) => Promise<unknown>;
  config: FunctionConfig;
}

/** A platform-level failure of callFunction (not an application error, which functions return as values). */
export class CallFunctionError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(errMsg);
  }
}

/** What a function gets until its timeout is set in the console: miniprogram-ci creates functions with 3 s. */
export const DEPLOYED_DEFAULT_TIMEOUT_MS = 3000;

/** An invocation slower than the deployed default timeout (it would fail on a function created by miniprogram-ci). */
export interface SlowInvocation {
  name: string;
  action: string | null;
  ms: number;
  /** The timeout its config.json asks for (set by hand in the console), in seconds. */
  configuredSeconds: number;
}

/** One invocation as the inspector's function log shows it. */
export interface InvocationRecord {
  seq: number;
  /** When it started, by the local clock (ISO). */
  at: string;
  fn: string;
  action: string | null;
  caller: string;
  source: Invocation['source'];
  ms: number;
  /** 'OK', the structured error's code, or THROWN / TIMEOUT. */
  code: string;
  /** Database calls it made (get, count, add, update, set, remove, aggregate end). */
  dbCalls: number;
  /** What it printed (console.log / warn / error), stacks included, at most 40 lines. */
  logs: string[];
}

/** How many invocations the log keeps. */
export const INVOCATION_LOG_SIZE = 500;

/** Lines printed inside an invocation are kept with it (and still printed). Installed once per process. */
let consoleCaptured = false;
function captureConsole(): void {
  if (consoleCaptured) return;
  consoleCaptured = true;
  for (const level of ['log', 'warn', 'error'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const inv = invocations.getStore();
      if (inv?.logs && inv.logs.length < 40)
        inv.logs.push(args.map((a) => (a instanceof Error ? (a.stack ?? String(a)) : typeof a === 'string' ? a : safeJson(a))).join(' '));
      original(...args);
    };
  }
}
function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export class FunctionRunner {
  private readonly loaded = new Map<string, LoadedFunction>();
  private readonly slow: SlowInvocation[] = [];
  private readonly log: InvocationRecord[] = [];
  private seq = 0;

  /** The last INVOCATION_LOG_SIZE invocations, newest first. */
  invocationLog(): InvocationRecord[] {
    return [...this.log].reverse();
  }

  constructor(
    private readonly root: string,
    private readonly sdk: LocalSdk,
    private readonly opts: { slowMs?: number; onSlow?: (s: SlowInvocation) => void } = {},
  ) {}

  /** Every invocation so far slower than the deployed default timeout. */
  slowInvocations(): SlowInvocation[] {
    return [...this.slow];
  }

  /** Deployable function names: folders holding index.js. */
  names(): string[] {
    if (!fs.existsSync(this.root)) return [];
    return fs.readdirSync(this.root).filter((n) => fs.existsSync(path.join(this.root, n, 'index.js')));
  }

  private load(name: string): LoadedFunction {
    const cached = this.loaded.get(name);
    if (cached) return cached;
    if (!/^[A-Za-z0-9_-]+$/.test(name) || !this.names().includes(name)) {
      throw new CallFunctionError(-501000, `cloud.callFunction:fail FunctionName parameter could not be found: ${name}`);
    }
    const dir = path.join(this.root, name);
    const filename = path.join(dir, 'index.js');
    const mod = new Module(filename);
    mod.filename = filename;
    const nativeRequire = Module.createRequire(filename);
    const localRequire = (id: string): unknown => (id === 'wx-server-sdk' ? this.sdk : nativeRequire(id));
    const wrapper = vm.runInThisContext(Module.wrap(fs.readFileSync(filename, 'utf8')), { filename }) as (
      exports: unknown,
      require: unknown,
      module: unknown,
      __filename: string,
      __dirname: string,
    ) => void;
    wrapper.call(mod.exports, mod.exports, localRequire, mod, filename, dir);
    const main = (mod.exports as { main?: LoadedFunction['main'] }).main;
    if (typeof main !== 'function') throw new CallFunctionError(-504002, `function ${name} exports no main`);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as FunctionConfig;
    const fn = { main, config };
    this.loaded.set(name, fn);
    return fn;
  }

  /** Invoke `name` as WeChat would: identity in the context, time limit from its config.json. */
  async invoke(name: string, event: unknown, who: Pick<Invocation, 'openid' | 'source'>): Promise<unknown> {
    const fn = this.load(name);
    captureConsole();
    const inv: Invocation = { ...who, functionName: name, openapiPermissions: fn.config.permissions?.openapi ?? [], dbCalls: 0, logs: [] };
    const at = new Date().toISOString();
    let code = 'THROWN';
    const timeoutMs = (fn.config.timeout ?? 3) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallFunctionError(-504003, `cloud.callFunction:fail function ${name} timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const started = Date.now();
    try {
      const result = await Promise.race([invocations.run(inv, () => fn.main(event, { function_name: name })), timeout]);
      const r = result as { ok?: unknown; error?: { code?: unknown } } | null;
      code = r && r.ok === false ? String(r.error?.code ?? 'ERROR') : r && r.ok === true ? 'OK' : 'DONE';
      return result;
    } catch (err) {
      if (err instanceof CallFunctionError && err.errCode === -504003) code = 'TIMEOUT';
      inv.logs?.push(String((err as Error)?.stack ?? err));
      if (err instanceof CallFunctionError) throw err;
      throw new CallFunctionError(-504002, `cloud.callFunction:fail functions execute fail: ${String((err as Error)?.message ?? err)}`);
    } finally {
      clearTimeout(timer);
      const ms = Date.now() - started;
      this.noteDuration(name, event, ms, fn.config.timeout ?? 3);
      const action = typeof (event as { action?: unknown } | null)?.action === 'string' ? (event as { action: string }).action : null;
      this.log.push({
        seq: ++this.seq,
        at,
        fn: name,
        action,
        caller: who.openid,
        source: who.source,
        ms,
        code,
        dbCalls: inv.dbCalls ?? 0,
        logs: inv.logs ?? [],
      });
      if (this.log.length > INVOCATION_LOG_SIZE) this.log.shift();
    }
  }

  private noteDuration(name: string, event: unknown, ms: number, configuredSeconds: number): void {
    if (ms <= (this.opts.slowMs ?? DEPLOYED_DEFAULT_TIMEOUT_MS)) return;
    const action = typeof (event as { action?: unknown } | null)?.action === 'string' ? (event as { action: string }).action : null;
    const slow = { name, action, ms, configuredSeconds };
    this.slow.push(slow);
    if (this.opts.onSlow) this.opts.onSlow(slow);
    else
      console.warn(
        `[slow] ${name}${action ? `.${action}` : ''} took ${ms} ms: over the 3 s a function created by miniprogram-ci has until its timeout is set in the console (config.json asks for ${configuredSeconds} s)`,
      );
  }
}
