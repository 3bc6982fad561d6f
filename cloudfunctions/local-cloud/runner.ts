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

export class FunctionRunner {
  private readonly loaded = new Map<string, LoadedFunction>();
  private readonly slow: SlowInvocation[] = [];

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
    const inv: Invocation = { ...who, functionName: name, openapiPermissions: fn.config.permissions?.openapi ?? [] };
    const timeoutMs = (fn.config.timeout ?? 3) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallFunctionError(-504003, `cloud.callFunction:fail function ${name} timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const started = Date.now();
    try {
      return await Promise.race([invocations.run(inv, () => fn.main(event, { function_name: name })), timeout]);
    } catch (err) {
      if (err instanceof CallFunctionError) throw err;
      throw new CallFunctionError(-504002, `cloud.callFunction:fail functions execute fail: ${String((err as Error)?.message ?? err)}`);
    } finally {
      clearTimeout(timer);
      this.noteDuration(name, event, Date.now() - started, fn.config.timeout ?? 3);
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
