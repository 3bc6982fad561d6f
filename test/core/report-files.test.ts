/**
 * The 通报's two files (cloudfunctions/reports): the Excel file read back with exceljs (sheets, headers, figures, rates
 * as numbers formatted 0.0%, one row per case), the printable page (every section, the definitions, 「—」 for a rate
 * with nothing counted, nothing from the data left unescaped), their storage names, and the Excel maker bundled the
 * way scripts/build-cloud.ts bundles a cloud function, then run with node.
 */
import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { build } from 'esbuild';
import fs from 'fs';
import { builtinModules } from 'module';
import path from 'path';
import type { ReportData } from '../../types/domain';
import { RATE_DEFINITIONS } from '../../types/words';
import { NOTHING, REPORT_SECTIONS, escapeHtml, reportHtml } from '../../cloudfunctions/reports/html';
import {
  CASE_COLUMNS,
  CASES_SHEET,
  DATA_SHEET,
  PERCENT_FORMAT,
  htmlFileName,
  reportXlsx,
  truncationNote,
  xlsxFileName,
} from '../../cloudfunctions/reports/xlsx';
import { chinaDateTime, isoWeek, percentText } from '../../cloudfunctions/reports/format';
import { NASTY, sampleReport } from '../support/report-sample';
import { tempDirs } from '../support/temp-dirs';

const ROOT = path.resolve(__dirname, '../..');
const tempDir = tempDirs('gk-report-');

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its Buffer as an ArrayBuffer; it takes node's Buffer.
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The 「数据」 sheet's row whose first cell is `label`, after the row whose first cell is `after` (a block's title). */
function rowOf(ws: ExcelJS.Worksheet, label: string, after?: string): ExcelJS.Row {
  let from = 1;
  if (after) {
    for (let i = 1; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(1).value === after) from = i;
  }
  for (let i = from; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(1).value === label) return ws.getRow(i);
  throw new Error(`no row 「${label}」${after ? ` after 「${after}」` : ''}`);
}

