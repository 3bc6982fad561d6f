/**
 * The ReportRenderer port for the functions that make 通报 (office, sweeper): the printable page and the Excel file.
 * exceljs is loaded at the first report, not when the function starts (it is most of the bundle's size).
 */
import type { ReportRenderer } from '../core/ports';
import { htmlFileName, xlsxFileName } from './format';
import { reportHtml } from './html';

export const reportRenderer: ReportRenderer = {
  async render(data) {
    const { reportXlsx } = await import('./xlsx');
    return { html: reportHtml(data), xlsx: await reportXlsx(data), htmlPath: htmlFileName(data), xlsxPath: xlsxFileName(data) };
  },
};
