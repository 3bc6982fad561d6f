/**
 * Open a 通报's file from its temporary link. Taro picks `open-file.h5.ts` (a new browser tab: the printable page
 * prints from there, the Excel file downloads) or `open-file.weapp.ts` (the link is copied for a computer's browser).
 */

/** What happened, for the page to say: opened in the browser, or copied to paste into one. */
export type OpenFileOutcome = 'opened' | 'copied' | 'failed';

export type OpenFile = (url: string) => Promise<OpenFileOutcome>;

export const openFile: OpenFile = async () => 'failed';
