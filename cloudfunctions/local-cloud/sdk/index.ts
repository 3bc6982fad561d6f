/**
 * The local stand-in for the `wx-server-sdk` module: what the bundled functions call, answered by this machine.
 * Identity (getWXContext) comes from the invocation being served, carried by AsyncLocalStorage so concurrent
 * calls never see each other's OPENID.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { LocalPlatform } from '../platform';
import { WxApiError } from '../platform';
import { watchCalls } from '../counting';
import type { LocalMessagePush } from '../push';
import { LOCAL_USERNAME } from '../push';
import { qrPng } from '../qr-png';
import { LocalSecurity } from '../security';
import type { LocalStorage } from '../storage';
import type { LocalDatabase } from './database';

export interface Invocation {
  /** The caller's openid; empty for timer triggers. */
  openid: string;
  /** wx_client for calls from the mini-program, wx_trigger for timers, wx_unknown for 消息推送 (see push.ts). */
  source: 'wx_client' | 'wx_trigger' | 'wx_unknown';
  /** The function being run and the openapi permissions its config.json grants. */
  functionName: string;
  openapiPermissions: string[];
  /** Database calls made so far (counted for the inspector's function log). */
  dbCalls?: number;
  /** Lines printed so far (kept for the inspector's function log). */
  logs?: string[];
}

export const invocations = new AsyncLocalStorage<Invocation>();

export const LOCAL_APPID = 'wx0000000000local';
export const LOCAL_ENV = 'local';

function current(): Invocation {
  const inv = invocations.getStore();
  if (!inv) throw new Error('wx-server-sdk (local): called outside a function invocation');
  return inv;
}

function requirePermission(api: string): void {
  const inv = current();
  if (!inv.openapiPermissions.includes(api)) {
    throw new WxApiError(-604101, `openapi.${api}:fail function has no permission to call this API (add it to ${inv.functionName}/config.json)`);
  }
}

export interface LocalSdkDeps {
  db: LocalDatabase;
  platform: LocalPlatform;
  /** Cloud storage; without it the storage APIs throw (tests that do not need it). */
  storage?: LocalStorage;
  /** Content security; without it the default word list is used. */
  security?: LocalSecurity;
  /** 消息推送: where mediaCheckAsync's verdicts go; without it they are never pushed (no route configured). */
  push?: LocalMessagePush;
  /** The local clock (ms), for the pushes' CreateTime; Date.now by default. */
  now?: () => number;
}

/** Build the module object that `require('wx-server-sdk')` returns inside the local cloud. */
export function createLocalSdk(deps: LocalSdkDeps) {
  const security = deps.security ?? new LocalSecurity();
  // Every database call that reaches the store is counted on the invocation making it (the inspector's function log).
  const counted = watchCalls(deps.db, (_kind, _collection, result) => {
    const inv = invocations.getStore();
    if (inv) inv.dbCalls = (inv.dbCalls ?? 0) + 1;
    return result;
  });
  const storage = (): LocalStorage => {
    if (!deps.storage) throw new Error('wx-server-sdk (local): no cloud storage configured');
    return deps.storage;
  };
  return {
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    /** Accepts the same options as the real init; there is one environment locally. */
    init(_config?: unknown): void {},
    /** The local database (an embedded durable store with WeChat Cloud's API). */
    database(_opts?: unknown): LocalDatabase {
      return counted;
    },
    /** The caller as WeChat would authenticate it. */
    getWXContext() {
      const inv = current();
      return {
        OPENID: inv.openid || undefined,
        APPID: LOCAL_APPID,
        UNIONID: undefined,
        ENV: LOCAL_ENV,
        SOURCE: inv.source,
        CLIENTIP: '127.0.0.1',
      };
    },
    /** Cloud storage (admin: no storage rules apply to functions). */
    async uploadFile(req: { cloudPath: string; fileContent: Buffer | NodeJS.ReadableStream }) {
      return storage().uploadFile(req);
    },
    async downloadFile(req: { fileID: string }) {
      return storage().downloadFile(req);
    },
    async getTempFileURL(req: { fileList: (string | { fileID: string; maxAge?: number })[] }) {
      return storage().getTempFileURL(req);
    },
    async deleteFile(req: { fileList: string[] }) {
      return storage().deleteFile(req);
    },
    openapi: {
      wxacode: {
        /**
         * wxacode.getUnlimited, locally: a standard QR code (PNG) of the H5 build's page on this server with the same
         * `scene`, so scanning it with a phone (or opening its URL) opens the same report page. WeChat's own checks:
         * the permission, `scene` of 1–32 allowed characters, a page without a leading slash.
         */
        async getUnlimited(req: { scene?: unknown; page?: unknown; width?: unknown }) {
          requirePermission('wxacode.getUnlimited');
          const scene = typeof req.scene === 'string' ? req.scene : '';
          if (!/^[A-Za-z0-9!#$&'()*+,/:;=?@._~-]{1,32}$/.test(scene))
            throw new WxApiError(40169, 'openapi.wxacode.getUnlimited:fail invalid length for scene, or the data is not json string');
          const page = typeof req.page === 'string' && req.page ? req.page : 'pages/index/index';
          if (page.startsWith('/')) throw new WxApiError(41030, 'openapi.wxacode.getUnlimited:fail invalid page rule (no leading slash)');
          const origin = deps.storage?.origin ?? 'http://127.0.0.1';
          const url = `${origin}/#/${page}?scene=${encodeURIComponent(scene)}`;
          const width = typeof req.width === 'number' && req.width >= 280 && req.width <= 1280 ? req.width : 430;
          const buffer = qrPng(url, { errorCorrectionLevel: 'M', margin: 2, width });
          return { errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok', contentType: 'image/png', buffer };
        },
      },
      subscribeMessage: {
        async send(req: Record<string, unknown>) {
          requirePermission('subscribeMessage.send');
          return deps.platform.send(req);
        },
      },
      security: {
        async msgSecCheck(req: { content: string; version?: number; scene?: number; openid?: string }) {
          requirePermission('security.msgSecCheck');
          return security.msgSecCheck(req);
        },
        async mediaCheckAsync(req: Record<string, unknown>) {
          requirePermission('security.mediaCheckAsync');
          const { answer, check } = security.mediaCheckAsync(req);
          // WeChat downloads and judges the media after answering; the verdict is pushed (push.ts).
          deps.push?.enqueue(`wxa_media_check ${check.traceId}`, async () =>
            security.mediaCheckPush(check, deps.storage?.readTempURL(check.mediaUrl) ?? null, {
              appid: LOCAL_APPID,
              username: LOCAL_USERNAME,
              nowMs: (deps.now ?? Date.now)(),
            }),
          );
          return answer;
        },
        async imgSecCheck(req: { media: { contentType: string; value: Buffer } }) {
          requirePermission('security.imgSecCheck');
          return security.imgSecCheck(req);
        },
      },
    },
  };
}

export type LocalSdk = ReturnType<typeof createLocalSdk>;
