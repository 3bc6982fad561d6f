/**
 * What `taro build --type weapp` writes for WeChat itself: app.json (from src/app.config.ts) and, if any, a
 * project.config.json inside dist/weapp, which must then agree with the repo root's (the one WeChat DevTools opens).
 */
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const WEAPP = path.join(ROOT, 'dist/weapp');

type ProjectConfig = Record<string, unknown> & { miniprogramRoot?: string; cloudfunctionRoot?: string; srcMiniprogramRoot?: string };
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** Folder fields of project.config.json, each relative to the folder holding the file. */
const ROOT_FIELDS = ['miniprogramRoot', 'cloudfunctionRoot', 'srcMiniprogramRoot', 'pluginRoot', 'qcloudRoot'] as const;

describe('dist/weapp for WeChat', () => {
  it('app.json asks for lazy code loading (only the components a page uses are injected)', () => {
    const app = readJson<{ lazyCodeLoading?: string; cloud?: boolean; pages: string[] }>(path.join(WEAPP, 'app.json'));
    expect(app.lazyCodeLoading).toBe('requiredComponents');
    expect(app.cloud).toBe(true);
    expect(app.pages[0]).toBe('pages/index/index');
  });

  it('has no project.config.json of its own, or one whose folders are the root one’s folders', () => {
    const rootConfig = readJson<ProjectConfig>(path.join(ROOT, 'project.config.json'));
    const distFile = path.join(WEAPP, 'project.config.json');
    // Today none is emitted (config/index.ts projectConfigName): DevTools opens the repo root.
    if (!fs.existsSync(distFile)) {
      expect(path.resolve(ROOT, rootConfig.miniprogramRoot ?? '')).toBe(WEAPP);
      return;
    }
    const distConfig = readJson<ProjectConfig>(distFile);
    for (const field of ROOT_FIELDS) {
      const fromRoot = rootConfig[field];
      const fromDist = distConfig[field];
      if (typeof fromRoot !== 'string' && typeof fromDist !== 'string') continue;
      // A folder named inside dist/weapp must be the same folder on disk as the root file names, and inside dist/weapp
      // (WeChat's tools drop "../" from these paths).
      expect(typeof fromDist).toBe('string');
      expect(String(fromDist)).not.toMatch(/\.\.\//);
      expect({ field, folder: path.resolve(WEAPP, String(fromDist)) }).toEqual({ field, folder: path.resolve(ROOT, String(fromRoot)) });
    }
    const rest = (c: ProjectConfig) => Object.fromEntries(Object.entries(c).filter(([k]) => !(ROOT_FIELDS as readonly string[]).includes(k)));
    expect(rest(distConfig)).toEqual(rest(rootConfig));
  });
});
