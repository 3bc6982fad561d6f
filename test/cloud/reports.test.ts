/**
 * 通报 through the local cloud: the timer makes last week's and last month's reports on the Monday (once: the next
 * tick finds them made), stores the printable page and the Excel file in cloud storage, and lists them for the office;
 * the files open from their temporary links (the Excel file read back with exceljs); the office makes one for any
 * range (made again, it is replaced); hostile input is refused with a stable code and changes nothing.
 */
import ExcelJS from 'exceljs';
import type { CaseView, ReportListItem } from '../../types/domain';
import { DEMO, cloudForFile, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: '2026-11-26T10:00:00+08:00', timers: false }); // group 2 (王思瑛) on duty
const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const sweep = async () =>
  (await cloud.raw('sweeper', { Type: 'Timer', TriggerName: 'sla-sweep' }, '')).body as { ok: boolean; data: { reportsMade?: string[] } };
const act = async (fn: string, action: string, payload: object, who: string) => ok(await cloud.call<CaseView>(fn, action, payload, who));
const list = async () => ok(await cloud.call<{ reports: ReportListItem[] }>('office', 'reports', {}, DEMO.office)).reports;
const fileUrl = async (id: string, file: 'html' | 'xlsx') => ok(await cloud.call<{ url: string }>('office', 'reportFile', { id, file }, DEMO.office)).url;
const place = { compoundId: 'hongqiao', building: '2幢', unit: '302' };

describe('通报 through the local cloud', () => {
  let codes: string[] = [];

  beforeAll(async () => {
    // The week of 11-23: a repair claimed, resolved and answered (解决了, 满意); a private dispute; a certificate at the office.
    const a = await act('cases', 'submit', { categoryId: 'repair', description: '楼道灯不亮了，晚上看不见', place, contactPhone: '13812345678' }, DEMO.zhang);
    await act('cases', 'claim', { caseId: a.id }, DEMO.wang);
    await act('cases', 'resolve', { caseId: a.id, note: '换了灯泡' }, DEMO.wang);
    await act('cases', 'followUp', { caseId: a.id, solved: true, satisfaction: 'satisfied' }, DEMO.zhang);
    const b = await act('cases', 'submit', { categoryId: 'dispute', description: '楼上邻居半夜吵闹，说了不听', place }, DEMO.li);
    const c = await act('cases', 'submit', { categoryId: 'certificate', description: '要开一张居住证明', place }, DEMO.li);
    await act('office', 'transfer', { caseId: c.id, body: 'property', ticket: 'WY-2026-0088', expectedDate: '2026-11-28' }, DEMO.office);
    codes = [a.code, b.code, c.code];
  });

  it('the timer makes last week’s and last month’s reports on Monday, once', async () => {
    await at('2026-11-30T00:05:00+08:00');
    const first = await sweep();
    expect(first.ok).toBe(true);
    expect(first.data.reportsMade).toEqual(['week_2026-11-23', 'month_2026-10']);
    const second = await sweep();
    expect(second.data.reportsMade).toBeUndefined();
    const reports = await list();
    expect(reports.map((r) => [r.id, r.title, r.madeBy])).toEqual(
      expect.arrayContaining([
        ['week_2026-11-23', '2026年第48周通报（11月23日—11月29日）', '自动生成'],
        ['month_2026-10', '2026年10月通报', '自动生成'],
      ]),
    );
    expect(reports).toHaveLength(2);
  });

  it('the Excel file opens from its link: figures and cases, no reporter’s name or phone, a private case without its words', async () => {
    const res = await fetch(await fileUrl('week_2026-11-23', 'xlsx'));
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['数据', '事项']);
    const cases = book.getWorksheet('事项')!;
    const rows: string[][] = [];
    cases.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows).toHaveLength(1 + 3);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...codes].sort());
    const all = rows.flat().join('|');
    for (const secret of ['13812345678', '张', '李', '楼上邻居半夜吵闹']) expect(all).not.toContain(secret);
    expect(all).toContain('（隐私事项）');
    expect(all).toContain('物业 工单号 WY-2026-0088');
    const figures: string[] = [];
    book.getWorksheet('数据')!.eachRow((row) =>
      figures.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => String(v ?? ''))
          .join(' '),
      ),
    );
    const text = figures.join('\n');
    expect(text).toContain('南河头社区');
    expect(text).toMatch(/解决率/);
  });

  it('the printable page opens from its link, as a page and nothing more', async () => {
    const res = await fetch(await fileUrl('week_2026-11-23', 'html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    for (const w of ['南河头社区', '2026年第48周通报（11月23日—11月29日）', '三率', 'WY-2026-0088']) expect(html).toContain(w);
    expect(html).not.toContain('13812345678');
  });

  it('the office makes one for any range; made again, it is replaced', async () => {
    const made = ok(await cloud.call<ReportListItem>('office', 'makeReport', { from: '2026-11-24', to: '2026-11-30' }, DEMO.office));
    expect(made).toMatchObject({ id: 'range_2026-11-24_2026-11-30', kind: 'range', title: '2026年11月24日至11月30日通报', madeBy: '吴霞' });
    expect(made.sizes.xlsx).toBeGreaterThan(1000);
    ok(await cloud.call<ReportListItem>('office', 'makeReport', { from: '2026-11-24', to: '2026-11-30' }, DEMO.office));
    expect((await list()).filter((r) => r.id === made.id)).toHaveLength(1);
  });

  it('refuses hostile input with a stable code and Chinese words, and changes nothing', async () => {
    const before = await list();
    for (const [fn, payload, code] of [
      ['makeReport', { from: '2026-11-24', to: '2026-12-31' }, 'INVALID_INPUT'], // after today
      ['makeReport', { from: '2026-11-24' }, 'INVALID_INPUT'],
      ['makeReport', { from: '2026-11-30', to: '2026-11-01' }, 'INVALID_INPUT'],
      ['makeReport', { from: { $gt: '' }, to: '2026-11-01' }, 'INVALID_INPUT'],
      ['reportFile', { id: '../../storage/index.json', file: 'html' }, 'INVALID_INPUT'],
      ['reportFile', { id: 'week_2026-11-23', file: 'pdf' }, 'INVALID_INPUT'],
      ['reportFile', { id: 'week_2020-01-06', file: 'html' }, 'REPORT_NOT_FOUND'],
      ['reports', { page: 1 }, 'INVALID_INPUT'],
    ] as const) {
      const r = await cloud.call('office', fn, payload, DEMO.office);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect([fn, r.error.code]).toEqual([fn, code]);
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    for (const who of [DEMO.zhang, DEMO.wang]) {
      const r = await cloud.call('office', 'reports', {}, who);
      expect(r.ok || r.error.code).toBe('FORBIDDEN');
    }
    expect(await list()).toEqual(before);
  });
});
