/**
 * Why picking a photo (wx.chooseMedia) failed, and what to tell the person. Pure (no Taro): pick-photos.ts uses it,
 * test/core/cloud-errors.test.ts holds the table.
 *
 * The errno list (WeChat's common errno, the privacy guide since 2023-10-17, and developer-community threads on
 * chooseMedia): 104 "privacy permission is not authorized" — the person turned down the privacy pop-up (chooseMedia and
 * chooseImage give 104, other APIs 103); 112 "api scope is not declared in the privacy agreement" — our privacy guide
 * on the WeChat admin platform does not list album/camera (only an administrator can fix it); "auth deny" /
 * "authorize:fail" — the camera permission was refused earlier (it is switched back on in the mini-program's
 * settings: 「…」→「设置」); "system permission denied" — the phone does not let WeChat use the camera or photos;
 * "cancel" — the person closed the picker, which needs no words.
 */

export type PickFailure = 'cancel' | 'privacy-refused' | 'privacy-undeclared' | 'auth-denied' | 'system-denied' | 'other';

/** Words for every failure but a cancel, written for a 70-year-old: what happened and what to tap next. */
export const PICK_MESSAGES: Readonly<Record<Exclude<PickFailure, 'cancel'>, string>> = {
  'privacy-refused': '您还没有同意让小程序用相册和相机，所以打不开。要放照片的话，请再点一次“拍照或选照片”，在弹出的说明里点“同意”。',
  'privacy-undeclared': '这里暂时放不了照片（小程序还没设置好）。不放照片也能提交；麻烦告诉社区办公室一声。',
  'auth-denied': '没有得到使用相册和相机的允许，所以打不开。可以点屏幕右上角的「…」，再点「设置」，把「相机」打开，然后再点一次“拍照或选照片”。',
  'system-denied': '手机没有让微信用相机和照片。请打开手机的“设置”，找到“微信”，把“相机”和“照片”打开，再回来点一次“拍照或选照片”。',
  other: '相册和相机没有打开，请再点一次“拍照或选照片”试试。',
};

const PRIVACY_REFUSED_ERRNO = [103, 104];
const PRIVACY_UNDECLARED_ERRNO = [112];

/** Sort one rejection of chooseMedia (`{ errMsg, errno }`, an Error, or a bare string). */
export function classifyPickError(err: unknown): PickFailure {
  let text = '';
  let errno: number | null = null;
  if (typeof err === 'string') text = err;
  else if (err && typeof err === 'object') {
    const o = err as { errMsg?: unknown; message?: unknown; errno?: unknown; errCode?: unknown };
    text = [o.errMsg, o.message].filter((v): v is string => typeof v === 'string').join(' | ');
    const n = typeof o.errno === 'number' ? o.errno : typeof o.errCode === 'number' ? o.errCode : null;
    errno = n;
  }
  if ((errno !== null && PRIVACY_UNDECLARED_ERRNO.includes(errno)) || /not declared in the privacy|privacy api banned|scope is not declared/i.test(text)) {
    return 'privacy-undeclared';
  }
  if ((errno !== null && PRIVACY_REFUSED_ERRNO.includes(errno)) || /privacy/i.test(text)) return 'privacy-refused';
  if (/auth den(y|ied)|authorize:fail/i.test(text)) return 'auth-denied';
  if (/system permission|permission denied/i.test(text)) return 'system-denied';
  if (/cancel/i.test(text)) return 'cancel';
  return 'other';
}

/** What to show for `failure`: nothing for a cancel. */
export function pickMessage(failure: PickFailure): string | null {
  return failure === 'cancel' ? null : PICK_MESSAGES[failure];
}
