import Taro from '@tarojs/taro';
import { photoCloudPath, UPLOAD_FAILED, type UploadResult } from './photo-path';

export type { UploadResult } from './photo-path';

/** wx.compressImage at quality 60 when this WeChat has it; the original path when it has not or it fails. */
export async function compressPhoto(filePath: string): Promise<string> {
  if (typeof Taro.compressImage !== 'function') return filePath;
  try {
    const res = await Taro.compressImage({ src: filePath, quality: 60 });
    return res.tempFilePath || filePath;
  } catch {
    return filePath;
  }
}

/** WeChat Cloud storage, into the caller's own folder (`openid`: MeView.openid); the platform records the uploader. */
export async function uploadPhoto(filePath: string, openid: string): Promise<UploadResult> {
  try {
    const res = await Taro.cloud.uploadFile({ cloudPath: photoCloudPath(openid), filePath });
    return res.fileID ? { ok: true, fileID: res.fileID } : { ok: false, message: UPLOAD_FAILED };
  } catch {
    return { ok: false, message: UPLOAD_FAILED };
  }
}
