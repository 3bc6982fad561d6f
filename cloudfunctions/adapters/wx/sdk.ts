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
  /** wx_client, wx_devtools, wx_trigger, … */
  source: string;
}

/** Who is calling, from WeChat's context (never from the event payload). Call inside the handler only. */
export function caller(): CallerContext {
  const ctx = sdk().getWXContext() as { OPENID?: string; SOURCE?: string };
  return { openid: ctx.OPENID || null, source: ctx.SOURCE ?? '' };
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
  imgSecCheck(req: { media: { contentType: string; value: Buffer } }): Promise<OpenApiError>;
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

const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

/**
 * Content security for an image in cloud storage: downloadFile, then imgSecCheck (v1, synchronous, ≤ 1 MB).
 * 87014 → 'risky'; a missing or over-1-MB file → 'unusable'; any other failure throws WxCallError.
 * Needs "security.imgSecCheck" in the function's config.json.
 */
export async function checkImage(fileID: string): Promise<'pass' | 'risky' | 'unusable'> {
  let value: Buffer;
  try {
    value = ((await sdk().downloadFile({ fileID })) as { fileContent: Buffer }).fileContent;
  } catch {
    // NOTE: a photo that is not in storage cannot be checked, so it cannot be accepted.
    return 'unusable';
  }
  // imgSecCheck takes at most 1 MB: a larger photo cannot be checked, so it is not accepted either.
  if (value.length > 1024 * 1024) return 'unusable';
  const ext = (/\.([A-Za-z0-9]+)$/.exec(fileID)?.[1] ?? '').toLowerCase();
  const contentType = IMAGE_TYPES[ext] ?? 'image/jpeg';
  try {
    const res = await securityApi().imgSecCheck({ media: { contentType, value } });
    if (res && typeof res.errCode === 'number' && res.errCode !== 0) {
      if (res.errCode === 87014) return 'risky';
      throw callError(res);
    }
    return 'pass';
  } catch (err) {
    if (err instanceof WxCallError) throw err;
    if ((err as OpenApiError)?.errCode === 87014) return 'risky';
    throw callError(err);
  }
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
