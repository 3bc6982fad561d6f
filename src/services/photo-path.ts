/**
 * What every platform's upload (upload.ts / upload.weapp.ts / upload.h5.ts) shares. Its own file because inside
 * `upload.weapp.ts` an import of './upload' would resolve to `upload.weapp.ts` itself.
 */

export type UploadResult = { ok: true; fileID: string } | { ok: false; message: string };

/** `cases/<yyyymmdd>/<random>.jpg`: a fresh name per photo, grouped by the day (the phone's date is fine here). */
export function photoCloudPath(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  let random = '';
  for (let i = 0; i < 16; i++) random += Math.floor(Math.random() * 16).toString(16);
  return `cases/${day}/${random}.jpg`;
}

/** Said when an upload fails without a reason of its own. */
export const UPLOAD_FAILED = '照片没有传上去，可能是网络不太好。';
