/**
 * Take photos with the camera or pick them from the album: `Taro.chooseMedia` (wx.chooseImage is unmaintained since
 * base library 2.21.0). The same call serves H5, where Taro turns it into a file input (a blob URL per photo; sizeType
 * is ignored there and upload.h5.ts redraws large photos). Never rejects: a failure comes back sorted, with the words
 * to show next to the photo button (none for a cancel).
 */
import Taro from '@tarojs/taro';
import { classifyPickError, pickMessage, type PickFailure } from './photo-errors';

export type PickResult = { ok: true; paths: string[] } | { ok: false; failure: PickFailure; message: string | null };

export async function pickPhotos(count: number): Promise<PickResult> {
  try {
    const res = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
    const paths = (res.tempFiles ?? []).map((f) => f.tempFilePath).filter((p): p is string => typeof p === 'string' && p.length > 0);
    return { ok: true, paths };
  } catch (err) {
    const failure = classifyPickError(err);
    return { ok: false, failure, message: pickMessage(failure) };
  }
}
