/**
 * Photos of a report: made smaller, then put in cloud storage before the case is sent (the case carries file ids).
 * Taro picks `upload.weapp.ts` (wx.cloud storage) or `upload.h5.ts` (the local cloud's storage over HTTP); this file
 * gives TypeScript the shared signatures and is what every other platform gets.
 */
import type { UploadResult } from './photo-path';

export type { UploadResult } from './photo-path';

/** Make a picked photo smaller where the platform can (weapp); resolves with the path to upload, never rejects. */
export async function compressPhoto(filePath: string): Promise<string> {
  return filePath;
}

/** Upload one picked photo into `openid`'s own folder; never rejects: a failure comes back as words to show. */
export async function uploadPhoto(_filePath: string, _openid: string): Promise<UploadResult> {
  return { ok: false, message: '这里不能传照片。' };
}
