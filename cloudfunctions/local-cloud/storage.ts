/**
 * Cloud storage as the local cloud emulates it. Files live under `<dataDir>/storage/`:
 *
 *   storage/files/<cloudPath>   the bytes, one file per cloudPath (the cloudPath's folders are real folders)
 *   storage/index.json          { "<cloudPath>": { contentType, uploader, size, uploadedAt } }
 *
 * fileIDs look like WeChat's: `cloud://local.golden-key/<cloudPath>`.
 *
 * HTTP (wired by server.ts):
 *   POST /__storage/upload?cloudPath=<path>   the H5 stand-in for wx.cloud.uploadFile: raw bytes as the body,
 *                                             x-local-openid required (401), ≤ 2 MB (413), image types only (415;
 *                                             an untyped or octet-stream body is typed by its magic bytes, else
 *                                             by the cloudPath's extension) — under voices/ audio types only
 *                                             (AUDIO_UPLOAD_TYPES: voice notes; typed the same way),
 *                                             cloudPath checked (400), photos/<someone else>/… and
 *                                             voices/<someone else>/… refused (403)
 *                                             → 200 { fileID, statusCode: 200, errMsg }
 *   GET  /__storage/files/<cloudPath>         the bytes with their stored content type (404 when missing);
 *                                             `Range: bytes=a-b` answers 206 with that part (Accept-Ranges: bytes),
 *                                             as an <audio> element asks for a voice note
 *
 * Server side (the local wx-server-sdk): uploadFile, downloadFile, getTempFileURL, deleteFile with
 * wx-server-sdk's shapes; a missing file is -503003 STORAGE_FILE_NONEXIST (per-item status -1 in lists).
 *
 * Local simplifications (NOTE):
 * - temp URLs never expire and are not signed; maxAge is echoed back only.
 * - a client upload may not overwrite a file another user uploaded (WeChat's default storage rule "creator
 *   writes"): 403. Server-side uploads (admin) may overwrite anything.
 * - a client may upload under `photos/` only into its own folder `photos/<openid>/` (403 otherwise): what the
 *   deployment's storage security rule is meant to enforce; cases accept only photos from the caller's folder
 *   (core/photos.ts ownsPhoto) either way.
 * - a cloudPath cannot be both a file and a folder (`a` and `a/b`): the second upload is refused (400).
 * - only image types are accepted from the client (no SVG/HTML: they would be served from the H5's origin), and under
 *   voices/ only audio types.
 */
import fs from 'fs';
import type http from 'http';
import path from 'path';
import { WxApiError } from './platform';
import { PHOTO_FOLDER, VOICE_FOLDER } from '../core/photos';

export const FILE_ID_PREFIX = 'cloud://local.golden-key/';
/** Client upload limit of this project (not WeChat's, which is larger). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_CLOUD_PATH = 200;
/** Items per getTempFileURL / deleteFile call (WeChat: 50). */
export const MAX_FILES_PER_CALL = 50;
/** Content types a client may upload. */
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
/**
 * Content types a client may upload under voices/ (voice notes): WeChat's recorder gives mp3 (or aac/m4a), Chromium's
 * MediaRecorder webm/opus, Firefox ogg, Safari mp4.
 */
export const AUDIO_UPLOAD_TYPES = ['audio/mpeg', 'audio/webm', 'audio/ogg', 'audio/mp4', 'audio/aac', 'audio/x-m4a'];

const STORAGE_FILE_NONEXIST = -503003;
const BAD_PARAMS = -501007;

const EXT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp3': 'audio/mpeg',
  '.webm': 'audio/webm',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  // 通报 the functions store (clients may upload images only: UPLOAD_TYPES).
  '.html': 'text/html; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface StoredFileMeta {
  contentType: string;
  /** The uploader's openid ('' for an upload by a cloud function). */
  uploader: string;
  size: number;
  uploadedAt: string;
}

export interface TempFileURLItem {
  fileID: string;
  tempFileURL: string;
  maxAge: number;
  status: number;
  errMsg: string;
}

