/**
 * NOTE: the ONE module that imports wx-server-sdk. It initialises the SDK on first use (never at import time), so
 * importing it has no side effects; in the local cloud `wx-server-sdk` resolves to the local implementation.
 */
import * as cloud from 'wx-server-sdk';
import type { Database } from './db-types';

let initialised = false;

function sdk(): typeof cloud {
  if (!initialised) {
    // DYNAMIC_CURRENT_ENV is a symbol at runtime although init() is typed to take a string.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string } as Parameters<typeof cloud.init>[0]);
    initialised = true;
  }
  return cloud;
}

/** The cloud database, typed to the subset we use. */
export function database(): Database {
  return sdk().database() as unknown as Database;
}

export interface CallerContext {
  /** The caller's openid, authenticated by WeChat; null for timer triggers. */
  openid: string | null;
  /** wx_client, wx_devtools, wx_trigger, … (a chain like "wx_client,scf" when a function called another). */
  source: string;
  /** The mini-program's AppID; may be absent outside calls from the mini-program. */
  appid: string | null;
}

/** Who is calling, from WeChat's context (never from the event payload). Call inside the handler only. */
export function caller(): CallerContext {
  const ctx = sdk().getWXContext() as { OPENID?: string; SOURCE?: string; APPID?: string };
  return { openid: ctx.OPENID || null, source: ctx.SOURCE ?? '', appid: ctx.APPID || null };
}

interface OpenApiError {
  errCode?: number;
  errMsg?: string;
}

/** openapi.subscribeMessage.send; resolves with WeChat's error code instead of throwing. */
export async function sendSubscribeMessage(msg: {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
}): Promise<{ ok: true } | { ok: false; errCode: number; errMsg: string }> {
  const openapi = sdk().openapi as { subscribeMessage: { send(m: typeof msg): Promise<OpenApiError> } };
  try {
    const res = await openapi.subscribeMessage.send(msg);
    if (res && typeof res.errCode === 'number' && res.errCode !== 0) {
      return { ok: false, errCode: res.errCode, errMsg: res.errMsg ?? '' };
    }
    return { ok: true };
  } catch (err) {
    const e = err as OpenApiError;
    return { ok: false, errCode: typeof e.errCode === 'number' ? e.errCode : -1, errMsg: e.errMsg ?? String(err) };
  }
}

/** A failed cloud call (openapi or storage), with WeChat's error code. */
export class WxCallError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`${errMsg} (errCode ${errCode})`);
  }
}

function callError(err: unknown): WxCallError {
  const e = (err ?? {}) as OpenApiError & { message?: string };
  return new WxCallError(typeof e.errCode === 'number' ? e.errCode : -1, e.errMsg ?? e.message ?? String(err));
}

export type TextVerdict = 'pass' | 'review' | 'risky';
/** msgSecCheck scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export type TextScene = 1 | 2 | 3 | 4;

interface SecurityApi {
  msgSecCheck(req: {
    content: string;
    version: 2;
    scene: TextScene;
    openid: string;
  }): Promise<OpenApiError & { result?: { suggest?: string; label?: number } }>;
  mediaCheckAsync(req: {
    media_url: string;
    media_type: 1 | 2;
    version: 2;
    scene: TextScene;
    openid: string;
  }): Promise<OpenApiError & { traceId?: string; trace_id?: string }>;
}

function securityApi(): SecurityApi {
  return (sdk().openapi as { security: SecurityApi }).security;
}

/**
 * Content security for a text (msgSecCheck v2). v2 answers errCode 0 even for bad content: the verdict is
 * result.suggest. Any failure (permission, too long, openid not seen in the last 2 hours, …) throws WxCallError.
 * Needs "security.msgSecCheck" in the function's config.json.
 */
export async function checkText(content: string, openid: string, scene: TextScene): Promise<TextVerdict> {
  let res: Awaited<ReturnType<SecurityApi['msgSecCheck']>>;
  try {
    res = await securityApi().msgSecCheck({ content, version: 2, scene, openid });
  } catch (err) {
    throw callError(err);
  }
  if (res && typeof res.errCode === 'number' && res.errCode !== 0) throw callError(res);
  const suggest = res?.result?.suggest;
  if (suggest === 'pass' || suggest === 'review' || suggest === 'risky') return suggest;
  throw new WxCallError(-1, `msgSecCheck: unexpected result ${JSON.stringify(res?.result)}`);
}

