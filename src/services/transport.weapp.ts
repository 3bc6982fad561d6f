import Taro from '@tarojs/taro';
import type { ApiResult } from '../../types/result';
import type { Transport } from './transport';
import { classifyCloudError, cloudFailure, isEnvelope } from './cloud-errors';

/**
 * WeChat Cloud: the platform adds the caller's OPENID; the client cannot set it. A call that fails before the function
 * answers is told apart (no network, timeout, busy, not deployed, no permission, crashed) by cloud-errors.ts.
 */
export const transport: Transport = async (name, event) => {
  let result: unknown;
  try {
    result = (await Taro.cloud.callFunction({ name, data: event })).result;
  } catch (err) {
    return cloudFailure(classifyCloudError(err));
  }
  // A function that returned nothing (or not our envelope) is a failure of the function, not a success.
  return isEnvelope(result) ? (result as ApiResult<unknown>) : cloudFailure('crashed');
};
