/**
 * Ask the user, at a tap, to accept one-time subscription messages. Taro picks `subscribe.weapp.ts` (the real
 * wx.requestSubscribeMessage) or `subscribe.h5.ts` (the local cloud's stand-in for WeChat's pop-up).
 */
import type { SubscribeAnswer } from '../../types/api';

/** Resolves with each template's answer; never rejects (a failed prompt means no credit, nothing else). */
export type RequestSubscribe = (tmplIds: string[]) => Promise<Record<string, SubscribeAnswer>>;

export const requestSubscribe: RequestSubscribe = async () => ({});
