/**
 * 志愿服务记录's pure part: the duty shifts a member served in a month (rota by day and by week, closed dates and
 * weekdays, swaps, leave across the month's edges, the current month cut at today), the month's bounds, the record.
 * Groups of November 2026 under DEFAULT_ROTA (start 2026-01-05, g1…g4), worked out by hand:
 * by day g2 is on duty on the 2nd, 6th, 10th, 14th, 18th, 22nd, 26th and 30th; by week g1 has 9–15 November.
 */
import type { Rota } from '../../types/config';
import { DEFAULT_ROTA } from '../../cloudfunctions/core/rota';
import { daysOfMonth, monthBounds, monthOf, SERVICE_ITEM_LIMIT, servedShifts, serviceRecord, type ServiceAct } from '../../cloudfunctions/core/service-record';
import { bj } from '../fakes';

const g2 = { groupId: 'g2', leave: [] };
const dates = (r: ReturnType<typeof servedShifts>) => r.shifts.map((s) => Number(s.date.slice(8)));
const END = '2026-11-30';

describe('servedShifts', () => {
  it('lists each day the member’s group was on duty, with the hours and their length, and totals them', () => {
    const r = servedShifts(DEFAULT_ROTA, g2, '2026-11', END);
    expect(dates(r)).toEqual([2, 6, 10, 14, 18, 22, 26, 30]);
    expect(r.shifts[0]).toEqual({ date: '2026-11-02', weekday: '周一', hours: '08:30–17:30', length: 9 });
    expect(r.totals).toEqual({ shifts: 8, hours: 72 });
  });

  it('follows a weekly rota: a whole week for the group whose turn it is', () => {
    const weekly: Rota = { ...DEFAULT_ROTA, unit: 'week' };
    expect(dates(servedShifts(weekly, { groupId: 'g1', leave: [] }, '2026-11', END))).toEqual([9, 10, 11, 12, 13, 14, 15]);
    expect(dates(servedShifts(weekly, { groupId: 'g4', leave: [] }, '2026-11', END))).toEqual([2, 3, 4, 5, 6, 7, 8, 30]);
  });

  it('leaves out closed dates and closed weekdays; a swap gives or takes a day, even a closed one', () => {
    const rota: Rota = {
      ...DEFAULT_ROTA,
      closedWeekdays: [0, 6], // the 14th (Sat) and the 22nd (Sun) are closed
      closedDates: ['2026-11-10'],
      swaps: [
        { date: '2026-11-11', groupId: 'g2' }, // g3's day, covered by g2
        { date: '2026-11-18', groupId: 'g3' }, // g2's day, covered by g3
        { date: '2026-11-15', groupId: 'g2' }, // a closed Sunday opened for g2
      ],
    };
    expect(dates(servedShifts(rota, g2, '2026-11', END))).toEqual([2, 6, 11, 15, 26, 30]);
  });

  it('leaves out days on leave, with leave that began the month before or ends the month after', () => {
    const leave = [
      { from: '2026-10-28', to: '2026-11-06' },
      { from: '2026-11-29', to: '2026-12-03' },
      { from: '2026-11-18', to: '2026-11-18' },
    ];
    const r = servedShifts(DEFAULT_ROTA, { groupId: 'g2', leave }, '2026-11', END);
    expect(dates(r)).toEqual([10, 14, 22, 26]);
    expect(r.totals).toEqual({ shifts: 4, hours: 36 });
  });

  it('counts the current month only up to today (today included); later days are not served yet', () => {
    expect(dates(servedShifts(DEFAULT_ROTA, g2, '2026-11', '2026-11-26'))).toEqual([2, 6, 10, 14, 18, 22, 26]);
    expect(dates(servedShifts(DEFAULT_ROTA, g2, '2026-11', '2026-11-25'))).toEqual([2, 6, 10, 14, 18, 22]);
    expect(servedShifts(DEFAULT_ROTA, g2, '2026-11', '2026-11-01').totals).toEqual({ shifts: 0, hours: 0 });
    expect(servedShifts(DEFAULT_ROTA, g2, '2026-12', '2026-11-30').shifts).toEqual([]);
  });

  it('gives nothing to a member without a group, and measures shorter duty hours', () => {
    expect(servedShifts(DEFAULT_ROTA, { groupId: null, leave: [] }, '2026-11', END)).toEqual({ shifts: [], totals: { shifts: 0, hours: 0 } });
    const mornings: Rota = { ...DEFAULT_ROTA, hours: { start: '08:30', end: '12:00' } };
    const r = servedShifts(mornings, g2, '2026-11', END);
    expect(r.shifts[0]).toMatchObject({ hours: '08:30–12:00', length: 3.5 });
    expect(r.totals).toEqual({ shifts: 8, hours: 28 });
  });
});

