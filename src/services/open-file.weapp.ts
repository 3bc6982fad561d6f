import Taro from '@tarojs/taro';
import type { OpenFile } from './open-file';

/**
 * In WeChat the link is copied: the office opens it in a computer's browser to print or to save the Excel file
 * (opening a page or a download inside the mini-program would need a business domain and more platform APIs).
 */
export const openFile: OpenFile = async (url) => {
  try {
    await Taro.setClipboardData({ data: url });
    return 'copied';
  } catch {
    return 'failed';
  }
};