/** Why `cloudPath` is not acceptable, or null. */
export function cloudPathProblem(cloudPath: unknown): string | null {
  if (typeof cloudPath !== 'string' || cloudPath === '') return 'cloudPath is required';
  if (cloudPath.length > MAX_CLOUD_PATH) return `cloudPath longer than ${MAX_CLOUD_PATH} characters`;
  if (!/^[A-Za-z0-9/_.-]+$/.test(cloudPath)) return 'cloudPath may only contain A-Z a-z 0-9 / _ . -';
  if (cloudPath.startsWith('/')) return 'cloudPath must not start with /';
  if (cloudPath.includes('..')) return 'cloudPath must not contain ..';
  if (cloudPath.split('/').some((seg) => seg === '' || seg === '.')) return 'cloudPath has an empty or "." segment';
  return null;
}

/** Why a client (`openid`) may not upload to a (valid) cloudPath, or null: under photos/ and voices/, only its own folder. */
export function folderRefusal(cloudPath: string, openid: string): string | null {
  const [top, folder, ...rest] = cloudPath.split('/');
  if (top !== PHOTO_FOLDER && top !== VOICE_FOLDER) return null;
  if (folder === openid && rest.length > 0) return null;
  const what = top === VOICE_FOLDER ? '语音' : '照片';
  return `permission denied: ${what}只能传到自己的文件夹 ${top}/<自己的openid>/ 下，不能传到别人的文件夹`;
}

/** The audio type shown by a file's first bytes (MP3, WebM, Ogg, MP4/M4A, AAC ADTS), or null. */
export function sniffAudio(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes.subarray(0, 3).toString('latin1') === 'ID3') return 'audio/mpeg';
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'audio/webm';
  if (bytes.length >= 4 && bytes.subarray(0, 4).toString('latin1') === 'OggS') return 'audio/ogg';
  if (bytes.length >= 8 && bytes.subarray(4, 8).toString('latin1') === 'ftyp') return 'audio/mp4';
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xf6) === 0xf0) return 'audio/aac';
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) return 'audio/mpeg';
  return null;
}

/** The cloudPath of one of our fileIDs, or null for anything else. */
export function cloudPathOf(fileID: unknown): string | null {
  if (typeof fileID !== 'string' || !fileID.startsWith(FILE_ID_PREFIX)) return null;
  const p = fileID.slice(FILE_ID_PREFIX.length);
  return cloudPathProblem(p) === null ? p : null;
}

