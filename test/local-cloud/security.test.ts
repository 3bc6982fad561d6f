/**
 * Local content security: msgSecCheck (v2 verdicts from the word list, v1 behaviour, limits), imgSecCheck (the
 * RISKY-IMAGE marker), config.json permissions (-604101), the content-words.json override, per-call identity, and
 * the adapter's checkText / checkImageAsync. NOTE: the last block starts the real server in-process (clock.ts's Date
 * shim); it is closed in afterAll.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalPlatform, WxApiError } from '../../cloudfunctions/local-cloud/platform';
import { createLocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';
import { createLocalSdk, invocations, type Invocation, type LocalSdk } from '../../cloudfunctions/local-cloud/sdk';
import { DEFAULT_CONTENT_WORDS, LocalSecurity, readContentWords } from '../../cloudfunctions/local-cloud/security';
import type { LocalCloud } from '../../cloudfunctions/local-cloud/server';
import { LocalStorage } from '../../cloudfunctions/local-cloud/storage';
import { tempDirs } from '../support/temp-dirs';

const freshDir = tempDirs('security-');

const ALL = ['security.msgSecCheck', 'security.imgSecCheck', 'security.mediaCheckAsync'];
const who = (openid: string, perms: string[] = ALL): Invocation => ({ openid, source: 'wx_client', functionName: 'cases', openapiPermissions: perms });
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => ({ errCode: 0, errMsg: '' }),
    (e: WxApiError) => ({ errCode: e.errCode, errMsg: e.errMsg }),
  );

function makeSdk(security?: LocalSecurity, storage?: LocalStorage): LocalSdk {
  return createLocalSdk({ db: createLocalDatabase({ dir: null }), platform: new LocalPlatform(createLocalDatabase({ dir: null })), security, storage });
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels')]);
const RISKY_PNG = Buffer.concat([PNG, Buffer.from('RISKY-IMAGE')]);

describe('msgSecCheck v2 (default word list)', () => {
  const sdk = makeSdk();
  const check = (content: string, openid = 'oResident1') =>
    invocations.run(who(openid), () => sdk.openapi.security.msgSecCheck({ content, version: 2, scene: 2, openid }));

  it.each([
    ['楼道灯坏了，请尽快维修', 'pass', 100],
    ['再不修我就去上访', 'review', 20006],
    ['这事我投诉到底', 'review', 20006],
    ['内容待审核', 'review', 20006],
    ['楼下有人赌博', 'risky', 20006],
    ['这是暴力威胁', 'risky', 20006],
    ['含有违禁词', 'risky', 20006],
    ['违 禁 词 拆开写', 'risky', 20006],
    ['上访，还有赌博', 'risky', 20006],
  ])('%s → %s', async (content, suggest, label) => {
    const res = (await check(content)) as { errCode: number; errMsg: string; result: { suggest: string; label: number }; detail: unknown[] };
    // v2 answers errCode 0 whatever the content: the verdict is result.suggest.
    expect(res.errCode).toBe(0);
    expect(res.errMsg).toBe('openapi.security.msgSecCheck:ok');
    expect(res.result).toEqual({ suggest, label });
    expect(res.detail[0]).toMatchObject({ strategy: 'content_model', suggest, label });
    if (suggest !== 'pass') expect(res.detail).toContainEqual(expect.objectContaining({ strategy: 'keyword', suggest }));
  });

  it('rejects content over 2500 characters (40003) and accepts exactly 2500', async () => {
    expect((await errOf(check('水'.repeat(2501)))).errCode).toBe(40003);
    expect((await errOf(check('水'.repeat(2501)))).errMsg).toContain('content too long');
    expect(((await check('水'.repeat(2500))) as { result: { suggest: string } }).result.suggest).toBe('pass');
  });

  it('rejects a missing openid (40003), a bad scene and missing content (47001)', async () => {
    const call = (req: Record<string, unknown>) => errOf(invocations.run(who('oResident1'), () => sdk.openapi.security.msgSecCheck(req as never)));
    expect((await call({ content: '你好', version: 2, scene: 2 })).errCode).toBe(40003);
    expect((await call({ content: '你好', version: 2, scene: 2, openid: '' })).errCode).toBe(40003);
    expect((await call({ content: '你好', version: 2, scene: 5, openid: 'o1' })).errCode).toBe(47001);
    expect((await call({ version: 2, scene: 2, openid: 'o1' })).errCode).toBe(47001);
  });

  it('behaves as v1 without version: 2 (risky → 87014, otherwise errCode 0 and no result)', async () => {
    const v1 = (content: string) => invocations.run(who('o1'), () => sdk.openapi.security.msgSecCheck({ content }));
    expect((await errOf(v1('赌博'))).errCode).toBe(87014);
    expect(await v1('上访')).toEqual({ errCode: 0, errMsg: 'openapi.security.msgSecCheck:ok' });
  });
});

describe('imgSecCheck', () => {
  const sdk = makeSdk();
  const check = (value: Buffer, contentType = 'image/png') =>
    errOf(invocations.run(who('o1'), () => sdk.openapi.security.imgSecCheck({ media: { contentType, value } })));

  it('passes an ordinary image and rejects one carrying the RISKY-IMAGE marker with 87014', async () => {
    expect(await invocations.run(who('o1'), () => sdk.openapi.security.imgSecCheck({ media: { contentType: 'image/png', value: PNG } }))).toEqual({
      errCode: 0,
      errMsg: 'openapi.security.imgSecCheck:ok',
    });
    const risky = await check(RISKY_PNG);
    expect(risky.errCode).toBe(87014);
    expect(risky.errMsg).toContain('risky content');
  });

  it('rejects over 1 MB (40006), no media (41005), a non-image type (40004)', async () => {
    expect((await check(Buffer.alloc(1024 * 1024 + 1, 1))).errCode).toBe(40006);
    expect((await check(Buffer.alloc(1024 * 1024, 1))).errCode).toBe(0);
    expect((await check(Buffer.alloc(0))).errCode).toBe(41005);
    expect((await check(PNG, 'text/plain')).errCode).toBe(40004);
  });
});

describe('permissions and identity', () => {
  it('refuses each check without its config.json permission (-604101)', async () => {
    const sdk = makeSdk();
    const text = (perms: string[]) =>
      errOf(invocations.run(who('o1', perms), () => sdk.openapi.security.msgSecCheck({ content: '你好', version: 2, scene: 1, openid: 'o1' })));
    const img = (perms: string[]) =>
      errOf(invocations.run(who('o1', perms), () => sdk.openapi.security.imgSecCheck({ media: { contentType: 'image/png', value: PNG } })));
    expect((await text([])).errCode).toBe(-604101);
    expect((await text(['security.imgSecCheck'])).errCode).toBe(-604101);
    expect((await text(['security.msgSecCheck'])).errCode).toBe(0);
    expect((await img([])).errCode).toBe(-604101);
    expect((await img(['security.msgSecCheck'])).errCode).toBe(-604101);
    expect((await img(['security.imgSecCheck'])).errCode).toBe(0);
    expect((await text([])).errMsg).toContain('cases/config.json');
  });

  it('keeps identity and permissions per concurrent invocation', async () => {
    const sdk = makeSdk();
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        invocations.run(who(`u${i}`, i % 3 === 0 ? [] : ALL), async () => {
          await new Promise((r) => setTimeout(r, 24 - i));
          const openid = sdk.getWXContext().OPENID as string;
          const res = await errOf(sdk.openapi.security.msgSecCheck({ content: i % 2 ? '去上访' : '你好', version: 2, scene: 2, openid }));
          await new Promise((r) => setTimeout(r, i % 5));
          return { openid, after: sdk.getWXContext().OPENID, errCode: res.errCode };
        }),
      ),
    );
    results.forEach((r, i) => {
      expect(r.openid).toBe(`u${i}`);
      expect(r.after).toBe(`u${i}`);
      expect(r.errCode).toBe(i % 3 === 0 ? -604101 : 0);
    });
  });
});

describe('content-words.json', () => {
  it('replaces the lists it gives and keeps the others', () => {
    const dir = freshDir();
    const file = path.join(dir, 'content-words.json');
    expect(readContentWords(file)).toEqual(DEFAULT_CONTENT_WORDS);
    fs.writeFileSync(file, JSON.stringify({ risky: ['Casino'] }));
    const words = readContentWords(file);
    expect(words).toEqual({ risky: ['Casino'], review: DEFAULT_CONTENT_WORDS.review });
    const sec = new LocalSecurity(words);
    expect(sec.judge('online CASINO').suggest).toBe('risky');
    expect(sec.judge('赌博').suggest).toBe('pass');
    expect(sec.judge('上访').suggest).toBe('review');
  });

  it.each([['not json'], ['[]'], ['{"risky": "赌博"}'], ['{"review": [""]}'], ['{"review": [1]}']])('refuses a malformed file %s', (text) => {
    const file = path.join(freshDir(), 'content-words.json');
    fs.writeFileSync(file, text);
    expect(() => readContentWords(file)).toThrow(file);
  });
});

describe('adapter checkText / checkImageAsync', () => {
  let adapter: typeof import('../../cloudfunctions/adapters/wx/sdk');
  let sdk: LocalSdk;
  let storage: LocalStorage;

  beforeAll(async () => {
    storage = new LocalStorage({ dir: path.join(freshDir(), 'storage'), baseUrl: 'http://127.0.0.1:1' });
    sdk = makeSdk(new LocalSecurity(), storage);
    jest.resetModules();
    jest.doMock('wx-server-sdk', () => sdk);
    adapter = await import('../../cloudfunctions/adapters/wx/sdk');
  });
  afterAll(() => jest.dontMock('wx-server-sdk'));

  it('checkText answers the verdict and throws on failures', async () => {
    const run = <T>(fn: () => Promise<T>, perms = ALL) => invocations.run(who('o1', perms), fn);
    expect(await run(() => adapter.checkText('你好', 'o1', 2))).toBe('pass');
    expect(await run(() => adapter.checkText('我要上访', 'o1', 3))).toBe('review');
    expect(await run(() => adapter.checkText('赌博', 'o1', 4))).toBe('risky');
    await expect(run(() => adapter.checkText('你好', '', 1))).rejects.toMatchObject({ errCode: 40003 });
    await expect(run(() => adapter.checkText('你好', 'o1', 1), [])).rejects.toMatchObject({ errCode: -604101 });
    await expect(run(() => adapter.checkText('你好', 'o1', 1), [])).rejects.toBeInstanceOf(adapter.WxCallError);
  });

  it('checkImageAsync asks mediaCheckAsync v2 on a download URL and answers its trace id; failures throw', async () => {
    const run = <T>(fn: () => Promise<T>, perms = ALL) => invocations.run(who('o1', perms), fn);
    const ok = storage.write('cases/ok.png', PNG, { contentType: 'image/png', uploader: 'o1' });
    const [url] = await adapter.tempFileURLs([ok]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:1\/__storage\/files\/cases\/ok\.png$/);
    expect(await run(() => adapter.checkImageAsync(url, 'o1', 2))).toEqual({ traceId: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
    // A cloud fileID is no URL WeChat can download.
    await expect(run(() => adapter.checkImageAsync(ok, 'o1', 2))).rejects.toMatchObject({ errCode: 47001 });
    await expect(run(() => adapter.checkImageAsync(url, '', 2))).rejects.toMatchObject({ errCode: 40003 });
    await expect(run(() => adapter.checkImageAsync(url, 'o1', 2), ['security.msgSecCheck'])).rejects.toMatchObject({ errCode: -604101 });
  });
});

describe('through the local cloud server', () => {
  let cloud: LocalCloud | undefined;
  let logSpy: jest.SpyInstance;

  /** A functions folder with `check` (permissions granted) and `nocheck` (none), as bundled functions would be. */
  function functions(): string {
    const dir = freshDir();
    const body = `const cloud = require('wx-server-sdk');
exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  try {
    const res = await cloud.openapi.security.msgSecCheck({ content: event.content, version: 2, scene: 2, openid: OPENID });
    return { openid: OPENID, errCode: res.errCode, suggest: res.result.suggest };
  } catch (e) {
    return { openid: OPENID, errCode: e.errCode, errMsg: e.errMsg };
  }
};`;
    for (const [name, openapi] of [
      ['check', ALL],
      ['nocheck', []],
    ] as const) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'index.js'), body);
      fs.writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify({ permissions: { openapi } }));
    }
    return dir;
  }

  beforeAll(() => {
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    await cloud?.close();
    logSpy.mockRestore();
  });

  it('refuses to start with a malformed content-words.json', async () => {
    const { startLocalCloud } = await import('../../cloudfunctions/local-cloud/server');
    const dataDir = freshDir();
    fs.mkdirSync(path.join(dataDir, 'platform'));
    fs.writeFileSync(path.join(dataDir, 'platform', 'content-words.json'), '{"risky": "x"}');
    await expect(startLocalCloud({ port: 0, dataDir, functionsDir: functions(), h5Dir: freshDir(), timers: false })).rejects.toThrow('content-words.json');
  });

  it('uses <dataDir>/platform/content-words.json and each function’s config.json permissions', async () => {
    const { startLocalCloud } = await import('../../cloudfunctions/local-cloud/server');
    const dataDir = freshDir();
    fs.mkdirSync(path.join(dataDir, 'platform'));
    fs.writeFileSync(path.join(dataDir, 'platform', 'content-words.json'), JSON.stringify({ risky: ['黑名单词'], review: ['请人工看'] }));
    cloud = await startLocalCloud({ port: 0, dataDir, functionsDir: functions(), h5Dir: freshDir(), timers: false });
    const call = async (fn: string, openid: string, content: string) =>
      (
        await fetch(`${cloud!.url}fn/${fn}`, {
          method: 'POST',
          headers: { 'x-local-openid': openid, 'content-type': 'application/json' },
          body: JSON.stringify({ content }),
        })
      ).json();
    const [a, b, c, d, e] = await Promise.all([
      call('check', 'oA', '这是黑名单词'),
      call('check', 'oB', '请人工看一下'),
      call('check', 'oC', '赌博'), // a default word, replaced by the file's risky list
      call('check', 'oD', '上访'), // likewise for review
      call('nocheck', 'oE', '你好'),
    ]);
    expect(a).toEqual({ openid: 'oA', errCode: 0, suggest: 'risky' });
    expect(b).toEqual({ openid: 'oB', errCode: 0, suggest: 'review' });
    expect(c).toEqual({ openid: 'oC', errCode: 0, suggest: 'pass' });
    expect(d).toEqual({ openid: 'oD', errCode: 0, suggest: 'pass' });
    expect(e).toMatchObject({ openid: 'oE', errCode: -604101 });
  });
});
