/**
 * The 通报's printable page: one self-contained HTML document (no script, no outside resource) for A4, in the
 * 街道's words. It prints the figures and the short lists (overdue, 转办, notable cases); every case of the window
 * is in the Excel file's 「事项」 sheet, not here. Every string from the data is escaped.
 */
import type { Counted, Rate, RatesRow, ReportData } from '../../types/domain';
import { RATE_DEFINITIONS, RATE_KEYS } from '../../types/words';
import { chinaDateTime, countText, madeByWords, percentText, periodWords } from './format';

/** The section headings, in print order (the tests check each is there). */
export const REPORT_SECTIONS = ['总体情况', '三率', '三率分项', '逐周趋势', '按类别和小区', '成员工作量', '超时未办结', '转办', '值得关注的事项'] as const;

/** What an empty section or table says. */
export const NOTHING = '本期没有';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A table cell: plain text (escaped here) with an optional class, or HTML already escaped. */
type Cell = string | number | { text: string; className: string } | { html: string; className: string };

const cell = (c: Cell, tag: 'td' | 'th') => {
  if (typeof c === 'number') return `<${tag} class="num">${c}</${tag}>`;
  if (typeof c === 'string') return `<${tag}>${escapeHtml(c)}</${tag}>`;
  return `<${tag} class="${c.className}">${'html' in c ? c.html : escapeHtml(c.text)}</${tag}>`;
};

/** A case's code (kept on one line) and a free text (broken anywhere, so a long word cannot widen the page). */
const code = (text: string): Cell => ({ text, className: 'code' });
const text = (t: string): Cell => ({ text: t, className: 'text' });

/** A short table kept on one page with its heading; a longer one may break between rows. */
const KEEP_ROWS = 15;

/**
 * A bordered table under its heading (h3), whose head row repeats on every printed page; 「本期没有」 when it has
 * no row.
 */
