/** project.config.json must point WeChat DevTools at the folders the builds really write. */
import fs from 'fs';
import { builtinModules } from 'module';
import path from 'path';
import { CLOUD_OUT, functionNames } from '../../scripts/build-cloud';

const ROOT = path.resolve(__dirname, '../..');
const projectConfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as {
  miniprogramRoot: string;
  cloudfunctionRoot: string;
};

describe('project.config.json roots', () => {
  it('miniprogramRoot is where `taro build --type weapp` writes app.json', () => {
    const root = path.join(ROOT, projectConfig.miniprogramRoot);
    expect(fs.existsSync(path.join(root, 'app.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'app.js'))).toBe(true);
  });

  it('cloudfunctionRoot is where build:cloud writes, and holds nothing but deployable functions', () => {
    const root = path.resolve(ROOT, projectConfig.cloudfunctionRoot);
    expect(root).toBe(CLOUD_OUT);
    const entries = fs.readdirSync(root).sort();
    expect(entries).toEqual(functionNames());
    for (const name of entries) {
      expect(fs.readdirSync(path.join(root, name)).sort()).toEqual(['config.json', 'index.js', 'package.json']);
      const pkg = JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
    }
  });

  it('bundles inline shared code and keep wx-server-sdk external', () => {
    for (const name of functionNames()) {
      const code = fs.readFileSync(path.join(CLOUD_OUT, name, 'index.js'), 'utf8');
      const requires = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      // exceljs (the 通报's Excel file, office and sweeper only) adds Node's stream, zlib and friends: built in.
      const nonBuiltin = requires.filter((r) => !builtinModules.includes(r.replace(/^node:/, '')));
      expect([...new Set(nonBuiltin)]).toEqual(['wx-server-sdk']);
    }
  });

  it('grants subscribeMessage.send to the function that sends it', () => {
    const config = JSON.parse(fs.readFileSync(path.join(CLOUD_OUT, 'cases', 'config.json'), 'utf8')) as { permissions: { openapi: string[] } };
    expect(config.permissions.openapi).toContain('subscribeMessage.send');
  });
});
