/**
 * The thin shell of every cloud function: parse the event, validate the payload, take identity from WeChat's
 * context, run the action, and answer with an ApiResult. Unknown actions and bad input are explicit errors that
 * change nothing.
 */
import type { z } from 'zod';
import type { ActionName, FunctionName, RequestOf, ResponseOf } from '../../types/api';
import type { ApiResult } from '../../types/result';
import { DomainError } from '../core/errors';
import { chineseErrorMap } from './schemas';

export interface ActionSpec<Req, Res, Ctx> {
  /** Validates and normalises the payload; messages are Chinese. */
  input: z.ZodType<Req, z.ZodTypeDef, unknown>;
  run(ctx: Ctx, input: Req): Promise<Res>;
}

export type ActionTable<F extends FunctionName, Ctx> = {
  [A in ActionName<F>]: ActionSpec<RequestOf<F, A>, ResponseOf<F, A>, Ctx>;
};

function fail(code: DomainError['code'], message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/** Build a function's `main` from its action table; `context()` is called once per invocation, inside it. */
export function defineFunction<F extends FunctionName, Ctx>(
  name: F,
  context: () => Ctx,
  actions: ActionTable<F, Ctx>,
): (event: unknown) => Promise<ApiResult<unknown>> {
  return async (event: unknown) => {
    const { action, payload } = (event ?? {}) as { action?: unknown; payload?: unknown };
    if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(actions, action)) {
      return fail('UNKNOWN_ACTION', `不支持的操作：${String(action)}`);
    }
    const spec = actions[action as ActionName<F>] as ActionSpec<unknown, unknown, Ctx>;
    const parsed = spec.input.safeParse(payload ?? {}, { errorMap: chineseErrorMap });
    if (!parsed.success) {
      return fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? '填写的内容不正确');
    }
    try {
      return { ok: true, data: await spec.run(context(), parsed.data) };
    } catch (err) {
      if (err instanceof DomainError) return fail(err.code, err.message);
      console.error(`[${name}.${action}]`, err);
      return fail('INTERNAL', '系统出了点问题，请稍后再试');
    }
  };
}
