import type { OpenFile } from './open-file';

/** A new tab (the tap's activation allows it); where a browser blocks it, this tab goes to the file instead. */
export const openFile: OpenFile = async (url) => {
  // NOTE: not window.open(url, '_blank', 'noopener'): with noopener it returns null even when the tab opened.
  const tab = window.open(url, '_blank');
  if (tab) tab.opener = null;
  else window.location.assign(url);
  return 'opened';
};