function typeFromName(name: string): string {
  return EXT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** The image type shown by the file's first bytes (JPEG, PNG, GIF, WebP), or null. */
export function sniffImage(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

function imageTypeFromName(name: string): string | null {
  const type = typeFromName(name);
  return UPLOAD_TYPES.includes(type) ? type : null;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function collect(content: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  if (content instanceof Uint8Array) return Buffer.from(content);
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if (content && typeof (content as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of content as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
    return Buffer.concat(chunks);
  }
  throw new WxApiError(BAD_PARAMS, 'uploadFile:fail fileContent must be a Buffer or a readable stream');
}

export class LocalStorage {
  private readonly root: string;
  private readonly filesDir: string;
  private readonly indexFile: string;
  private readonly index: Map<string, StoredFileMeta>;
  private baseUrl: string | null;

  /** `dir` is `<dataDir>/storage`; `baseUrl` (http://127.0.0.1:<port>) can also be set after listen. */
  constructor(opts: { dir: string; baseUrl?: string }) {
    this.root = path.resolve(opts.dir);
    this.filesDir = path.join(this.root, 'files');
    this.indexFile = path.join(this.root, 'index.json');
    fs.mkdirSync(this.filesDir, { recursive: true });
    const saved = fs.existsSync(this.indexFile) ? (JSON.parse(fs.readFileSync(this.indexFile, 'utf8')) as Record<string, StoredFileMeta>) : {};
    this.index = new Map(Object.entries(saved));
    this.baseUrl = opts.baseUrl ? opts.baseUrl.replace(/\/+$/, '') : null;
  }

  /** The server's origin as set, or null before the server listens (the local 地点码 open the H5 build on it). */
  get origin(): string | null {
    return this.baseUrl;
  }

  /** The server's origin, e.g. http://127.0.0.1:8686 (temp URLs are built on it). */
  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  fileIDOf(cloudPath: string): string {
    return FILE_ID_PREFIX + cloudPath;
  }

  /** Absolute path of a (validated) cloudPath; throws if it would leave the files folder. */
  private fileOf(cloudPath: string): string {
    const file = path.resolve(this.filesDir, cloudPath);
    if (!file.startsWith(this.filesDir + path.sep)) throw new WxApiError(BAD_PARAMS, 'cloudPath outside the storage folder');
    return file;
  }

  private saveIndex(): void {
    const tmp = `${this.indexFile}~`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.index), null, 1));
    fs.renameSync(tmp, this.indexFile);
  }

  /** Metadata and bytes of a stored file, or null. */
  read(cloudPath: string): { meta: StoredFileMeta; bytes: Buffer } | null {
    if (cloudPathProblem(cloudPath)) return null;
    const file = this.fileOf(cloudPath);
    let bytes: Buffer;
    try {
      if (!fs.statSync(file).isFile()) return null;
      bytes = fs.readFileSync(file);
    } catch {
      return null;
    }
    const meta = this.index.get(cloudPath) ?? { contentType: typeFromName(cloudPath), uploader: '', size: bytes.length, uploadedAt: '' };
    return { meta, bytes };
  }

  exists(cloudPath: string): boolean {
    if (cloudPathProblem(cloudPath)) return false;
    try {
      return fs.statSync(this.fileOf(cloudPath)).isFile();
    } catch {
      return false;
    }
  }

  /** Store bytes at cloudPath (overwrites); returns the fileID. */
  write(cloudPath: string, bytes: Buffer, meta: { contentType: string; uploader: string }): string {
    const problem = cloudPathProblem(cloudPath);
    if (problem) throw new WxApiError(BAD_PARAMS, `uploadFile:fail ${problem}`);
    const file = this.fileOf(cloudPath);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new Error('is a folder');
      const tmp = `${file}.${process.pid}.${Date.now()}.part`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
    } catch (err) {
      throw new WxApiError(BAD_PARAMS, `uploadFile:fail cloudPath conflicts with an existing file or folder (${String((err as Error).message ?? err)})`);
    }
    this.index.set(cloudPath, { ...meta, size: bytes.length, uploadedAt: new Date().toISOString() });
    this.saveIndex();
    return this.fileIDOf(cloudPath);
  }

  /**
   * Every stored file with its metadata and bytes, sorted by cloudPath (for a snapshot). Synchronous, so no write of
   * this storage (all synchronous too) lands in the middle. Files written by hand without an index entry get the
   * metadata read() gives them; half-written `.part` files are skipped.
   */
  entries(): Array<{ cloudPath: string; meta: StoredFileMeta; bytes: Buffer }> {
    const out: Array<{ cloudPath: string; meta: StoredFileMeta; bytes: Buffer }> = [];
    const walk = (dir: string, prefix: string): void => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const cloudPath = prefix + entry.name;
        if (entry.isDirectory()) walk(path.join(dir, entry.name), `${cloudPath}/`);
        else if (entry.isFile() && !entry.name.endsWith('.part')) {
          const found = this.read(cloudPath);
          if (found) out.push({ cloudPath, ...found });
        }
      }
    };
    walk(this.filesDir, '');
    return out.sort((a, b) => (a.cloudPath < b.cloudPath ? -1 : a.cloudPath > b.cloudPath ? 1 : 0));
  }

  /** Store a file with the metadata it had (a snapshot's import): nothing is re-dated or re-owned. */
  restore(cloudPath: string, bytes: Buffer, meta: StoredFileMeta): void {
    this.write(cloudPath, bytes, meta);
    this.index.set(cloudPath, { ...meta, size: bytes.length });
    this.saveIndex();
  }

  /** Remove a stored file; false when it was not there. */
  remove(cloudPath: string): boolean {
    if (!this.exists(cloudPath)) return false;
    fs.rmSync(this.fileOf(cloudPath));
    this.index.delete(cloudPath);
    this.saveIndex();
    return true;
  }

  /**
   * The bytes a temporary URL of this storage serves now, or null: another origin (the local cloud downloads nothing
   * from anywhere else), a path outside the files, or a missing file. What WeChat's content check downloads.
   */
  readTempURL(url: string): Buffer | null {
    const prefix = this.baseUrl ? `${this.baseUrl}/__storage/files/` : null;
    if (!prefix || !url.startsWith(prefix)) return null;
    let cloudPath: string;
    try {
      cloudPath = decodeURIComponent(url.slice(prefix.length).split(/[?#]/)[0]);
    } catch {
      return null;
    }
    return this.read(cloudPath)?.bytes ?? null;
  }

  // ---- the local wx-server-sdk's storage API ----

  async uploadFile(req: { cloudPath?: unknown; fileContent?: unknown }): Promise<{ fileID: string; statusCode: number; errMsg: string }> {
    const cloudPath = req?.cloudPath;
    const problem = cloudPathProblem(cloudPath);
    if (problem) throw new WxApiError(BAD_PARAMS, `uploadFile:fail ${problem}`);
    const bytes = await collect(req.fileContent);
    const fileID = this.write(cloudPath as string, bytes, { contentType: typeFromName(cloudPath as string), uploader: '' });
    return { fileID, statusCode: 200, errMsg: 'uploadFile:ok' };
  }

  async downloadFile(req: { fileID?: unknown }): Promise<{ fileContent: Buffer; statusCode: number; errMsg: string }> {
    const cloudPath = cloudPathOf(req?.fileID);
    const found = cloudPath === null ? null : this.read(cloudPath);
    if (!found) throw new WxApiError(STORAGE_FILE_NONEXIST, `downloadFile:fail STORAGE_FILE_NONEXIST ${String(req?.fileID)}`);
    return { fileContent: found.bytes, statusCode: 200, errMsg: 'downloadFile:ok' };
  }

  async getTempFileURL(req: { fileList?: unknown }): Promise<{ fileList: TempFileURLItem[]; errMsg: string }> {
    const list = req?.fileList;
    if (!Array.isArray(list) || list.length === 0) throw new WxApiError(BAD_PARAMS, 'getTempFileURL:fail fileList must be a non-empty array');
    if (list.length > MAX_FILES_PER_CALL) throw new WxApiError(BAD_PARAMS, `getTempFileURL:fail at most ${MAX_FILES_PER_CALL} files per call`);
    if (!this.baseUrl) throw new Error('local storage: base URL not set (the server sets it once it listens)');
    const fileList = list.map((item: unknown): TempFileURLItem => {
      const obj = typeof item === 'string' ? { fileID: item } : ((item ?? {}) as { fileID?: unknown; maxAge?: unknown });
      const fileID = typeof obj.fileID === 'string' ? obj.fileID : '';
      const maxAge = typeof (obj as { maxAge?: unknown }).maxAge === 'number' ? (obj as { maxAge: number }).maxAge : 86400;
      const cloudPath = cloudPathOf(fileID);
      if (cloudPath === null || !this.exists(cloudPath)) return { fileID, tempFileURL: '', maxAge, status: -1, errMsg: 'STORAGE_FILE_NONEXIST' };
      return { fileID, tempFileURL: `${this.baseUrl}/__storage/files/${cloudPath}`, maxAge, status: 0, errMsg: 'ok' };
    });
    return { fileList, errMsg: 'getTempFileURL:ok' };
  }

  async deleteFile(req: { fileList?: unknown }): Promise<{ fileList: { fileID: string; status: number; errMsg: string }[]; errMsg: string }> {
    const list = req?.fileList;
    if (!Array.isArray(list) || list.length === 0) throw new WxApiError(BAD_PARAMS, 'deleteFile:fail fileList must be a non-empty array');
    if (list.length > MAX_FILES_PER_CALL) throw new WxApiError(BAD_PARAMS, `deleteFile:fail at most ${MAX_FILES_PER_CALL} files per call`);
    const fileList = list.map((fileID: unknown) => {
      const cloudPath = cloudPathOf(fileID);
      const id = typeof fileID === 'string' ? fileID : '';
      return cloudPath !== null && this.remove(cloudPath)
        ? { fileID: id, status: 0, errMsg: 'ok' }
        : { fileID: id, status: -1, errMsg: 'STORAGE_FILE_NONEXIST' };
    });
    return { fileList, errMsg: 'deleteFile:ok' };
  }

  // ---- HTTP ----

  /** Serve /__storage/* routes; false when the request is not one of them. `openid` is the caller's header. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, openid: string): Promise<boolean> {
    if (req.method === 'POST' && url.pathname === '/__storage/upload') {
      await this.handleUpload(req, res, url, openid);
      return true;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname.startsWith('/__storage/files/')) {
      this.handleGet(req, res, url);
      return true;
    }
    return false;
  }

  private async handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, openid: string): Promise<void> {
    const fail = (status: number, errMsg: string) => {
      // Drain what the client still sends, so it reads this answer instead of a reset connection.
      req.resume();
      json(res, status, { errCode: -1, errMsg: `uploadFile:fail ${errMsg}` });
    };
    if (!openid) return fail(401, 'no identity (x-local-openid header missing)');
    const cloudPath = url.searchParams.get('cloudPath');
    const problem = cloudPathProblem(cloudPath);
    if (problem) return fail(400, problem);
    const refusal = folderRefusal(cloudPath as string, openid);
    if (refusal) return fail(403, refusal);
    const declared = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    // A browser Blob may have no type: then the bytes (or the name) must show an image (under voices/: audio).
    const untyped = declared === '' || declared === 'application/octet-stream';
    const audio = (cloudPath as string).startsWith(`${VOICE_FOLDER}/`);
    const allowed = audio ? AUDIO_UPLOAD_TYPES : UPLOAD_TYPES;
    if (!untyped && !allowed.includes(declared)) return fail(415, `content-type must be one of ${allowed.join(', ')}`);
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > MAX_UPLOAD_BYTES) return fail(413, `file larger than ${MAX_UPLOAD_BYTES} bytes`);
    const owner = this.index.get(cloudPath as string)?.uploader;
    if (this.exists(cloudPath as string) && owner !== undefined && owner !== openid) return fail(403, 'permission denied: the file belongs to another user');

    const bytes = await new Promise<Buffer | null>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (c: Buffer) => {
        if (over) return;
        size += c.length;
        if (size > MAX_UPLOAD_BYTES) {
          over = true;
          chunks.length = 0;
        } else chunks.push(c);
      });
      req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
      req.on('error', reject);
    });
    if (bytes === null) return fail(413, `file larger than ${MAX_UPLOAD_BYTES} bytes`);
    if (bytes.length === 0) return fail(400, 'empty file');
    const byName = typeFromName(cloudPath as string);
    const contentType = !untyped
      ? declared
      : audio
        ? (sniffAudio(bytes) ?? (AUDIO_UPLOAD_TYPES.includes(byName) ? byName : null))
        : (sniffImage(bytes) ?? imageTypeFromName(cloudPath as string));
    if (!contentType) return fail(415, `not ${audio ? 'audio' : 'an image'} (content-type must be one of ${allowed.join(', ')})`);
    let fileID: string;
    try {
      fileID = this.write(cloudPath as string, bytes, { contentType, uploader: openid });
    } catch (err) {
      if (err instanceof WxApiError) return fail(400, err.errMsg.replace(/^uploadFile:fail /, ''));
      throw err;
    }
    json(res, 200, { fileID, statusCode: 200, errMsg: 'uploadFile:ok' });
  }

  private handleGet(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    let cloudPath: string;
    try {
      cloudPath = decodeURIComponent(url.pathname.slice('/__storage/files/'.length));
    } catch {
      return json(res, 404, { errCode: STORAGE_FILE_NONEXIST, errMsg: 'STORAGE_FILE_NONEXIST' });
    }
    const found = this.read(cloudPath);
    if (!found) return json(res, 404, { errCode: STORAGE_FILE_NONEXIST, errMsg: 'STORAGE_FILE_NONEXIST' });
    // A media element asks for parts (`Range: bytes=0-`): answer 206 with the part, or 416 for one outside the file.
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? '').trim());
    const size = found.bytes.length;
    if (range && (range[1] !== '' || range[2] !== '')) {
      let start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
      let end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
      if (start >= size || start > end) {
        res.writeHead(416, { 'content-range': `bytes */${size}`, 'cache-control': 'no-store' });
        res.end();
        return;
      }
      start = Math.max(0, start);
      end = Math.max(start, end);
      res.writeHead(206, {
        'content-type': found.meta.contentType,
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${size}`,
        'accept-ranges': 'bytes',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : found.bytes.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, {
      // A stored page may show and style itself, nothing more (no scripts, no requests).
      ...(found.meta.contentType.startsWith('text/html') ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" } : {}),
      'content-type': found.meta.contentType,
      'content-length': found.bytes.length,
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : found.bytes);
  }
}
