import Taro from '@tarojs/taro';
import type { SubscribeAnswer } from '../../types/api';
import type { RequestSubscribe } from './subscribe';

const ANSWERS: readonly string[] = ['accept', 'reject', 'ban', 'filter'];

/** Must be called synchronously from a tap handler (WeChat rule since base library 2.8.2). */
export const requestSubscribe: RequestSubscribe = async (tmplIds) => {
  if (tmplIds.length === 0) return {};
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<
      string,
      string
    >;
    const out: Record<string, SubscribeAnswer> = {};
    for (const id of tmplIds) if (ANSWERS.includes(res[id])) out[id] = res[id] as SubscribeAnswer;
    return out;
  } catch {
    return {};
  }
};
