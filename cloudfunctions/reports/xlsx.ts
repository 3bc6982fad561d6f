/**
 * The 通报's Excel file (exceljs): 「数据」, the figures as labelled blocks of rows (numbers as numbers, rates as
 * numbers formatted 0.0%), and 「事项」, one row per case of the window.
 *
 * Bundling: the cloud functions that make it (office, sweeper) are bundled by esbuild with only wx-server-sdk left
 * external (scripts/build-cloud.ts). exceljs's node entry (`main`: excel.js) bundles and runs that way as it is —
 * checked by test/core/report-files.test.ts, which bundles this file exactly so, runs the bundle with node and reads
 * the file it wrote. It adds about 1155 KB (minified) to a function's index.js and its requires are node built-ins
 * only; importing it where it is used (`await import(...)`) keeps its ~100 ms evaluation out of the cold start
 * (docs/ARCHITECTURE.md, 「Toolchain: exceljs in a bundled function」).
 */
import ExcelJS from 'exceljs';
import type { Rate, RatesRow, ReportData, ReportCaseRow } from '../../types/domain';
import { RATE_DEFINITIONS, RATE_KEYS } from '../../types/words';
import { chinaDateTime, madeByWords, periodWords } from './format';

export { htmlFileName, xlsxFileName } from './format';

export const DATA_SHEET = '数据';
export const CASES_SHEET = '事项';
export const PERCENT_FORMAT = '0.0%';

/** The 「事项」 sheet's columns: header, the row's field, width in characters. */
export const CASE_COLUMNS: ReadonlyArray<{ header: string; key: keyof ReportCaseRow; width: number }> = [
  { header: '事项编号', key: 'code', width: 12 },
  { header: '反映时间', key: 'reportedAt', width: 17 },
  { header: '类别', key: 'category', width: 10 },
  { header: '小区', key: 'compound', width: 12 },
  { header: '楼栋', key: 'building', width: 8 },
  { header: '摘要', key: 'summary', width: 44 },
  { header: '状态', key: 'status', width: 11 },
  { header: '经办人', key: 'holder', width: 10 },
  { header: '值班组', key: 'group', width: 12 },
  { header: '按时响应', key: 'respondedInTime', width: 10 },
  { header: '办结时间', key: 'resolvedAt', width: 17 },
  { header: '回访·解决', key: 'solved', width: 10 },
  { header: '回访·满意', key: 'satisfaction', width: 10 },
  { header: '转办', key: 'transfer', width: 24 },
  { header: '超时', key: 'overdue', width: 6 },
];

/** The note in the last row of 「事项」 when the sheet does not list every case. */
export const truncationNote = (listed: number) => `只列出前 ${listed} 件`;

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEEEEEE' } };

/** A block's title row, then its header row (bold, bordered). */
function heading(ws: ExcelJS.Worksheet, title: string, head: string[]): void {
  ws.addRow([]);
  const t = ws.addRow([title]);
  t.font = { bold: true, size: 12 };
  const h = ws.addRow(head);
  h.eachCell((c) => {
    c.font = { bold: true };
    c.border = BORDER;
    c.fill = HEAD_FILL;
  });
}

/** A body row, bordered; each Rate becomes a number (formatted 0.0%) or 「—」 when nothing was counted. */
function body(ws: ExcelJS.Worksheet, values: Array<string | number | Rate>): ExcelJS.Row {
  const row = ws.addRow(values.map((v) => (typeof v === 'object' ? (v.rate ?? '—') : v)));
  values.forEach((v, i) => {
    const c = row.getCell(i + 1);
    c.border = BORDER;
    if (typeof v === 'object') {
      c.numFmt = PERCENT_FORMAT;
      if (v.rate === null) c.alignment = { horizontal: 'right' };
    }
  });
  return row;
}

/** A rate as three cells: the rate, n, of. */
const rateCells = (rate: Rate): Array<number | Rate> => [rate, rate.n, rate.of];

const RATES_HEAD = RATE_KEYS.flatMap((k) => {
  const name = RATE_DEFINITIONS[k].name;
  return [name, `${name.slice(0, 2)}·分子`, `${name.slice(0, 2)}·分母`];
});

