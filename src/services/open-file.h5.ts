import type { OpenFile } from './open-file';

/** A new tab (the tap's activation allows it); where a browser blocks it, this tab goes to the file instead. */
export const openFile: OpenFile = async (url) => {
  const tab = window.open(url, '_blank', 'noopener');
  if (!tab) window.location.assign(url);
  return 'opened';
};