describe('the 通报 Excel file', () => {
  it('has the 「数据」 and 「事项」 sheets and the workbook metadata', async () => {
    const data = sampleReport();
    const wb = await readBack(await reportXlsx(data));
    expect(wb.worksheets.map((w) => w.name)).toEqual([DATA_SHEET, CASES_SHEET]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['数据', '事项']);
    expect(wb.creator).toBe('系统自动生成');
    expect(wb.title).toBe('幸福里社区 2026年第48周通报（11月23日—11月29日）');
    expect(wb.created.toISOString()).toBe(data.generatedAt);
  });

  it('puts the figures in 「数据」: counts as numbers, rates as numbers formatted 0.0% with n and of beside, definitions', async () => {
    const data = sampleReport();
    const ws = (await readBack(await reportXlsx(data))).getWorksheet('数据')!;
    expect(ws.getCell('A1').value).toBe('幸福里社区 2026年第48周通报（11月23日—11月29日）');
    expect(rowOf(ws, '生成时间').getCell(2).value).toBe('2026年11月30日 08:00');
    expect(rowOf(ws, '本期反映（件）').getCell(2).value).toBe(40);
    expect(rowOf(ws, '已办结（件）').getCell(2).value).toBe(24);

    const studio = rowOf(ws, '「小事不出楼道」');
    expect(studio.getCell(2).value).toBeCloseTo(21 / 24);
    expect(studio.getCell(2).numFmt).toBe(PERCENT_FORMAT);
    expect([studio.getCell(3).value, studio.getCell(4).value]).toEqual([21, 24]);

    const response = rowOf(ws, '响应率', '三率');
    expect(response.getCell(2).value).toBe(0.875);
    expect(response.getCell(2).numFmt).toBe('0.0%');
    expect([response.getCell(3).value, response.getCell(4).value]).toEqual([35, 40]);
    expect(response.getCell(5).value).toBe(RATE_DEFINITIONS.response.definition);
    expect(rowOf(ws, '满意率', '三率').getCell(5).value).toBe(RATE_DEFINITIONS.satisfied.definition);

    // By group: the office's 响应率 counted nothing: 「—」, 0 of 0.
    const office = rowOf(ws, '社区办公室', '三率·按值班组');
    expect([office.getCell(2).value, office.getCell(3).value, office.getCell(4).value]).toEqual(['—', 0, 0]);
    expect(office.getCell(5).value).toBe(1);
    expect(office.getCell(5).numFmt).toBe(PERCENT_FORMAT);
    const g1 = rowOf(ws, '第一值班组', '三率·按值班组');
    expect(g1.getCell(2).value).toBeCloseTo(13 / 14);

    // Every breakdown and the weekly trend are there, each row under its block.
    for (const r of data.rates.byCategory) expect(rowOf(ws, r.label, '三率·按类别').getCell(3).value).toBe(r.response.n);
    for (const r of data.rates.byCompound) expect(rowOf(ws, r.label, '三率·按小区').getCell(4).value).toBe(r.response.of);
    expect(rowOf(ws, '11月23日起', '逐周趋势').getCell(2).value).toBe(7 / 8);
    expect(rowOf(ws, NASTY.script, '三率·按成员（响应率不按人计）').getCell(2).value).toBe('—');
    expect(rowOf(ws, '水电维修', '按类别（反映件数）').getCell(2).value).toBe(20);
    expect(rowOf(ws, NASTY.amp, '按小区（反映件数）').getCell(2).value).toBe(10);
    expect(rowOf(ws, '王思瑛', '成员工作量').getCell(3).value).toBe(6);
    expect(rowOf(ws, '物业', '转办·按单位').getCell(2).value).toBe(3);
    expect(rowOf(ws, 'XF1026', '转办明细').getCell(3).value).toBe('WY-2026"&<b>');
  });

  it('lists one row per case in 「事项」 under a frozen, filtered header row', async () => {
    const data = sampleReport({ cases: 40 });
    const ws = (await readBack(await reportXlsx(data))).getWorksheet('事项')!;
    expect(ws.rowCount).toBe(data.cases.length + 1);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(CASE_COLUMNS.map((c) => c.header));
    expect(ws.getRow(1).getCell(1).value).toBe('事项编号');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    for (const c of CASE_COLUMNS) expect(ws.getColumn(CASE_COLUMNS.indexOf(c) + 1).width).toBe(c.width);
    // Each row is its case, strings as written (Excel is not HTML: nothing escaped).
    data.cases.forEach((c, i) => {
      const row = ws.getRow(i + 2);
      expect(CASE_COLUMNS.map((col, j) => row.getCell(j + 1).value ?? '')).toEqual(CASE_COLUMNS.map((col) => c[col.key]));
    });
    expect(data.cases.some((c) => c.summary === NASTY.script)).toBe(true);
  });

  it('ends 「事项」 with 「只列出前 N 件」 when the list was cut short', async () => {
    const data = sampleReport({ cases: 12, truncated: true });
    const ws = (await readBack(await reportXlsx(data))).getWorksheet('事项')!;
    expect(ws.rowCount).toBe(12 + 1 + 1);
    expect(ws.getRow(14).getCell(1).value).toBe('只列出前 12 件');
    expect(truncationNote(12)).toBe('只列出前 12 件');
  });

  it('sizes: 40 and 400 cases', async () => {
    const small = await reportXlsx(sampleReport({ cases: 40 }));
    const large = await reportXlsx(sampleReport({ cases: 400 }));
    const ws = (await readBack(large)).getWorksheet('事项')!;
    expect(ws.rowCount).toBe(401);
    console.log(`通报 xlsx: ${small.length} bytes with 40 cases, ${large.length} bytes with 400 cases`);
    expect(large.length).toBeLessThan(200_000);
  });
});

