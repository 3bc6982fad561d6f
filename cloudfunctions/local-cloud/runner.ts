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

export class FunctionRunner {
  private readonly loaded = new Map<string, LoadedFunction>();

  constructor(
    private readonly root: string,
    private readonly sdk: LocalSdk,
  ) {}

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
    try {
      return await Promise.race([invocations.run(inv, () => fn.main(event, { function_name: name })), timeout]);
    } catch (err) {
      if (err instanceof CallFunctionError) throw err;
      throw new CallFunctionError(-504002, `cloud.callFunction:fail functions execute fail: ${String((err as Error)?.message ?? err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
