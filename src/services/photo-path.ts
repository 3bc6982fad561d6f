/**
 * What every platform's upload (upload.ts / upload.weapp.ts / upload.h5.ts) shares. Its own file because inside
 * `upload.weapp.ts` an import of './upload' would resolve to `upload.weapp.ts` itself.
 */

export type UploadResult = { ok: true; fileID: string } | { ok: false; message: string };

/**
 * `photos/<openid>/<yyyymmdd>-<random>.jpg`: the caller's own folder, a fresh name per photo. A case accepts only
 * photos from the caller's folder: this must stay what cloudfunctions/core/photos.ts `photoCloudPath` gives (the
 * pages' build compiles src/ only, so it is repeated here; test/core/privacy.test.ts checks the two agree).
 * Throws when `openid` is not a usable openid (e.g. not loaded yet).
 */
export function photoCloudPath(openid: string, now: Date = new Date()): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(openid)) throw new Error('photoCloudPath: no usable openid');
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  let random = '';
  for (let i = 0; i < 16; i++) random += Math.floor(Math.random() * 16).toString(16);
  return `photos/${openid}/${day}-${random}.jpg`;
}

/** Said when an upload fails without a reason of its own. */
export const UPLOAD_FAILED = '照片没有传上去，可能是网络不太好。';