function table(head: string[], rows: Cell[][], opts: { className?: string; caption?: string } = {}): string {
  const caption = opts.caption ? `<h3 class="caption">${escapeHtml(opts.caption)}</h3>` : '';
  if (rows.length === 0) return `<div class="block">${caption}<p class="nothing">${NOTHING}</p></div>`;
  const html = [
    caption,
    `<table${opts.className ? ` class="${opts.className}"` : ''}>`,
    `<thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
  return rows.length <= KEEP_ROWS ? `<div class="block">${html}</div>` : html;
}

/** A rate cell: 「87.5%」 with 「35/40」 beside it, or 「—」 with 「无数据」. */
const rateCell = (rate: Rate): Cell => ({
  html: `<span class="pct${rate.rate === null ? ' none' : ''}">${percentText(rate)}</span> <span class="of">${countText(rate)}</span>`,
  className: 'rate',
});

const RATE_HEAD = RATE_KEYS.map((k) => RATE_DEFINITIONS[k].name);

/** One 三率 breakdown (by group, member, category, compound, or week). */
const ratesTable = (first: string, rows: RatesRow[], caption?: string) =>
  table(
    [first, ...RATE_HEAD],
    rows.map((r) => [text(r.label), ...RATE_KEYS.map((k) => rateCell(r[k]))]),
    { className: 'rates', caption },
  );

/** Counts with each one's share of the whole. */
const countsTable = (first: string, rows: Counted[], total: number, caption: string) =>
  table(
    [first, '件数', '占比'],
    rows.map((r) => [text(r.label), r.count, total > 0 ? `${((r.count / total) * 100).toFixed(1)}%` : '—']),
    { className: 'counts', caption },
  );

const section = (n: number, heading: (typeof REPORT_SECTIONS)[number], body: string, opts: { keep?: boolean } = {}) =>
  `<section${opts.keep ? ' class="keep"' : ''}><h2>${'一二三四五六七八九十'[n - 1]}、${heading}</h2>${body}</section>`;

const STYLE = `
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: 210mm; padding: 12mm 15mm; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 12pt; line-height: 1.4; overflow-wrap: break-word; }
header { border-bottom: 2px solid #000; margin-bottom: 6pt; padding-bottom: 4pt; }
.community { font-size: 13pt; margin: 0; }
h1 { font-size: 18pt; margin: 2pt 0; line-height: 1.3; }
.period { margin: 0; }
h2 { font-size: 14pt; margin: 10pt 0 3pt; break-after: avoid; page-break-after: avoid; }
.caption { font-size: 12pt; font-weight: bold; margin: 4pt 0 2pt; break-after: avoid; page-break-after: avoid; }
section.keep, .block, tr, .totals li { break-inside: avoid; page-break-inside: avoid; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4pt; font-size: 10pt; line-height: 1.3; }
thead { display: table-header-group; }
th, td { border: 1px solid #000; padding: 1.5pt 4pt; text-align: left; vertical-align: top; }
th { font-weight: bold; border-bottom-width: 2px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.code, td.nowrap, td.rate { white-space: nowrap; }
td.text { overflow-wrap: anywhere; }
th { white-space: nowrap; }
td.why { width: 24%; }
td.cat { width: 5.5em; }
.pct { font-weight: bold; }
.of { font-size: 9pt; }
table.rates td:first-child { width: 31%; overflow-wrap: anywhere; }
table.rates td.rate { width: 23%; }
table.definitions td:first-child, table.definitions td.rate { white-space: nowrap; }
.totals { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3pt; list-style: none; padding: 0; margin: 0 0 3pt; }
.totals li { border: 1px solid #000; padding: 2pt 6pt; }
.totals .label { display: block; font-size: 10pt; }
.totals .value { font-size: 15pt; font-weight: bold; }
.split { display: grid; grid-template-columns: 1fr 1fr; gap: 0 10pt; }
.nothing { margin: 2pt 0 4pt; }
.note { font-size: 10pt; margin: 2pt 0 4pt; }
footer { margin-top: 10pt; padding-top: 4pt; border-top: 1px solid #000; font-size: 10pt; }
footer p { margin: 0; }
@media print { body { max-width: none; padding: 0; } }
`;

/** The 通报 as one printable HTML document. */
export function reportHtml(data: ReportData): string {
  const t = data.totals;
  const r = data.rates;
  const totals = [
    ['本期反映', String(t.reported), '件'],
    ['已办结', String(t.resolved), '件'],
    ['期末未办结', String(t.open), '件'],
    ['撤回', String(t.cancelled), '件'],
    ['不予受理', String(t.rejected), '件'],
  ];
  const overview = [
    '<ul class="totals">',
    ...totals.map(([label, value, unit]) => `<li><span class="label">${label}</span><span class="value">${escapeHtml(value)}</span> ${unit}</li>`),
    `<li><span class="label">「小事不出楼道」</span><span class="value">${percentText(t.studioSolved)}</span> <span class="of">${countText(t.studioSolved)}</span></li>`,
    '</ul>',
    '<p class="note">「小事不出楼道」：工作室自己办结、没有上报社区的事项 ÷ 本期办结的事项。</p>',
  ].join('');

  const threeRates = table(
    ['指标', '本期', '计算方法'],
    RATE_KEYS.map((k) => [RATE_DEFINITIONS[k].name, rateCell(r.total[k]), RATE_DEFINITIONS[k].definition]),
    { className: 'definitions' },
  );

  const breakdown = [
    ratesTable('值班组', r.byGroup, '按值班组'),
    ratesTable('成员', r.byMember, '按成员（响应率不按人计）'),
    ratesTable('类别', r.byCategory, '按类别'),
    ratesTable('小区', r.byCompound, '按小区'),
  ].join('');

  const weeks = ratesTable('周', r.weeks);

  const counts = `<div class="split"><div>${countsTable('类别', data.byCategory, t.reported, '按类别')}</div><div>${countsTable('小区', data.byCompound, t.reported, '按小区')}</div></div>`;

  const members = table(
    ['成员', '值班组', '办结', '回访电话'],
    data.members.map((m) => [text(m.name), text(m.groupName), m.resolved, m.calls]),
  );

  const overdue = table(
    ['事项编号', '类别', '小区', '经办人', '应办结时间', '超时'],
    data.overdue.map((o) => [
      code(o.code),
      o.category,
      text(o.compound),
      text(o.holder || '（无人认领）'),
      { text: o.dueAt, className: 'nowrap' },
      o.overdueText,
    ]),
  );

  const transfers =
    data.transfers.length === 0 && data.transferList.length === 0
      ? `<p class="nothing">${NOTHING}</p>`
      : [
          table(
            ['转交单位', '转办件数', '未办结'],
            data.transfers.map((b) => [text(b.body), b.count, b.open]),
            { caption: '按单位' },
          ),
          table(
            ['事项编号', '转交单位', '工单号', '预计办好', '结果'],
            data.transferList.map((x) => [code(x.code), text(x.body), text(x.ticket), { text: x.expected, className: 'nowrap' }, text(x.outcome || '未回复')]),
            { caption: '转办明细' },
          ),
        ].join('');

  const notable = table(
    ['事项编号', '类别', '原因', '摘要'],
    data.notable.map((x) => [code(x.code), { text: x.category, className: 'text cat' }, { text: x.why, className: 'text why' }, text(x.summary)]),
  );

  const cases = data.casesTruncated ? `本期全部事项（前 ${data.cases.length} 件）` : `本期全部 ${data.cases.length} 件事项`;

  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${data.community} ${data.title}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><p class="community">${escapeHtml(data.community)}</p><h1>${escapeHtml(data.title)}</h1><p class="period">统计时段：${escapeHtml(periodWords(data))}</p></header>`,
    '<main>',
    section(1, '总体情况', overview, { keep: true }),
    section(2, '三率', threeRates, { keep: true }),
    section(3, '三率分项', breakdown),
    section(4, '逐周趋势', weeks),
    section(5, '按类别和小区', counts),
    section(6, '成员工作量', members),
    section(7, '超时未办结', overdue),
    section(8, '转办', transfers),
    section(9, '值得关注的事项', notable),
    '</main>',
    `<footer><p>${escapeHtml(cases)}见同期 Excel 文件的「事项」表。</p><p>生成时间：${escapeHtml(chinaDateTime(data.generatedAt))}　制表：${escapeHtml(madeByWords(data))}</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