describe('months', () => {
  it('spans local midnights in the community’s zone, December into January', () => {
    expect(monthBounds(DEFAULT_ROTA, '2026-11')).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
    expect(monthBounds(DEFAULT_ROTA, '2026-12').to).toEqual(new Date('2026-12-31T16:00:00Z'));
    expect(monthOf(DEFAULT_ROTA, new Date('2026-11-30T16:30:00Z'))).toBe('2026-12'); // 00:30 on 1 December in Beijing
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-02')).toHaveLength(28);
  });
});

describe('serviceRecord', () => {
  const act = (day: number, kind: ServiceAct['kind']): ServiceAct => ({
    at: bj(`2026-11-${String(day).padStart(2, '0')} 10:00`),
    caseId: `c${day}`,
    code: `CODE${day}`,
    categoryId: 'repair',
    kind,
  });
  const make = (now: Date, acts: ServiceAct[], month = '2026-11') =>
    serviceRecord({
      rota: DEFAULT_ROTA,
      community: '南河头社区',
      member: { id: 'm1', name: '王思瑛', groupId: 'g2', leave: [] },
      groupName: '第二组',
      categoryName: (id) => (id === 'repair' ? '水电维修' : id),
      month,
      now,
      counts: { claimed: 2, resolved: 1, call: 1 },
      acts,
    });

  it('says whose record it is, who keeps it, the totals and counts, and each act in words', () => {
    const r = make(bj('2026-12-02 09:00'), [act(3, 'claimed'), act(4, 'resolved'), act(9, 'call')]);
    expect(r).toMatchObject({
      member: { id: 'm1', name: '王思瑛' },
      groupName: '第二组',
      month: '2026-11',
      monthText: '2026年11月',
      keeper: '社区书记工作室',
      totals: { shifts: 8, hours: 72 },
      counts: { claimed: 2, resolved: 1, calls: 1 },
      itemsTruncated: false,
      generatedAt: bj('2026-12-02 09:00').toISOString(),
    });
    expect(r.items.map((i) => [i.date, i.code, i.category, i.what])).toEqual([
      ['2026-11-03', 'CODE3', '水电维修', '认领'],
      ['2026-11-04', 'CODE4', '水电维修', '办结'],
      ['2026-11-09', 'CODE9', '水电维修', '回访电话'],
    ]);
    expect(r.footnote[0]).toContain('值班按现在的分组和排班推算');
    expect(r.footnote.join('')).not.toContain('本月还没过完');
  });

  it('says when the month is not over yet, and when the list was cut', () => {
    const many = Array.from({ length: SERVICE_ITEM_LIMIT + 1 }, () => act(5, 'claimed'));
    const r = make(bj('2026-11-26 12:00'), many);
    expect(r.totals.shifts).toBe(7);
    expect(r.items).toHaveLength(SERVICE_ITEM_LIMIT);
    expect(r.itemsTruncated).toBe(true);
    expect(r.footnote.join('')).toContain('统计到11月26日');
    expect(r.footnote.join('')).toContain(`只列出前${SERVICE_ITEM_LIMIT}条`);
  });
});
