/**
 * Bundle each deployed cloud function into dist/cloud/<name>/ (the cloudfunctionRoot): index.js with the shared
 * TypeScript inlined and wx-server-sdk left external, plus package.json and config.json. The folder is emptied
 * first so it holds nothing but deployable functions.
 */
import { build } from 'esbuild';
import fs from 'fs';
import path from 'path';

export const ROOT = path.resolve(__dirname, '..');
export const FUNCTIONS_SRC = path.join(ROOT, 'cloudfunctions', 'functions');
export const CLOUD_OUT = path.join(ROOT, 'dist', 'cloud');

const SDK_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[
  'wx-server-sdk'
];

/** Names of the functions to deploy: every folder under cloudfunctions/functions with an index.ts. */
export function functionNames(): string[] {
  return fs
    .readdirSync(FUNCTIONS_SRC)
    .filter((n) => fs.existsSync(path.join(FUNCTIONS_SRC, n, 'index.ts')))
    .sort();
}

/** Build every function; returns bundle sizes in bytes by name. */
export async function buildCloud(opts: { minify?: boolean } = {}): Promise<Record<string, number>> {
  fs.rmSync(CLOUD_OUT, { recursive: true, force: true });
  const sizes: Record<string, number> = {};
  for (const name of functionNames()) {
    const outDir = path.join(CLOUD_OUT, name);
    await build({
      entryPoints: [path.join(FUNCTIONS_SRC, name, 'index.ts')],
      outfile: path.join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      minify: opts.minify ?? true,
      legalComments: 'none',
      logLevel: 'warning',
    });
    fs.writeFileSync(
      path.join(outDir, 'package.json'),
      `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': SDK_VERSION } }, null, 2)}\n`,
    );
    fs.copyFileSync(path.join(FUNCTIONS_SRC, name, 'config.json'), path.join(outDir, 'config.json'));
    sizes[name] = fs.statSync(path.join(outDir, 'index.js')).size;
  }
  return sizes;
}

if (require.main === module) {
  buildCloud()
    .then((sizes) => {
      for (const [name, bytes] of Object.entries(sizes)) console.log(`dist/cloud/${name}/index.js  ${(bytes / 1024).toFixed(1)} KB`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
