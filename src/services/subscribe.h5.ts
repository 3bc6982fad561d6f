import Taro from '@tarojs/taro';
import type { SubscribeAnswer } from '../../types/api';
import type { RequestSubscribe } from './subscribe';
import { currentDevOpenid } from './dev-identity';

/**
 * Local mode stand-in for WeChat's subscribe pop-up: the same question, and the answer goes to the local cloud's
 * platform emulator, which keeps the per-user credit exactly as WeChat would.
 */
export const requestSubscribe: RequestSubscribe = async (tmplIds) => {
  if (tmplIds.length === 0) return {};
  const { confirm } = await Taro.showModal({
    title: '接收办结通知',
    content: '事情办好后，用微信通知您一次，可以吗？',
    confirmText: '允许',
    cancelText: '不用了',
  });
  const answer: SubscribeAnswer = confirm ? 'accept' : 'reject';
  const result: Record<string, SubscribeAnswer> = {};
  for (const id of tmplIds) result[id] = answer;
  try {
    await fetch('/__wx/requestSubscribeMessage', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-openid': currentDevOpenid() ?? '' },
      body: JSON.stringify({ result }),
    });
  } catch {
    return {};
  }
  return result;
};
