/**
 * Compile the weapp build with WeChat's own compiler (miniprogram-ci getCompiledResult), fully offline — the same
 * approach as scripts/check-weapp.ts: a throwaway RSA key (the compiler wants one; nothing is uploaded or kept),
 * `attr: async () => ci.DefaultProjectAttr` (otherwise it first asks a WeChat server for the project's
 * attributes), and miniprogram-ci's request module blocked for the duration of the compile.
 *
 * NOTE: the compiler forks a child that keeps the process alive; callers must `process.exit()` when done.
 */
import { generateKeyPairSync } from 'crypto';
import fs from 'fs';
import { createRequire } from 'module';
import os from 'os';
import path from 'path';
import { blockWeChatServers } from './offline';
import { PLACEHOLDER_APPID } from './wechat-limits';

export type MiniprogramCi = typeof import('miniprogram-ci');

/** WeChat's compiler and uploader, loaded only by the scripts that use it (it is large). */
export const miniprogramCi = (): MiniprogramCi => createRequire(__filename)('miniprogram-ci') as MiniprogramCi;

export interface CompileResult {
  /** Compiled file path → size in bytes. */
  files: Record<string, number>;
  seconds: number;
}

export interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
}

export function readAppJson(weappDir: string): AppJson {
  return JSON.parse(fs.readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as AppJson;
}

/** Every page path the app declares, subpackage pages prefixed with their root. */
export function allPages(app: AppJson): string[] {
  const subs = app.subPackages ?? app.subpackages ?? [];
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/?$/, '/')}${p}`))];
}

export async function compileWeappOffline(weappDir: string, appid: string = PLACEHOLDER_APPID): Promise<CompileResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-weapp-compile-'));
  const keyPath = path.join(tmp, 'private.key');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));
  const unblock = blockWeChatServers();
  try {
    const ci = miniprogramCi();
    const options: ConstructorParameters<MiniprogramCi['Project']>[0] & { attr: () => Promise<unknown> } = {
      appid,
      type: 'miniProgram',
      projectPath: weappDir,
      privateKeyPath: keyPath,
      ignores: ['node_modules/**/*'],
      // Without attr the compiler first asks a WeChat server for the project's attributes (not in the typings).
      attr: async () => ci.DefaultProjectAttr,
    };
    const project = new ci.Project(options);
    const started = Date.now();
    const compiled = await ci.getCompiledResult({
      project,
      version: '0.0.0',
      desc: 'offline compile check',
      setting: COMPILE_SETTING,
      onProgressUpdate: () => undefined,
    });
    const files: Record<string, number> = {};
    for (const [name, content] of Object.entries(compiled)) files[name] = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    return { files, seconds: (Date.now() - started) / 1000 };
  } finally {
    unblock();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Compile settings for both the offline check and the real upload, so what is checked is what is uploaded. */
export const COMPILE_SETTING = { es6: true, minify: true, autoPrefixWXSS: true };
