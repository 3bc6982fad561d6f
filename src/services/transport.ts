/**
 * How a call reaches a cloud function. Taro picks `transport.weapp.ts` (wx.cloud) or `transport.h5.ts` (HTTP to the
 * local cloud) at build time; this file only gives TypeScript the shared signature.
 */
import type { ApiResult } from '../../types/result';

/** Invoke cloud function `name` with `event`; resolves with the function's envelope, never rejects for app errors. */
export type Transport = (name: string, event: { action: string; payload: unknown }) => Promise<ApiResult<unknown>>;

export const transport: Transport = async () => {
  throw new Error('transport: no implementation for this platform');
};