/**
 * Ask WeChat to check an image (security.mediaCheckAsync v2, media_type 2; or audio, a voice note: `mediaType` 1) at an http(s) URL it can download (a
 * cloud fileID is not accepted: pass getTempFileURL's URL). WeChat answers at once with a trace id (the cloud call
 * names it `traceId`, the HTTPS API `trace_id`) and pushes the verdict, carrying it, within 30 minutes (消息推送,
 * event wxa_media_check → the `mediaCheck` function). Any failure (permission, quota, openid not seen in the last
 * 2 hours, …) throws WxCallError. Needs "security.mediaCheckAsync" in the function's config.json.
 */
export async function checkImageAsync(url: string, openid: string, scene: TextScene, mediaType: 1 | 2 = 2): Promise<{ traceId: string }> {
  let res: Awaited<ReturnType<SecurityApi['mediaCheckAsync']>>;
  try {
    res = await securityApi().mediaCheckAsync({ media_url: url, media_type: mediaType, version: 2, scene, openid });
  } catch (err) {
    throw callError(err);
  }
  if (res && typeof res.errCode === 'number' && res.errCode !== 0) throw callError(res);
  const traceId = res?.traceId ?? res?.trace_id;
  if (typeof traceId !== 'string' || traceId === '') throw new WxCallError(-1, `mediaCheckAsync: no trace id in ${JSON.stringify(res)}`);
  return { traceId };
}

/** Temporary download URLs for cloud fileIDs, in the same order; '' for a file that does not exist. */
export async function tempFileURLs(fileIDs: string[]): Promise<string[]> {
  const urls: string[] = [];
  // WeChat answers at most 50 files per call.
  for (let i = 0; i < fileIDs.length; i += 50) {
    const chunk = fileIDs.slice(i, i + 50);
    let res: { fileList?: { fileID: string; tempFileURL?: string; status?: number }[] };
    try {
      res = (await sdk().getTempFileURL({ fileList: chunk })) as typeof res;
    } catch (err) {
      throw callError(err);
    }
    const list = res?.fileList ?? [];
    chunk.forEach((id, j) => {
      const item = list[j]?.fileID === id ? list[j] : list.find((f) => f.fileID === id);
      urls.push(item && item.status === 0 && item.tempFileURL ? item.tempFileURL : '');
    });
  }
  return urls;
}

/** Store a file the function made (a 通报) at `cloudPath`, replacing one there; its fileID. A failed call throws WxCallError. */
export async function uploadFile(cloudPath: string, content: Uint8Array | string): Promise<string> {
  try {
    const res = (await sdk().uploadFile({ cloudPath, fileContent: Buffer.from(content) })) as { fileID?: string };
    if (!res?.fileID) throw new Error(`uploadFile answered no fileID for ${cloudPath}`);
    return res.fileID;
  } catch (err) {
    throw callError(err);
  }
}

/** Delete cloud files; one already gone (per-file status not 0) is no failure. A failed call throws WxCallError. */
export async function deleteFiles(fileIDs: string[]): Promise<void> {
  // WeChat takes at most 50 files per call.
  for (let i = 0; i < fileIDs.length; i += 50) {
    try {
      await sdk().deleteFile({ fileList: fileIDs.slice(i, i + 50) });
    } catch (err) {
      throw callError(err);
    }
  }
}

/**
 * openapi.wxacode.getUnlimited: a mini-program code (PNG) that opens `page` with `scene` (≤ 32 characters). Needs
 * the function permission `wxacode.getUnlimited` in config.json. `check_path: false` lets a code be made before the
 * page is released. Any failure throws WxCallError.
 */
export async function makePlaceCodeImage(scene: string, page: string, envVersion: 'release' | 'trial' | 'develop'): Promise<Uint8Array> {
  const openapi = sdk().openapi as {
    wxacode: {
      getUnlimited(req: {
        scene: string;
        page: string;
        check_path: boolean;
        env_version: string;
        width: number;
      }): Promise<OpenApiError & { buffer?: Uint8Array; contentType?: string }>;
    };
  };
  let res: OpenApiError & { buffer?: Uint8Array };
  try {
    res = await openapi.wxacode.getUnlimited({ scene, page, check_path: false, env_version: envVersion, width: 860 });
  } catch (err) {
    throw callError(err);
  }
  if (res && typeof res.errCode === 'number' && res.errCode !== 0) throw new WxCallError(res.errCode, res.errMsg ?? '');
  if (!res?.buffer || res.buffer.length === 0) throw new WxCallError(-1, 'wxacode.getUnlimited answered no image');
  return new Uint8Array(res.buffer);
}
