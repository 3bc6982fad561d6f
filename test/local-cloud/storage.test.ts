/**
 * Local cloud storage: the H5 upload route, serving files, the local wx-server-sdk's storage API, and the
 * adapter's tempFileURLs. NOTE: starts the real server in-process (which installs clock.ts's Date shim); closed in
 * afterAll.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalPlatform, WxApiError } from '../../cloudfunctions/local-cloud/platform';
import { createLocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';
import { createLocalSdk, invocations, type LocalSdk } from '../../cloudfunctions/local-cloud/sdk';
import type { LocalCloud } from '../../cloudfunctions/local-cloud/server';
import { FILE_ID_PREFIX, LocalStorage, MAX_UPLOAD_BYTES, cloudPathProblem, folderRefusal } from '../../cloudfunctions/local-cloud/storage';
import { ownsPhoto } from '../../cloudfunctions/core/photos';

const FIXTURE = path.join(__dirname, 'fixtures', 'timer-functions');
const tmpDirs: string[] = [];
function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-'));
  tmpDirs.push(dir);
  return dir;
}

let cloud: LocalCloud;
let dataDir: string;
let base: string;
let logSpy: jest.SpyInstance;

beforeAll(async () => {
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const { startLocalCloud } = await import('../../cloudfunctions/local-cloud/server');
  dataDir = freshDir();
  cloud = await startLocalCloud({ port: 0, dataDir, functionsDir: FIXTURE, h5Dir: freshDir(), timers: false });
  base = cloud.url.replace(/\/$/, '');
});

afterAll(async () => {
  await cloud?.close();
  logSpy?.mockRestore();
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake png body')]);

function upload(cloudPath: string, body: Buffer, opts: { openid?: string | null; type?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'image/png' };
  if (opts.openid !== null) headers['x-local-openid'] = opts.openid ?? 'oResident1';
  return fetch(`${base}/__storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers, body: new Uint8Array(body) });
}

/** A raw request (no URL normalisation by the client, optional chunked body). */
function raw(method: string, rawPath: string, headers: Record<string, string> = {}, body?: Buffer, chunked = false) {
  return new Promise<{ status: number; body: Buffer; type: string }>((resolve, reject) => {
    const u = new URL(base);
    const req = http.request({ host: u.hostname, port: u.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    if (body && chunked) {
      // Several writes without content-length: Node sends transfer-encoding: chunked.
      for (let i = 0; i < body.length; i += 256 * 1024) req.write(body.subarray(i, i + 256 * 1024));
    } else if (body) req.write(body);
    req.end();
  });
}

describe('POST /__storage/upload and GET /__storage/files', () => {
  it('stores the bytes, answers a fileID, and serves them back with their type', async () => {
    const res = await upload('cases/c1/photo-1.png', PNG);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ fileID: 'cloud://local.golden-key/cases/c1/photo-1.png', statusCode: 200, errMsg: 'uploadFile:ok' });

    const got = await fetch(`${base}/__storage/files/cases/c1/photo-1.png`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);

    // The stored type wins over the name's extension; the uploader is recorded.
    await upload('cases/c1/odd-name.png', Buffer.from('jpeg bytes'), { type: 'image/jpeg; charset=binary' });
    expect((await fetch(`${base}/__storage/files/cases/c1/odd-name.png`)).headers.get('content-type')).toBe('image/jpeg');
    const index = JSON.parse(fs.readFileSync(path.join(dataDir, 'storage', 'index.json'), 'utf8'));
    expect(index['cases/c1/photo-1.png']).toMatchObject({ contentType: 'image/png', uploader: 'oResident1', size: PNG.length });
    expect(fs.existsSync(path.join(dataDir, 'storage', 'files', 'cases', 'c1', 'photo-1.png'))).toBe(true);
  });

  it('answers 404 for a file that is not there', async () => {
    expect((await fetch(`${base}/__storage/files/cases/none.png`)).status).toBe(404);
  });

  it('requires an identity (401)', async () => {
    const res = await upload('cases/anon.png', PNG, { openid: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errCode: -1, errMsg: expect.stringContaining('identity') });
  });

  it('refuses more than 2 MB (413), with or without content-length', async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 1);
    const res = await upload('cases/big.png', big);
    expect(res.status).toBe(413);
    expect((await res.json()).errCode).toBe(-1);
    const chunked = await raw('POST', '/__storage/upload?cloudPath=cases/big2.png', { 'x-local-openid': 'oResident1', 'content-type': 'image/png' }, big, true);
    expect(chunked.status).toBe(413);
    expect(fs.existsSync(path.join(dataDir, 'storage', 'files', 'cases', 'big.png'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'storage', 'files', 'cases', 'big2.png'))).toBe(false);
    // Exactly 2 MB is fine.
    expect((await upload('cases/max.png', Buffer.alloc(MAX_UPLOAD_BYTES, 1))).status).toBe(200);
  });

  it.each([
    ['../escape.png'],
    ['cases/../../escape.png'],
    ['/abs.png'],
    ['cases//double.png'],
    ['cases/./dot.png'],
    ['has space.png'],
    ['中文.png'],
    ['a%2Fb.png'],
    ['x'.repeat(201)],
    [''],
  ])('refuses cloudPath %j (400)', async (cloudPath) => {
    const res = await upload(cloudPath, PNG);
    expect(res.status).toBe(400);
    expect((await res.json()).errCode).toBe(-1);
  });

  it('accepts a 200-character cloudPath', async () => {
    expect(cloudPathProblem('x'.repeat(200))).toBeNull();
    expect((await upload('x'.repeat(200), PNG)).status).toBe(200);
  });

  it('refuses types other than images (415) and an empty body (400)', async () => {
    expect((await upload('cases/page.png', Buffer.from('<script>alert(1)</script>'), { type: 'text/html' })).status).toBe(415);
    expect((await upload('cases/vector.png', Buffer.from('<svg/>'), { type: 'image/svg+xml' })).status).toBe(415);
    expect((await upload('cases/empty.png', Buffer.alloc(0))).status).toBe(400);
  });

  it('types an untyped (octet-stream) body by its bytes, else by the cloudPath extension', async () => {
    // What the H5 upload sends when the Blob has no type.
    expect((await upload('cases/sniffed.jpg', PNG, { type: 'application/octet-stream' })).status).toBe(200);
    expect((await fetch(`${base}/__storage/files/cases/sniffed.jpg`)).headers.get('content-type')).toBe('image/png');
    expect((await upload('cases/named.jpg', Buffer.from('no magic'), { type: 'application/octet-stream' })).status).toBe(200);
    expect((await fetch(`${base}/__storage/files/cases/named.jpg`)).headers.get('content-type')).toBe('image/jpeg');
    expect((await upload('cases/page.html', Buffer.from('<script>alert(1)</script>'), { type: 'application/octet-stream' })).status).toBe(415);
    expect((await fetch(`${base}/__storage/files/cases/page.html`)).status).toBe(404);
  });

  it('lets the uploader overwrite their file but not another user (403)', async () => {
    expect((await upload('cases/mine.png', PNG, { openid: 'oA' })).status).toBe(200);
    expect((await upload('cases/mine.png', Buffer.from('v2'), { openid: 'oA' })).status).toBe(200);
    expect((await upload('cases/mine.png', Buffer.from('hijack'), { openid: 'oB' })).status).toBe(403);
    expect(Buffer.from(await (await fetch(`${base}/__storage/files/cases/mine.png`)).arrayBuffer()).toString()).toBe('v2');
  });

  it('photos go only into the uploader’s own folder photos/<openid>/: another person’s is refused (403, in Chinese)', async () => {
    const mine = await upload('photos/oA/20261126-aa.jpg', PNG, { openid: 'oA' });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ fileID: `${FILE_ID_PREFIX}photos/oA/20261126-aa.jpg` });
    expect(ownsPhoto('oA', `${FILE_ID_PREFIX}photos/oA/20261126-aa.jpg`)).toBe(true);
    for (const cloudPath of ['photos/oA/20261126-bb.jpg', 'photos/oAB/x.jpg', 'photos/o/x.jpg', 'photos/x.jpg', 'photos/oBx/x.jpg']) {
      const res = await upload(cloudPath, PNG, { openid: 'oB' });
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body).toMatchObject({ errCode: -1, errMsg: expect.stringContaining('自己的文件夹') });
      expect((await fetch(`${base}/__storage/files/${cloudPath}`)).status).toBe(404);
    }
    // A sub-folder of one's own is one's own; the check is before the body is read, so even a large one is refused.
    expect((await upload('photos/oB/sub/x.jpg', PNG, { openid: 'oB' })).status).toBe(200);
    expect((await upload('photos/oA/big.jpg', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 1), { openid: 'oB' })).status).toBe(403);
    expect(folderRefusal('cases/x.png', 'oB')).toBeNull();
    expect(folderRefusal('photos/oB/x.png', 'oB')).toBeNull();
    expect(folderRefusal('photos/oB', 'oB')).not.toBeNull();
  });

  it('never serves outside the storage folder', async () => {
    fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'SECRET');
    fs.mkdirSync(path.join(dataDir, 'storage', 'files'), { recursive: true });
    const attempts = [
      '/__storage/files/..%2f..%2fsecret.txt',
      '/__storage/files/..%2F..%2Fsecret.txt',
      '/__storage/files/%2e%2e/%2e%2e/secret.txt',
      '/__storage/files/../../secret.txt',
      '/__storage/files/..\\..\\secret.txt',
      '/__storage/files/%2fetc%2fpasswd',
      '/__storage/files/../index.json',
      '/__storage/files/%E0%A4%A',
    ];
    for (const p of attempts) {
      const res = await raw('GET', p);
      expect(res.body.toString()).not.toContain('SECRET');
      expect(res.status).not.toBe(200);
    }
    // The storage index itself is not a file of storage.
    expect((await raw('GET', '/__storage/files/..%2findex.json')).status).toBe(404);
  });
});