describe('the 通报 printable page', () => {
  const data = sampleReport();
  const html = reportHtml(data);

  it('is one self-contained UTF-8 document in Chinese, for A4, with no script and nothing from outside', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4; margin: 15mm; }');
    expect(html).toContain('<thead>');
    expect(html).toMatch(/break-inside: avoid/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import|javascript:/i);
    console.log(`通报 html: ${Buffer.byteLength(html)} bytes (weekly sample, 40 cases)`);
  });

  it('has the community and the title at the top, then every section in order', () => {
    const body = html.slice(html.indexOf('<body>'));
    expect(body.indexOf('幸福里社区')).toBeLessThan(body.indexOf('<h1>2026年第48周通报（11月23日—11月29日）</h1>'));
    let at = body.indexOf('</h1>');
    for (const heading of REPORT_SECTIONS) {
      const next = body.indexOf(`、${heading}</h2>`);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
    expect(REPORT_SECTIONS).toEqual(['总体情况', '三率', '三率分项', '逐周趋势', '按类别和小区', '成员工作量', '超时未办结', '转办', '值得关注的事项']);
  });

  it('prints each rate with its n/of, 「—」 with 「无数据」 when nothing was counted, and the three definitions', () => {
    expect(html).toContain('87.5%</span> <span class="of">35/40</span>');
    expect(html).toContain('—</span> <span class="of">无数据</span>');
    for (const d of Object.values(RATE_DEFINITIONS)) {
      expect(html).toContain(escapeHtml(d.name));
      expect(html).toContain(escapeHtml(d.definition));
    }
    expect(html).toContain('「小事不出楼道」');
    expect(percentText({ n: 0, of: 0, rate: null })).toBe('—');
    expect(percentText({ n: 1, of: 1, rate: 1 })).toBe('100.0%');
  });

  it('escapes every string from the data', () => {
    expect(html).not.toContain(NASTY.script);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('物业 &amp; 业委会');
    expect(html).toContain('他说&quot;楼上&#39;漏水&#39;&quot;');
    expect(html).toContain('WY-2026&quot;&amp;&lt;b&gt;');
    expect(html).not.toContain('<b>');
    // A community or a title cannot break out either.
    const evil = reportHtml({ ...data, community: '</title><script>x()</script>', title: '<h1 onload="x">' });
    expect(evil).not.toMatch(/<script|onload="/);
  });

  it('lists overdue cases, 转办 with their 工单号 and notable cases, but not every case', () => {
    for (const o of data.overdue) expect(html).toContain(o.code);
    for (const t of data.transferList) expect(html).toContain(escapeHtml(t.ticket));
    for (const n of data.notable) expect(html).toContain(n.code);
    const listed = new Set([...data.overdue, ...data.transferList, ...data.notable].map((x) => x.code));
    const unlisted = data.cases.filter((c) => !listed.has(c.code));
    expect(unlisted.length).toBeGreaterThan(20);
    for (const c of unlisted) expect(html).not.toContain(c.code);
    expect(html).toContain('本期全部 40 件事项见同期 Excel 文件的「事项」表');
  });

  it('signs the footnote with China time and who made it', () => {
    expect(html).toContain('生成时间：2026年11月30日 08:00');
    expect(html).toContain('制表：系统自动生成');
    const byHand = reportHtml(sampleReport({ kind: 'range' }));
    expect(byHand).toContain('生成时间：2026年11月16日 10:30');
    expect(byHand).toContain('制表：吴霞');
    expect(chinaDateTime('2026-12-31T16:30:00.000Z')).toBe('2027年1月1日 00:30');
  });

  it('says 「本期没有」 for each empty part', () => {
    const empty: ReportData = (() => {
      const d = sampleReport({ cases: 0, empty: true });
      return { ...d, rates: { ...d.rates, byGroup: [], byMember: [], byCategory: [], byCompound: [], weeks: [] }, byCategory: [], byCompound: [], members: [] };
    })();
    const page = reportHtml(empty);
    // Four breakdowns, the trend, two counts, members, overdue, 转办, notable.
    expect(page.split(NOTHING).length - 1).toBe(11);
    expect(page).not.toContain('<tbody></tbody>');
    expect(page).toContain('本期全部 0 件事项');
  });
});

