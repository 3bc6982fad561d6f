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
