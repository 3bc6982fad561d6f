import { currentDevOpenid } from './dev-identity';
import { photoCloudPath, UPLOAD_FAILED, type UploadResult } from './photo-path';

export type { UploadResult } from './photo-path';

/** The browser has no wx.compressImage; chooseImage's sizeType 'compressed' is all there is. */
export async function compressPhoto(filePath: string): Promise<string> {
  return filePath;
}

/** Local cloud: POST /__storage/upload?cloudPath=… with the raw bytes (`filePath` is chooseImage's blob URL). */
export async function uploadPhoto(filePath: string): Promise<UploadResult> {
  try {
    const blob = await (await fetch(filePath)).blob();
    const res = await fetch(`/__storage/upload?cloudPath=${encodeURIComponent(photoCloudPath())}`, {
      method: 'POST',
      headers: { 'content-type': blob.type || 'application/octet-stream', 'x-local-openid': currentDevOpenid() ?? '' },
      body: blob,
    });
    if (!res.ok) return { ok: false, message: UPLOAD_FAILED };
    const body = (await res.json()) as { fileID?: unknown };
    return typeof body.fileID === 'string' && body.fileID ? { ok: true, fileID: body.fileID } : { ok: false, message: UPLOAD_FAILED };
  } catch {
    return { ok: false, message: UPLOAD_FAILED };
  }
}
