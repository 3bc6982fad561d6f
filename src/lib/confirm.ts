/**
 * A yes/no question before a step that is hard to undo (放回, 转交, 不予受理, 上报).
 * NOTE: WeChat refuses a showModal whose confirmText or cancelText is longer than 4 characters (the dialog simply
 * does not open), so both are checked here; a dialog that fails to open counts as 'failed', never as a yes.
 */
import Taro from '@tarojs/taro';

export interface ConfirmOptions {
  title: string;
  content: string;
  /** At most 4 characters (WeChat's limit). */
  confirmText: string;
  /** At most 4 characters (WeChat's limit). */
  cancelText: string;
}

export type ConfirmAnswer = 'yes' | 'no' | 'failed';

export async function askConfirm(options: ConfirmOptions): Promise<ConfirmAnswer> {
  if ([...options.confirmText].length > 4 || [...options.cancelText].length > 4) return 'failed';
  try {
    const { confirm } = await Taro.showModal(options);
    return confirm ? 'yes' : 'no';
  } catch {
    return 'failed';
  }
}

/** Shown when the dialog could not open. */
export const CONFIRM_FAILED = '确认框没有打开，请再点一次。';