describe('the local wx-server-sdk storage API', () => {
  let sdk: LocalSdk;
  const inv = { openid: 'oResident1', source: 'wx_client' as const, functionName: 'cases', openapiPermissions: [] };
  const run = <T>(fn: () => Promise<T>) => invocations.run(inv, fn);
  const errCodeOf = (p: Promise<unknown>) =>
    p.then(
      () => 0,
      (e: WxApiError) => e.errCode,
    );

  beforeAll(() => {
    // A second LocalStorage on the server's folder, so temp URLs can be fetched from the running server.
    const storage = new LocalStorage({ dir: path.join(dataDir, 'storage'), baseUrl: base });
    sdk = createLocalSdk({ db: createLocalDatabase({ dir: null }), platform: new LocalPlatform(createLocalDatabase({ dir: null })), storage });
  });

  it('uploadFile → getTempFileURL (fetchable) → downloadFile → deleteFile', async () => {
    const { fileID } = await run(() => sdk.uploadFile({ cloudPath: 'server/report.png', fileContent: PNG }));
    expect(fileID).toBe(`${FILE_ID_PREFIX}server/report.png`);
    const missing = `${FILE_ID_PREFIX}server/none.png`;

    const temp = await run(() => sdk.getTempFileURL({ fileList: [fileID, { fileID: missing, maxAge: 60 }] }));
    expect(temp.fileList).toEqual([
      { fileID, tempFileURL: `${base}/__storage/files/server/report.png`, maxAge: 86400, status: 0, errMsg: 'ok' },
      { fileID: missing, tempFileURL: '', maxAge: 60, status: -1, errMsg: 'STORAGE_FILE_NONEXIST' },
    ]);
    const served = await fetch(temp.fileList[0].tempFileURL);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const down = await run(() => sdk.downloadFile({ fileID }));
    expect(Buffer.isBuffer(down.fileContent) && down.fileContent.equals(PNG)).toBe(true);

    const del = await run(() => sdk.deleteFile({ fileList: [fileID, missing] }));
    expect(del.fileList.map(({ fileID: id, status }) => ({ id, status }))).toEqual([
      { id: fileID, status: 0 },
      { id: missing, status: -1 },
    ]);
    expect(await errCodeOf(run(() => sdk.downloadFile({ fileID })))).toBe(-503003);
    expect((await fetch(`${base}/__storage/files/server/report.png`)).status).toBe(404);
  });

  it('downloads what a client uploaded over HTTP', async () => {
    const { fileID } = (await (await upload('cases/c2/from-client.png', PNG)).json()) as { fileID: string };
    const down = await run(() => sdk.downloadFile({ fileID }));
    expect(down.fileContent.equals(PNG)).toBe(true);
  });

  it('refuses traversal and foreign fileIDs', async () => {
    fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'SECRET');
    for (const fileID of [
      `${FILE_ID_PREFIX}../../secret.txt`,
      `${FILE_ID_PREFIX}../index.json`,
      `${FILE_ID_PREFIX}/etc/passwd`,
      'cloud://prod-123.7072/cases/a.png',
      '../../secret.txt',
    ]) {
      expect(await errCodeOf(run(() => sdk.downloadFile({ fileID })))).toBe(-503003);
      expect((await run(() => sdk.getTempFileURL({ fileList: [fileID] }))).fileList[0].status).toBe(-1);
      expect((await run(() => sdk.deleteFile({ fileList: [fileID] }))).fileList[0].status).toBe(-1);
    }
    expect(await errCodeOf(run(() => sdk.uploadFile({ cloudPath: '../../evil.png', fileContent: PNG })))).toBe(-501007);
    expect(fs.existsSync(path.join(dataDir, 'evil.png'))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'secret.txt'), 'utf8')).toBe('SECRET');
  });

  it('limits lists to 50 files (-501007)', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `${FILE_ID_PREFIX}x/${i}.png`);
    expect(await errCodeOf(run(() => sdk.getTempFileURL({ fileList: many })))).toBe(-501007);
    expect(await errCodeOf(run(() => sdk.deleteFile({ fileList: many })))).toBe(-501007);
  });

  it('rejects clearly when the SDK has no storage', async () => {
    const bare = createLocalSdk({ db: createLocalDatabase({ dir: null }), platform: new LocalPlatform(createLocalDatabase({ dir: null })) });
    await expect(run(() => bare.downloadFile({ fileID: `${FILE_ID_PREFIX}a.png` }))).rejects.toThrow('no cloud storage configured');
  });

  it('adapter tempFileURLs: same order, "" for a missing file, more than 50 at once', async () => {
    jest.resetModules();
    jest.doMock('wx-server-sdk', () => sdk, { virtual: false });
    const adapter = (await import('../../cloudfunctions/adapters/wx/sdk')) as typeof import('../../cloudfunctions/adapters/wx/sdk');
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await run(() => sdk.uploadFile({ cloudPath: `bulk/${i}.png`, fileContent: PNG }))).fileID);
    const asked = [...ids.slice(0, 55), `${FILE_ID_PREFIX}bulk/missing.png`, ...ids.slice(55)];
    const urls = await run(() => adapter.tempFileURLs(asked));
    expect(urls).toHaveLength(61);
    expect(urls[0]).toBe(`${base}/__storage/files/bulk/0.png`);
    expect(urls[55]).toBe('');
    expect(urls[60]).toBe(`${base}/__storage/files/bulk/59.png`);
    expect(await run(() => adapter.tempFileURLs([]))).toEqual([]);
    jest.dontMock('wx-server-sdk');
  });
});
