/**
 * Why a cloud call failed before any function answered, told apart so the person sees what to do: try again now,
 * later, or tell the community office. Pure (no Taro, no fetch): both transports use it, test/core/cloud-errors.test.ts
 * holds the table of real failure shapes.
 *
 * Sources of the shapes: WeChat's cloud error codes (wechat-platform-facts.md: -501003/4 quota, -502003 database
 * permission, -504002/-404011 function failed, -604101 API permission), CloudBase's function error names
 * (FUNCTION_NOT_FOUND, FUNCTION_TIME_LIMIT_EXCEEDED, FUNCTION_EXCEED_RESOURCE_LIMIT, FUNCTION_INVOCATION_FAILED), and
 * what wx.cloud.callFunction really rejects with, e.g.
 * `cloud.callFunction:fail Error: errCode: -501000 | errMsg: FunctionName parameter could not be found.` or the same
 * wrapped in `errCode: -404011 cloud function execution error | ... cloud function service error code -501000 ...`.
 */
import type { ApiError, ErrorCode } from '../../types/result';

export type CloudFailure = 'not-deployed' | 'no-permission' | 'busy' | 'timeout' | 'network' | 'crashed' | 'unknown';

/** Each failure's stable code and its words, written for an elderly resident (no technical terms). */
export const CLOUD_FAILURES: Readonly<Record<CloudFailure, ApiError>> = {
  network: { code: 'NETWORK_FAILED', message: '手机好像没有连上网。请看看手机信号，过一会儿再试一次。' },
  timeout: { code: 'CLOUD_TIMEOUT', message: '等了好一会儿也没有回音，可能是网络太慢。请稍等一下，再试一次。' },
  busy: { code: 'CLOUD_BUSY', message: '现在用的人太多，一时忙不过来。请过几分钟再试。' },
  'not-deployed': { code: 'CLOUD_NOT_DEPLOYED', message: '这项服务还没有开通，暂时用不了。请告诉社区办公室。' },
  'no-permission': { code: 'CLOUD_NO_PERMISSION', message: '这一步现在办不了，要社区办公室去处理。请告诉社区办公室。' },
  crashed: { code: 'CLOUD_CRASHED', message: '系统出了点问题，没有办成。请过一会儿再试；一直不行的话，请告诉社区办公室。' },
  unknown: { code: 'CLOUD_FAILED', message: '没有办成，请再试一次；一直不行的话，请告诉社区办公室。' },
};

/** The codes only a transport sets (a function never answers with them). */
export const TRANSPORT_ERROR_CODES: readonly ErrorCode[] = Object.values(CLOUD_FAILURES).map((e) => e.code);

const NOT_DEPLOYED_CODES = [-501000];
const PERMISSION_CODES = [-604101, -502003];
const BUSY_CODES = [-501003, -501004];
const TIMEOUT_CODES = [-504003];
const CRASH_CODES = [-504002, -404011];

const NOT_DEPLOYED_TEXT = /FunctionName parameter could not be found|FUNCTION_NOT_FOUND|function not found|ResourceNotFound\.Function/i;
const PERMISSION_TEXT = /PERMISSION_DENIED|permission denied|no permission/i;
const BUSY_TEXT = /FUNCTION_EXCEED_RESOURCE_LIMIT|LimitExceeded|quota|concurrenc|too many requests|EXCEED_REQUEST_LIMIT/i;
const TIMEOUT_TEXT = /time(d)?[ _-]?out|FUNCTION_TIME_LIMIT_EXCEEDED|ETIMEDOUT/i;
const NETWORK_TEXT = /request:fail|network|failed to fetch|load failed|ERR_INTERNET|ERR_CONNECTION|ECONNREFUSED|ECONNRESET|ENOTFOUND|offline/i;
const CRASH_TEXT = /FUNCTION_INVOCATION_FAILED|functions? execute fail|execution error|user code exception/i;

/** Everything readable in a failure: errMsg, message, error names, and the codes written inside the text. */
function partsOf(err: unknown): { text: string; codes: number[] } {
  const texts: string[] = [];
  const codes: number[] = [];
  const take = (v: unknown) => {
    if (typeof v === 'string' && v) texts.push(v);
    else if (typeof v === 'number' && Number.isFinite(v)) codes.push(v);
  };
  if (typeof err === 'string') take(err);
  else if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    for (const key of ['errCode', 'errno', 'code', 'errorCode', 'errMsg', 'errmsg', 'message', 'errorMessage', 'name']) take(o[key]);
  }
  const text = texts.join(' | ');
  for (const m of text.matchAll(/(?:^|[^\w])(-[1-9]\d{5})(?!\w|\.\d)/g)) codes.push(Number(m[1]));
  return { text, codes };
}

/**
 * Sort one failure of `wx.cloud.callFunction` (or the local cloud's `{ errCode, errMsg }` answer). The specific causes
 * are looked for first, because the platform wraps them in the generic "function failed" code -404011.
 */
export function classifyCloudError(err: unknown): CloudFailure {
  const { text, codes } = partsOf(err);
  const has = (list: number[]) => codes.some((c) => list.includes(c));
  if (has(NOT_DEPLOYED_CODES) || NOT_DEPLOYED_TEXT.test(text)) return 'not-deployed';
  if (has(PERMISSION_CODES) || PERMISSION_TEXT.test(text)) return 'no-permission';
  if (has(BUSY_CODES) || BUSY_TEXT.test(text)) return 'busy';
  if (has(TIMEOUT_CODES) || TIMEOUT_TEXT.test(text)) return 'timeout';
  if (NETWORK_TEXT.test(text)) return 'network';
  if (has(CRASH_CODES) || CRASH_TEXT.test(text)) return 'crashed';
  return 'unknown';
}

/**
 * Sort an HTTP answer of the local cloud (`POST /fn/<name>`) that is not a function's envelope: its
 * `{ errCode, errMsg }` body first, then the status (404 no such route or function, 408/504 timeout, 429/503 busy,
 * 401/403 refused, other 5xx a crash).
 */
export function classifyHttpFailure(status: number, body: unknown): CloudFailure {
  const fromBody = classifyCloudError(body);
  if (fromBody !== 'unknown') return fromBody;
  if (status === 404) return 'not-deployed';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429 || status === 503) return 'busy';
  if (status === 401 || status === 403) return 'no-permission';
  if (status >= 500) return 'crashed';
  return 'unknown';
}

/** Sort a `fetch` that threw: an abort or timeout, else the network (the browser says no more than "Failed to fetch"). */
export function classifyFetchError(err: unknown): CloudFailure {
  const name = err && typeof err === 'object' ? (err as { name?: unknown }).name : undefined;
  if (name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  return 'network';
}

/** The envelope a page shows for `failure`. */
export function cloudFailure(failure: CloudFailure): { ok: false; error: ApiError } {
  return { ok: false, error: { ...CLOUD_FAILURES[failure] } };
}

/** A function's answer has this shape; anything else (e.g. `undefined` from a function that returned nothing) does not. */
export function isEnvelope(x: unknown): x is { ok: boolean } {
  return !!x && typeof x === 'object' && typeof (x as { ok?: unknown }).ok === 'boolean';
}
