/**
 * Cloud function `mediaCheck`: receives WeChat's verdict on a photo (security.mediaCheckAsync v2), pushed by the
 * platform (消息推送: message type `event`, event type `wxa_media_check`, routed to this function in the cloud
 * console — see the README's deploy guide), and applies it to the case holding the photo (core/usecases/photos.ts).
 * Its event is the push itself, not { action, payload }: hostile until checked.
 * NOTE: any mini-program client can call any cloud function by name, so a call started by a client (SOURCE
 * wx_client, wx_devtools, …, anywhere in the chain) is refused before the event is read; the SOURCE WeChat gives a
 * push is not documented, so nothing else is required of it [UNVERIFIED]. A push naming another AppID than this
 * function's is refused. Beyond that, a push counts only through its trace id, which WeChat made and only the case
 * stores (no view shows it): an unknown one changes nothing, and so does a repeated one.
 */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import { DomainError, ForbiddenError, InvalidInputError } from '../../core/errors';
import { applyImageCheck } from '../../core/usecases';
import type { ApiResult } from '../../../types/result';
import { payloadProblem } from '../../runtime/defineFunction';
import { chineseErrorMap, schemas } from '../../runtime/schemas';

/** SOURCE values of invocations a person (or another function) started: never WeChat's push. */
const CLIENT_SOURCES = new Set(['wx_client', 'wx_devtools', 'wx_localdebug', 'wx_crawler', 'wx_http', 'scf']);

/**
 * How long to wait before looking once more for an unknown trace id: submit writes the case just after WeChat
 * answered with the trace id, so a very fast push can arrive before that write (environment MEDIA_CHECK_RETRY_MS).
 */
const retryMs = (): number => {
  const set = process.env.MEDIA_CHECK_RETRY_MS?.trim();
  const n = set ? Number(set) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : 2000;
};

const fail = (err: DomainError): ApiResult<never> => ({ ok: false, error: { code: err.code, message: err.message } });

export async function main(event: unknown): Promise<ApiResult<{ applied: true }>> {
  try {
    const who = caller();
    if (who.source.split(',').some((s) => CLIENT_SOURCES.has(s.trim()))) return fail(new ForbiddenError('照片检查结果只能由微信推送'));
    const problem = payloadProblem(event);
    if (problem) return fail(new InvalidInputError(problem));
    const parsed = schemas.mediaCheckPush.safeParse(event, { errorMap: chineseErrorMap });
    if (!parsed.success) return fail(new InvalidInputError(`照片检查结果的格式不正确：${parsed.error.issues[0]?.message ?? ''}`));
    const push = parsed.data;
    if (who.appid && push.appid !== who.appid) return fail(new ForbiddenError('照片检查结果不是推送给本小程序的'));
    const deps = wxDeps();
    const result = { traceId: push.trace_id, suggest: push.result.suggest };
    let outcome = await applyImageCheck(deps, result);
    if (outcome === 'unknown' && retryMs() > 0) {
      await new Promise((resolve) => setTimeout(resolve, retryMs()));
      outcome = await applyImageCheck(deps, result);
    }
    console.log(`[mediaCheck] ${push.trace_id} ${push.result.suggest} ${outcome}`);
    if (outcome === 'unknown') return { ok: false, error: { code: 'CASE_NOT_FOUND', message: '没有照片在等这次检查的结果（可能已经处理过）' } };
    return { ok: true, data: { applied: true } };
  } catch (err) {
    if (err instanceof DomainError) return fail(err);
    console.error('[mediaCheck]', err);
    return { ok: false, error: { code: 'INTERNAL', message: '处理照片检查结果时出错了' } };
  }
}
