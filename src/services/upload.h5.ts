import { currentDevOpenid } from './dev-identity';
import { photoCloudPath, UPLOAD_FAILED, type UploadResult } from './photo-path';

export type { UploadResult } from './photo-path';

/** Photos above this many bytes are redrawn smaller (the local cloud takes at most 2 MB per file). */
const REDRAW_ABOVE = 1024 * 1024;
/** Longest side of a redrawn photo, px. */
const MAX_SIDE = 1600;

/**
 * The browser has no wx.compressImage and ignores chooseMedia's sizeType: a large photo is redrawn on a canvas as a
 * JPEG at quality 0.6 (about what WeChat's compressImage at 60 gives); small ones, and any failure, keep the original.
 */
export async function compressPhoto(filePath: string): Promise<string> {
  try {
    const blob = await (await fetch(filePath)).blob();
    if (blob.size <= REDRAW_ABOVE) return filePath;
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('image did not load'));
      img.src = filePath;
    });
    const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return filePath;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const smaller = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.6));
    return smaller && smaller.size < blob.size ? URL.createObjectURL(smaller) : filePath;
  } catch {
    return filePath;
  }
}

/** The local cloud's refusals in words (see cloudfunctions/local-cloud/storage.ts). */
function refusal(status: number): string {
  if (status === 413) return '这张照片太大了，传不上去，请换一张。';
  if (status === 415) return '这个文件不是照片，请换一张照片。';
  if (status === 403) return '照片没有传上去：请重新打开小程序再试。';
  return UPLOAD_FAILED;
}

/**
 * Local cloud: POST /__storage/upload?cloudPath=… with the raw bytes (`filePath` is chooseMedia's blob URL), into the
 * caller's own folder (`openid`: MeView.openid; the local cloud refuses another person's folder with 403).
 */
export async function uploadPhoto(filePath: string, openid: string): Promise<UploadResult> {
  try {
    const cloudPath = photoCloudPath(openid);
    const blob = await (await fetch(filePath)).blob();
    const res = await fetch(`/__storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: { 'content-type': blob.type || 'application/octet-stream', 'x-local-openid': currentDevOpenid() ?? '' },
      body: blob,
    });
    if (!res.ok) return { ok: false, message: refusal(res.status) };
    const body = (await res.json()) as { fileID?: unknown };
    return typeof body.fileID === 'string' && body.fileID ? { ok: true, fileID: body.fileID } : { ok: false, message: UPLOAD_FAILED };
  } catch {
    return { ok: false, message: UPLOAD_FAILED };
  }
}