describe('the 通报 storage names', () => {
  it('are ASCII names under reports/, by kind', () => {
    expect(xlsxFileName(sampleReport({ kind: 'week' }))).toBe('reports/2026-W48_2026-11-23_2026-11-29.xlsx');
    expect(htmlFileName(sampleReport({ kind: 'week' }))).toBe('reports/2026-W48_2026-11-23_2026-11-29.html');
    expect(xlsxFileName(sampleReport({ kind: 'month' }))).toBe('reports/2026-10_month.xlsx');
    expect(xlsxFileName({ kind: 'month', from: '2026-11-01', to: '2026-11-30' })).toBe('reports/2026-11_month.xlsx');
    expect(xlsxFileName({ kind: 'range', from: '2026-11-01', to: '2026-11-15' })).toBe('reports/range_2026-11-01_2026-11-15.xlsx');
    expect(htmlFileName({ kind: 'range', from: '../../x', to: '2026-11-15' })).toBe('reports/range_unknown_2026-11-15.html');
  });

  it('number weeks as ISO 8601 does (the week of the Thursday)', () => {
    expect(isoWeek('2026-11-23')).toEqual({ year: 2026, week: 48 });
    expect(isoWeek('2026-12-28')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
    expect(isoWeek('2025-12-29')).toEqual({ year: 2026, week: 1 });
  });
});

describe('the reports folder', () => {
  const sources = (dir: string) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ file: path.join(dir, f), code: fs.readFileSync(path.join(ROOT, dir, f), 'utf8') }));

  it('imports no wx-server-sdk, Taro or adapter, and the core does not import it', () => {
    for (const { file, code } of sources('cloudfunctions/reports')) {
      expect([file, /from '(wx-server-sdk|@tarojs\/[^']*|[^']*adapters[^']*|[^']*local-cloud[^']*)'/.test(code)]).toEqual([file, false]);
    }
    for (const { file, code } of sources('cloudfunctions/core')) expect([file, /from '(\.\.\/)+reports\//.test(code)]).toEqual([file, false]);
  });

  it('bundles like a cloud function (esbuild: node16, cjs, minified, only wx-server-sdk external) and the bundle writes a readable file', async () => {
    const dir = tempDir();
    const entry = path.join(dir, 'entry.ts');
    const sample = path.join(ROOT, 'test/support/report-sample');
    fs.writeFileSync(
      entry,
      [
        `import fs from 'fs';`,
        `import { reportXlsx, xlsxFileName } from ${JSON.stringify(path.join(ROOT, 'cloudfunctions/reports/xlsx'))};`,
        `import { reportHtml } from ${JSON.stringify(path.join(ROOT, 'cloudfunctions/reports/html'))};`,
        `import { sampleReport } from ${JSON.stringify(sample)};`,
        `const data = sampleReport({ cases: 40 });`,
        `reportXlsx(data).then((bytes) => {`,
        `  fs.writeFileSync(process.argv[2], bytes);`,
        `  process.stdout.write(JSON.stringify({ name: xlsxFileName(data), html: reportHtml(data).length }));`,
        `});`,
      ].join('\n'),
    );
    const outfile = path.join(dir, 'index.js');
    // The options of scripts/build-cloud.ts.
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const bundle = fs.readFileSync(outfile, 'utf8');
    const requires = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    const builtins = new Set(builtinModules);
    expect([...requires].filter((r) => !builtins.has(r.replace(/^node:/, '')))).toEqual([]);

    const written = path.join(dir, 'out.xlsx');
    // Run where no node_modules can be found: everything must be in the bundle.
    const out = JSON.parse(execFileSync(process.execPath, [outfile, written], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } })) as {
      name: string;
      html: number;
    };
    expect(out.name).toBe('reports/2026-W48_2026-11-23_2026-11-29.xlsx');
    const wb = await readBack(fs.readFileSync(written));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['数据', '事项']);
    expect(wb.getWorksheet('事项')!.rowCount).toBe(41);
    console.log(
      `bundled report maker: ${(fs.statSync(outfile).size / 1024).toFixed(1)} KB (minified, exceljs inside); node built-ins required: ${[...requires].sort().join(', ')}`,
    );
  }, 60_000);
});
