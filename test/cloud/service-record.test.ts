/**
 * 志愿服务记录 through the local cloud (issue 13, item 7): 王思瑛 (第二组, on duty on 2, 6, … 30 November) claims and
 * resolves a case and records a 回访 call on another; her November record counts 1 / 1 / 1 and lists the three acts,
 * with her 8 shifts (72 hours); October and December count nothing. The office reads anyone's record, a member only
 * their own, a resident none; bad input is refused in Chinese and changes nothing.
 */
import type { CaseView, ServiceRecordView } from '../../types/domain';
import { DEMO, cloudForFile, codeOf, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: '2026-11-26T09:00:00+08:00' });
const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const pipe = { categoryId: 'repair', description: '楼道里的水管一直在漏水', place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' } };
const record = (memberId: string, month: string, caller: string) => cloud.call<ServiceRecordView>('office', 'serviceRecord', { memberId, month }, caller);

let mine: CaseView;
let called: CaseView;

beforeAll(async () => {
  await at('2026-11-26T10:00:00+08:00'); // 第二组's day
  mine = ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.zhang));
  ok(await cloud.call('cases', 'claim', { caseId: mine.id }, DEMO.wang));
  ok(await cloud.call('cases', 'resolve', { caseId: mine.id, note: '换了水管接头' }, DEMO.wang));
  called = ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li));
  ok(await cloud.call('cases', 'claim', { caseId: called.id }, DEMO.lu));
  ok(await cloud.call('cases', 'resolve', { caseId: called.id, note: '修好了' }, DEMO.lu));
  // A day on the residents are asked; three days later, unanswered, 第二组 (on duty on the 30th) calls.
  await at('2026-11-27T10:06:00+08:00');
  await at('2026-11-30T10:06:00+08:00');
  ok(await cloud.call('cases', 'takeCallBack', { caseId: called.id }, DEMO.wang));
  ok(await cloud.call('cases', 'recordCallBack', { caseId: called.id, solved: true, satisfaction: 'satisfied' }, DEMO.wang));
}, 60_000);

describe('the record', () => {
  it('counts her 认领, 办结 and 回访 call of the month, lists each, and her shifts served', async () => {
    const r = ok(await record(DEMO.wang, '2026-11', DEMO.office));
    expect(r).toMatchObject({
      member: { id: DEMO.wang, name: '王思瑛' },
      groupName: '第二组',
      month: '2026-11',
      monthText: '2026年11月',
      keeper: '社区书记工作室',
      counts: { claimed: 1, resolved: 1, calls: 1 },
      totals: { shifts: 8, hours: 72 },
      itemsTruncated: false,
    });
    expect(r.shifts.map((s) => s.date.slice(8))).toEqual(['02', '06', '10', '14', '18', '22', '26', '30']);
    expect(r.shifts[0]).toEqual({ date: '2026-11-02', weekday: '周一', hours: '08:30–17:30', length: 9 });
    expect(r.items.map((i) => [i.date, i.code, i.category, i.what])).toEqual([
      ['2026-11-26', mine.code, '水电维修', '认领'],
      ['2026-11-26', mine.code, '水电维修', '办结'],
      ['2026-11-30', called.code, '水电维修', '回访电话'],
    ]);
    expect(r.footnote.join('')).toContain('值班按现在的分组和排班推算');
    // 陆建国 claimed and resolved the other case; the call was not his.
    expect(ok(await record(DEMO.lu, '2026-11', DEMO.admin)).counts).toEqual({ claimed: 1, resolved: 1, calls: 0 });
  });

  it('the member reads her own, the same; another month counts nothing', async () => {
    const own = ok(await record(DEMO.wang, '2026-11', DEMO.wang));
    expect(own.counts).toEqual({ claimed: 1, resolved: 1, calls: 1 });
    // Without a month: this month.
    expect(ok(await cloud.call<ServiceRecordView>('office', 'serviceRecord', { memberId: DEMO.wang }, DEMO.wang))).toMatchObject({
      month: '2026-11',
      current: true,
    });
    const october = ok(await record(DEMO.wang, '2026-10', DEMO.wang));
    expect(october).toMatchObject({ current: false, counts: { claimed: 0, resolved: 0, calls: 0 }, items: [] });
    expect(october.totals.shifts).toBeGreaterThan(0); // the rota ran in October too
  });

  it('counts the current month only up to today', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const december = ok(await record(DEMO.wang, '2026-12', DEMO.office));
    // 1 December is 第三组's day: nothing served yet, nothing done.
    expect(december).toMatchObject({ totals: { shifts: 0, hours: 0 }, counts: { claimed: 0, resolved: 0, calls: 0 }, items: [] });
    expect(december.footnote.join('')).toContain('统计到12月1日');
    expect(ok(await record(DEMO.wang, '2026-11', DEMO.office)).counts).toEqual({ claimed: 1, resolved: 1, calls: 1 });
    await at('2026-11-30T11:00:00+08:00');
  });
});

describe('who may read it', () => {
  it('a member only their own; residents never; nobody without an identity', async () => {
    expect(codeOf(await record(DEMO.lu, '2026-11', DEMO.wang))).toBe('FORBIDDEN');
    expect(codeOf(await record('no-such-member', '2026-11', DEMO.wang))).toBe('FORBIDDEN'); // ids are not probed
    expect(codeOf(await record(DEMO.wang, '2026-11', DEMO.li))).toBe('FORBIDDEN');
    expect(codeOf(await record(DEMO.li, '2026-11', DEMO.li))).toBe('FORBIDDEN');
    expect(codeOf(await record(DEMO.wang, '2026-11', ''))).toBe('NOT_SIGNED_IN');
  });
});

describe('bad input', () => {
  const CHINESE = /[\u4e00-\u9fff]/;
  it.each<[string, Record<string, unknown>]>([
    ['a month not yet come', { memberId: DEMO.wang, month: '2026-12' }],
    ['month 13', { memberId: DEMO.wang, month: '2026-13' }],
    ['a date, not a month', { memberId: DEMO.wang, month: '2026-11-01' }],
    ['an empty month', { memberId: DEMO.wang, month: '' }],
    ['no member', { month: '2026-11' }],
    ['a number month', { memberId: DEMO.wang, month: 202611 }],
    ['an operator as id', { memberId: { $gt: '' }, month: '2026-11' }],
    ['a resident as member', { memberId: DEMO.li, month: '2026-11' }],
    ['nobody', { memberId: 'no-such-member', month: '2026-11' }],
    ['an extra key', { memberId: DEMO.wang, month: '2026-11', role: 'admin' }],
  ])('%s → INVALID_INPUT in Chinese', async (_why, payload) => {
    const res = await cloud.call('office', 'serviceRecord', payload, DEMO.office);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('INVALID_INPUT');
      expect(res.error.message).toMatch(CHINESE);
    }
  });
});