function ratesBlock(ws: ExcelJS.Worksheet, title: string, first: string, rows: RatesRow[]): void {
  heading(ws, title, [first, ...RATES_HEAD]);
  if (rows.length === 0) ws.addRow(['本期没有']);
  for (const r of rows) body(ws, [r.label, ...RATE_KEYS.flatMap((k) => rateCells(r[k]))]);
}

function dataSheet(wb: ExcelJS.Workbook, data: ReportData): void {
  const ws = wb.addWorksheet(DATA_SHEET, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 22 }, ...Array.from({ length: 9 }, () => ({ width: 11 })), { width: 60 }];
  const title = ws.addRow([`${data.community} ${data.title}`]);
  title.font = { bold: true, size: 14 };
  ws.addRow(['统计时段', periodWords(data)]);
  ws.addRow(['生成时间', chinaDateTime(data.generatedAt)]);
  ws.addRow(['制表', madeByWords(data)]);

  const t = data.totals;
  heading(ws, '总体情况', ['项目', '数值', '分子', '分母']);
  body(ws, ['本期反映（件）', t.reported]);
  body(ws, ['已办结（件）', t.resolved]);
  body(ws, ['期末未办结（件）', t.open]);
  body(ws, ['撤回（件）', t.cancelled]);
  body(ws, ['不予受理（件）', t.rejected]);
  body(ws, ['「小事不出楼道」', ...rateCells(t.studioSolved)]);

  heading(ws, '三率', ['指标', '比率', '分子', '分母', '计算方法']);
  for (const k of RATE_KEYS) body(ws, [RATE_DEFINITIONS[k].name, ...rateCells(data.rates.total[k]), RATE_DEFINITIONS[k].definition]);

  ratesBlock(ws, '三率·按值班组', '值班组', data.rates.byGroup);
  ratesBlock(ws, '三率·按成员（响应率不按人计）', '成员', data.rates.byMember);
  ratesBlock(ws, '三率·按类别', '类别', data.rates.byCategory);
  ratesBlock(ws, '三率·按小区', '小区', data.rates.byCompound);
  ratesBlock(ws, '逐周趋势', '周', data.rates.weeks);

  heading(ws, '按类别（反映件数）', ['类别', '件数']);
  for (const c of data.byCategory) body(ws, [c.label, c.count]);
  heading(ws, '按小区（反映件数）', ['小区', '件数']);
  for (const c of data.byCompound) body(ws, [c.label, c.count]);

  heading(ws, '成员工作量', ['成员', '值班组', '办结', '回访电话']);
  for (const m of data.members) body(ws, [m.name, m.groupName, m.resolved, m.calls]);

  heading(ws, '转办·按单位', ['转交单位', '转办件数', '未办结']);
  if (data.transfers.length === 0) ws.addRow(['本期没有']);
  for (const b of data.transfers) body(ws, [b.body, b.count, b.open]);
  heading(ws, '转办明细', ['事项编号', '转交单位', '工单号', '预计办好', '结果']);
  if (data.transferList.length === 0) ws.addRow(['本期没有']);
  for (const x of data.transferList) body(ws, [x.code, x.body, x.ticket, x.expected, x.outcome || '未回复']);
}

function casesSheet(wb: ExcelJS.Workbook, data: ReportData): void {
  const ws = wb.addWorksheet(CASES_SHEET, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  ws.columns = CASE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = HEAD_FILL;
    c.border = BORDER;
  });
  for (const row of data.cases) ws.addRow(CASE_COLUMNS.map((c) => row[c.key]));
  ws.getColumn('summary').alignment = { wrapText: true, vertical: 'top' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, data.cases.length + 1), column: CASE_COLUMNS.length } };
  if (data.casesTruncated) {
    const note = ws.addRow([truncationNote(data.cases.length)]);
    note.font = { italic: true };
  }
}

/** The 通报 as an Excel workbook (.xlsx bytes). */
export async function reportXlsx(data: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const at = new Date(data.generatedAt);
  wb.creator = madeByWords(data);
  wb.lastModifiedBy = '金钥匙';
  wb.title = `${data.community} ${data.title}`;
  wb.subject = '通报';
  wb.company = data.community;
  wb.created = at;
  wb.modified = at;
  dataSheet(wb, data);
  casesSheet(wb, data);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
