/**
 * The thin shell of every cloud function: parse the event, validate the payload, take identity from WeChat's
 * context, run the action, and answer with an ApiResult. Unknown actions and bad input are explicit errors that
 * change nothing.
 * NOTE: the shell is total: whatever the event is (null, an array, a string, an object with `__proto__` or
 * `toString` keys, a payload too big or too deep) the answer is an ApiResult with a Chinese message, never a throw
 * (a throw would reach the caller as a platform error with an English message).
 */
import type { z } from 'zod';
import type { ActionName, FunctionName, RequestOf, ResponseOf } from '../../types/api';
import type { ApiResult } from '../../types/result';
import { isSafeKey, shownKey } from '../core/admin';
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

/** Limits on a payload's structure (every real request is far below them). */
export const PAYLOAD_LIMITS = {
  /** Objects, arrays and values counted together. */
  maxNodes: 5000,
  /** Nesting of objects and arrays. */
  maxDepth: 12,
} as const;

/**
 * What is wrong with a payload's structure before any schema looks at it, in Chinese; null when nothing is:
 * a key the database would read as an operator ("$…") or a path ("a.b"), a name every object inherits
 * (`__proto__`, `constructor`, `toString`…), a cycle, or a payload too big or too deep.
 */
export function payloadProblem(payload: unknown): string | null {
  let nodes = 0;
  const onPath = new Set<object>();
  const walk = (value: unknown, depth: number): string | null => {
    nodes++;
    if (nodes > PAYLOAD_LIMITS.maxNodes) return '提交的内容太多了，请分几次提交';
    if (value === null || typeof value !== 'object') return null;
    if (depth > PAYLOAD_LIMITS.maxDepth) return '提交的内容层次太深了，请更新小程序后再试';
    if (onPath.has(value)) return '提交的内容格式不正确，请更新小程序后再试';
    onPath.add(value);
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      if (!isArray && !isSafeKey(key)) return `提交的内容里有不允许的项目名称「${shownKey(key)}」，请更新小程序后再试`;
      const inner = walk((value as Record<string, unknown>)[key], depth + 1);
      if (inner !== null) return inner;
    }
    onPath.delete(value);
    return null;
  };
  return walk(payload, 0);
}

const own = (o: object, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined);

/** Build a function's `main` from its action table; `context()` is called once per invocation, after the input is checked. */
export function defineFunction<F extends FunctionName, Ctx>(
  name: F,
  context: () => Ctx | Promise<Ctx>,
  actions: ActionTable<F, Ctx>,
): (event: unknown) => Promise<ApiResult<unknown>> {
  const handle = async (event: unknown): Promise<ApiResult<unknown>> => {
    // Only the event's own fields count: `{ action: 'toString' }` or an array is no action of ours.
    const isRecord = event !== null && typeof event === 'object' && !Array.isArray(event);
    const action = isRecord ? own(event, 'action') : undefined;
    const payload = isRecord ? own(event, 'payload') : undefined;
    if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(actions, action)) {
      return fail('UNKNOWN_ACTION', typeof action === 'string' && action ? `不支持的操作：${shownKey(action)}` : '不支持的操作，请更新小程序后再试');
    }
    const problem = payloadProblem(payload);
    if (problem) return fail('INVALID_INPUT', problem);
    const spec = actions[action as ActionName<F>] as ActionSpec<unknown, unknown, Ctx>;
    const parsed = spec.input.safeParse(payload ?? {}, { errorMap: chineseErrorMap });
    if (!parsed.success) {
      return fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? '填写的内容不正确');
    }
    try {
      return { ok: true, data: await spec.run(await context(), parsed.data) };
    } catch (err) {
      if (err instanceof DomainError) return fail(err.code, err.message);
      console.error(`[${name}.${action}]`, err);
      return fail('INTERNAL', '系统出了点问题，请稍后再试');
    }
  };
  return async (event: unknown) => {
    try {
      return await handle(event);
    } catch (err) {
      // Reading a hostile event itself failed (e.g. a getter that throws): still an answer, never a throw.
      console.error(`[${name}]`, err);
      return fail('INTERNAL', '系统出了点问题，请稍后再试');
    }
  };
}
