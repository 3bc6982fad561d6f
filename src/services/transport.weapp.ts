import Taro from '@tarojs/taro';
import type { ApiResult } from '../../types/result';
import type { Transport } from './transport';

/** WeChat Cloud: the platform adds the caller's OPENID; the client cannot set it. */
export const transport: Transport = async (name, event) => {
  try {
    const res = await Taro.cloud.callFunction({ name, data: event });
    return res.result as ApiResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '网络不太好，请稍后再试' } };
  }
};
