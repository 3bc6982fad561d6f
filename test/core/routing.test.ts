/**
 * Routing as a data table: category × time of day/week × rota state × compound → target, group, rule, reason,
 * expected-by. Dates: 2026-11-25 group 1, 11-26 group 2, 11-27 group 3 (both members on leave), 11-28 group 4's
 * day swapped to group 1, 11-29 group 1, 11-30 group 2, 12-01 group 3; 2026-10-01 is a holiday.
 */
import type { Person } from '../../cloudfunctions/core/community';
import type { Rota } from '../../cloudfunctions/core/rota';
import { DEFAULT_ROTA } from '../../cloudfunctions/core/rota';
import { announcement, heldForReview, route } from '../../cloudfunctions/core/routing';
import type { RoutingContext } from '../../cloudfunctions/core/routing';
import type { RouteRule, RouteTarget } from '../../types/domain';
import { aCommunity, aMember, bj } from '../fakes';

const community = aCommunity();
export const MEMBERS: Person[] = [
  aMember('m-cheng', 'g1', '程璇', ['nanhetou']),
  aMember('m-niu', 'g1', '钮金海', ['nanhetou', 'jianguomen']),
  aMember('m-wang', 'g2', '王思瑛', ['hongqiao']),
  aMember('m-lu', 'g2', '陆建国', ['hubin']),
  aMember('m-shen', 'g2', '沈美华', ['nanhetou']),
  aMember('m-gu', 'g3', '顾秀兰', ['hongqiao'], [{ from: '2026-11-27', to: '2026-11-27' }]),
  aMember('m-xu', 'g3', '徐志明', ['nanhetou'], [{ from: '2026-11-20', to: '2026-11-30' }]),
  aMember('m-wu', 'g4', '吴德林', ['hubin']),
  aMember('m-jin', 'g4', '金月娥', ['hongqiao']),
];
export const ROTA: Rota = { ...DEFAULT_ROTA, closedDates: ['2026-10-01'], swaps: [{ date: '2026-11-28', groupId: 'g1' }] };
const ctx: RoutingContext = { rota: ROTA, groups: community.groups, categories: community.categories, members: MEMBERS };

interface Row {
  name: string;
  category: string;
  at: string;
  compound: string;
  urgent?: boolean;
  rota?: Partial<Rota>;
  members?: Person[];
  target: RouteTarget;
  rule: RouteRule;
  group: string | null;
  reason: string;
  alert?: string | null;
  preferred?: string[];
  expectedBy?: string | null;
  /** The office returning a case to the studio (routing skips the office rules). */
  studioOnly?: boolean;
}

const table: Row[] = [
  // In duty hours: the pool of the group on duty, stewards of the compound first.
  {
    name: 'burst pipe at 10:00 goes to group 2, steward of 湖滨花园 first',
    category: 'repair',
    at: '2026-11-26 10:00',
    compound: 'hubin',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    preferred: ['m-lu'],
    reason: '由第二组值班成员处理：陆建国等',
    expectedBy: '2026-11-26 10:30',
  },
  {
    name: 'steward of 虹桥佳苑 named',
    category: 'repair',
    at: '2026-11-26 10:00',
    compound: 'hongqiao',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    preferred: ['m-wang'],
    reason: '由第二组值班成员处理：王思瑛等',
  },
  {
    name: 'steward of 南河头 named',
    category: 'repair',
    at: '2026-11-26 10:00',
    compound: 'nanhetou',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    preferred: ['m-shen'],
    reason: '由第二组值班成员处理：沈美华等',
  },
  {
    name: 'no steward in the group: the group still takes it',
    category: 'repair',
    at: '2026-11-26 10:00',
    compound: 'jianguomen',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    preferred: [],
    reason: '由第二组值班成员处理：王思瑛等',
  },
  {
    name: 'policy question right at 08:30',
    category: 'policy',
    at: '2026-11-26 08:30',
    compound: 'hubin',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：陆建国等',
    expectedBy: '2026-11-26 09:30',
  },
  {
    name: 'dispute one minute before closing: the SLA carries into tomorrow',
    category: 'dispute',
    at: '2026-11-26 17:29',
    compound: 'hubin',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：陆建国等',
    expectedBy: '2026-11-27 09:29',
  },
  {
    name: 'sanitation at noon',
    category: 'sanitation',
    at: '2026-11-26 12:00',
    compound: 'nanhetou',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：沈美华等',
    expectedBy: '2026-11-26 13:00',
  },
  {
    name: 'care for the elderly in the afternoon',
    category: 'elderly',
    at: '2026-11-26 16:00',
    compound: 'hongqiao',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：王思瑛等',
    expectedBy: '2026-11-26 16:30',
  },
  {
    name: '不确定 goes to the studio to triage',
    category: 'unsure',
    at: '2026-11-26 14:00',
    compound: 'nanhetou',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：沈美华等',
  },
  {
    name: 'group 1 on its day, two stewards',
    category: 'repair',
    at: '2026-11-25 10:00',
    compound: 'nanhetou',
    target: 'studio',
    rule: 'on-duty',
    group: 'g1',
    preferred: ['m-cheng', 'm-niu'],
    reason: '由第一组值班成员处理：程璇等',
  },
  {
    name: 'group 1, steward of 建国门',
    category: 'repair',
    at: '2026-11-25 10:00',
    compound: 'jianguomen',
    target: 'studio',
    rule: 'on-duty',
    group: 'g1',
    preferred: ['m-niu'],
    reason: '由第一组值班成员处理：钮金海等',
  },
  {
    name: 'a swap: group 1 covers group 4’s Saturday',
    category: 'repair',
    at: '2026-11-28 10:00',
    compound: 'hubin',
    target: 'studio',
    rule: 'on-duty',
    group: 'g1',
    preferred: [],
    reason: '由第一组值班成员处理：程璇等',
  },
  {
    name: 'a swap, with stewards',
    category: 'repair',
    at: '2026-11-28 10:00',
    compound: 'nanhetou',
    target: 'studio',
    rule: 'on-duty',
    group: 'g1',
    preferred: ['m-cheng', 'm-niu'],
    reason: '由第一组值班成员处理：程璇等',
  },
  {
    name: 'dispute on Monday goes to group 2',
    category: 'dispute',
    at: '2026-11-30 10:00',
    compound: 'hubin',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：陆建国等',
  },
  {
    name: 'sanitation on Sunday morning goes to group 1',
    category: 'sanitation',
    at: '2026-11-29 09:00',
    compound: 'jianguomen',
    target: 'studio',
    rule: 'on-duty',
    group: 'g1',
    preferred: ['m-niu'],
    reason: '由第一组值班成员处理：钮金海等',
  },
  {
    name: 'a weekly rota: week 2 is group 2',
    category: 'repair',
    at: '2026-01-12 10:00',
    compound: 'hubin',
    rota: { unit: 'week' },
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：陆建国等',
  },
  // Outside duty hours: the next group on duty, expected-by from its shift start; urgent → office.
  {
    name: 'early morning waits for today’s shift',
    category: 'repair',
    at: '2026-11-26 07:00',
    compound: 'hubin',
    target: 'studio',
    rule: 'next-shift',
    group: 'g2',
    preferred: ['m-lu'],
    reason: '现在不是值班时间，由第二组在11月26日 08:30上班后处理：陆建国等',
    expectedBy: '2026-11-26 09:00',
  },
  {
    name: 'early morning and urgent: office',
    category: 'repair',
    at: '2026-11-26 07:00',
    compound: 'hubin',
    urgent: true,
    target: 'office',
    rule: 'urgent-off-hours',
    group: null,
    reason: '现在不是值班时间，事情紧急，已上报社区',
    expectedBy: '2026-11-26 09:00',
  },
  {
    name: 'evening waits for tomorrow’s group',
    category: 'repair',
    at: '2026-11-25 20:00',
    compound: 'hongqiao',
    target: 'studio',
    rule: 'next-shift',
    group: 'g2',
    preferred: ['m-wang'],
    reason: '现在不是值班时间，由第二组在11月26日 08:30上班后处理：王思瑛等',
    expectedBy: '2026-11-26 09:00',
  },
  {
    name: 'evening before a swapped day',
    category: 'repair',
    at: '2026-11-27 20:00',
    compound: 'hubin',
    target: 'studio',
    rule: 'next-shift',
    group: 'g1',
    reason: '现在不是值班时间，由第一组在11月28日 08:30上班后处理：程璇等',
  },
  {
    name: 'on a holiday: the next shift after it',
    category: 'repair',
    at: '2026-10-01 10:00',
    compound: 'hubin',
    target: 'studio',
    rule: 'next-shift',
    group: 'g3',
    reason: '现在不是值班时间，由第三组在10月2日 08:30上班后处理：顾秀兰等',
    expectedBy: '2026-10-02 09:00',
  },
  {
    name: 'on a holiday, urgent: office',
    category: 'repair',
    at: '2026-10-01 10:00',
    compound: 'hubin',
    urgent: true,
    target: 'office',
    rule: 'urgent-off-hours',
    group: null,
    reason: '现在不是值班时间，事情紧急，已上报社区',
  },
  {
    name: 'the evening before a holiday skips it',
    category: 'repair',
    at: '2026-09-30 18:00',
    compound: 'hongqiao',
    target: 'studio',
    rule: 'next-shift',
    group: 'g3',
    preferred: ['m-gu'],
    reason: '现在不是值班时间，由第三组在10月2日 08:30上班后处理：顾秀兰等',
  },
  {
    name: 'one minute before the shift',
    category: 'elderly',
    at: '2026-11-29 08:29',
    compound: 'hubin',
    target: 'studio',
    rule: 'next-shift',
    group: 'g1',
    reason: '现在不是值班时间，由第一组在11月29日 08:30上班后处理：程璇等',
    expectedBy: '2026-11-29 09:00',
  },
  {
    name: 'just after closing, next group’s member back from leave',
    category: 'unsure',
    at: '2026-11-30 17:31',
    compound: 'hubin',
    target: 'studio',
    rule: 'next-shift',
    group: 'g3',
    reason: '现在不是值班时间，由第三组在12月1日 08:30上班后处理：顾秀兰等',
  },
  {
    name: 'a steward back from leave is preferred again',
    category: 'unsure',
    at: '2026-11-30 17:31',
    compound: 'nanhetou',
    target: 'studio',
    rule: 'next-shift',
    group: 'g3',
    preferred: ['m-xu'],
    reason: '现在不是值班时间，由第三组在12月1日 08:30上班后处理：徐志明等',
  },
  {
    name: 'Saturdays closed: Friday evening waits for Sunday',
    category: 'repair',
    at: '2026-11-27 20:00',
    compound: 'hubin',
    rota: { closedWeekdays: [6], swaps: [] },
    target: 'studio',
    rule: 'next-shift',
    group: 'g1',
    reason: '现在不是值班时间，由第一组在11月29日 08:30上班后处理：程璇等',
  },
  // Shift edges (交接班 hands what is still waiting to the next group at its shift start; the deadline counts duty time).
  {
    name: 'last claim window of the day: 17:25 at 湖滨花园, promised for tomorrow 08:55',
    category: 'repair',
    at: '2026-11-26 17:25',
    compound: 'hubin',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    preferred: ['m-lu'],
    reason: '由第二组值班成员处理：陆建国等',
    expectedBy: '2026-11-27 08:55',
  },
  {
    name: 'the last minute of a shift (17:29)',
    category: 'repair',
    at: '2026-11-26 17:29',
    compound: 'hubin',
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：陆建国等',
    expectedBy: '2026-11-27 08:59',
  },
  {
    name: 'the office returns a case after hours: the next group, from its shift start',
    category: 'repair',
    at: '2026-11-25 20:00',
    compound: 'hubin',
    studioOnly: true,
    target: 'studio',
    rule: 'office-return',
    group: 'g2',
    preferred: ['m-lu'],
    reason: '由第二组在11月26日 08:30上班后处理：陆建国等',
    expectedBy: '2026-11-26 09:00',
  },
  {
    name: 'weekends closed: Saturday waits for Monday’s group',
    category: 'repair',
    at: '2026-11-28 10:00',
    compound: 'hubin',
    rota: { closedWeekdays: [0, 6], swaps: [] },
    target: 'studio',
    rule: 'next-shift',
    group: 'g2',
    reason: '现在不是值班时间，由第二组在11月30日 08:30上班后处理：陆建国等',
    expectedBy: '2026-11-30 09:00',
  },
  {
    name: 'weekends closed: Friday 17:25 is Friday’s, promised for Monday 08:55',
    category: 'repair',
    at: '2026-12-04 17:25',
    compound: 'hubin',
    rota: { closedWeekdays: [0, 6], swaps: [] },
    target: 'studio',
    rule: 'on-duty',
    group: 'g2',
    reason: '由第二组值班成员处理：陆建国等',
    expectedBy: '2026-12-07 08:55',
  },
  // Nobody available → office.
  {
    name: 'group 3 all on leave today: office',
    category: 'repair',
    at: '2026-11-27 10:00',
    compound: 'hubin',
    target: 'office',
    rule: 'nobody-available',
    group: null,
    reason: '第三组成员今天都不在岗，已上报社区',
    expectedBy: '2026-11-27 10:30',
  },
  {
    name: 'policy question while group 3 is away',
    category: 'policy',
    at: '2026-11-27 15:00',
    compound: 'hongqiao',
    target: 'office',
    rule: 'nobody-available',
    group: null,
    reason: '第三组成员今天都不在岗，已上报社区',
  },
  {
    name: 'closing time, tomorrow’s group all on leave',
    category: 'repair',
    at: '2026-11-26 17:30',
    compound: 'hubin',
    target: 'office',
    rule: 'nobody-available',
    group: null,
    reason: '第三组成员11月27日都不在岗，已上报社区',
    expectedBy: '2026-11-27 09:00',
  },
  {
    name: 'night, tomorrow’s group all on leave',
    category: 'repair',
    at: '2026-11-26 20:00',
    compound: 'hubin',
    target: 'office',
    rule: 'nobody-available',
    group: null,
    reason: '第三组成员11月27日都不在岗，已上报社区',
  },
  {
    name: 'night and urgent: office for urgency first',
    category: 'repair',
    at: '2026-11-26 20:00',
    compound: 'hubin',
    urgent: true,
    target: 'office',
    rule: 'urgent-off-hours',
    group: null,
    reason: '现在不是值班时间，事情紧急，已上报社区',
  },
  {
    name: 'no members at all',
    category: 'repair',
    at: '2026-11-26 10:00',
    compound: 'hubin',
    members: [],
    target: 'office',
    rule: 'nobody-available',
    group: null,
    reason: '第二组成员今天都不在岗，已上报社区',
  },
  {
    name: 'studio closed every day and no swaps: nothing ahead',
    category: 'repair',
    at: '2026-11-26 10:00',
    compound: 'hubin',
    rota: { closedWeekdays: [0, 1, 2, 3, 4, 5, 6], swaps: [] },
    target: 'office',
    rule: 'nobody-available',
    group: null,
    reason: '近期没有值班安排，已上报社区',
    expectedBy: null,
  },
  // Office-only categories.
  {
    name: 'certificate in duty hours',
    category: 'certificate',
    at: '2026-11-26 10:00',
    compound: 'hubin',
    target: 'office',
    rule: 'office-only',
    group: null,
    reason: '已上报社区：证明需社区出具',
    expectedBy: '2026-11-26 12:00',
  },
  {
    name: 'certificate at night, expected by mid-morning',
    category: 'certificate',
    at: '2026-11-26 22:00',
    compound: 'hubin',
    target: 'office',
    rule: 'office-only',
    group: null,
    reason: '已上报社区：证明需社区出具',
    expectedBy: '2026-11-27 10:30',
  },
  {
    name: 'certificate on a holiday',
    category: 'certificate',
    at: '2026-10-01 10:00',
    compound: 'nanhetou',
    target: 'office',
    rule: 'office-only',
    group: null,
    reason: '已上报社区：证明需社区出具',
    expectedBy: '2026-10-02 10:30',
  },
  {
    name: 'certificate while group 3 is away',
    category: 'certificate',
    at: '2026-11-27 10:00',
    compound: 'hongqiao',
    target: 'office',
    rule: 'office-only',
    group: null,
    reason: '已上报社区：证明需社区出具',
  },
  {
    name: 'certificate marked urgent is still office-only',
    category: 'certificate',
    at: '2026-11-26 22:00',
    compound: 'hubin',
    urgent: true,
    target: 'office',
    rule: 'office-only',
    group: null,
    reason: '已上报社区：证明需社区出具',
  },
  // Emergencies: office now, the group on duty alerted.
  {
    name: 'gas smell in duty hours: office, group 2 alerted',
    category: 'hazard',
    at: '2026-11-26 11:00',
    compound: 'hongqiao',
    target: 'office',
    rule: 'emergency',
    group: null,
    alert: 'g2',
    reason: '紧急情况，已上报社区，并通知第二组值班成员',
    expectedBy: '2026-11-26 11:10',
  },
  {
    name: 'gas smell at night: office, nobody to alert, clock runs anyway',
    category: 'hazard',
    at: '2026-11-26 23:00',
    compound: 'hongqiao',
    target: 'office',
    rule: 'emergency',
    group: null,
    alert: null,
    reason: '紧急情况，已上报社区',
    expectedBy: '2026-11-26 23:10',
  },
  {
    name: 'gas smell on a swapped day alerts the covering group',
    category: 'hazard',
    at: '2026-11-28 09:00',
    compound: 'hubin',
    target: 'office',
    rule: 'emergency',
    group: null,
    alert: 'g1',
    reason: '紧急情况，已上报社区，并通知第一组值班成员',
  },
  {
    name: 'gas smell on a holiday',
    category: 'hazard',
    at: '2026-10-01 10:00',
    compound: 'hubin',
    target: 'office',
    rule: 'emergency',
    group: null,
    alert: null,
    reason: '紧急情况，已上报社区',
  },
  {
    name: 'gas smell while group 3 is on leave still alerts group 3',
    category: 'hazard',
    at: '2026-11-27 10:00',
    compound: 'hubin',
    target: 'office',
    rule: 'emergency',
    group: null,
    alert: 'g3',
    reason: '紧急情况，已上报社区，并通知第三组值班成员',
  },
];

describe(`route: ${table.length} scenarios`, () => {
  it('has at least 40 scenarios', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  it.each(table)('$name', (row) => {
    const category = community.categories.find((k) => k.id === row.category)!;
    const c: RoutingContext = { ...ctx, rota: { ...ctx.rota, ...row.rota }, members: row.members ?? ctx.members };
    const d = route({ categoryId: row.category, compoundId: row.compound, urgent: row.urgent }, category, c, bj(row.at), { studioOnly: row.studioOnly });
    expect({ target: d.target, rule: d.rule, group: d.groupId, reason: d.reason }).toEqual({
      target: row.target,
      rule: row.rule,
      group: row.group,
      reason: row.reason,
    });
    if (row.alert !== undefined) expect(d.alertGroupId).toBe(row.alert);
    if (row.preferred) expect(d.preferredMemberIds).toEqual(row.preferred);
    if (row.expectedBy !== undefined) expect(d.expectedBy).toEqual(row.expectedBy === null ? null : bj(row.expectedBy));
  });

  it('sends an office case back to the studio pool on request, naming the group', () => {
    const category = community.categories.find((k) => k.id === 'repair')!;
    const d = route({ categoryId: 'repair', compoundId: 'hubin' }, category, ctx, bj('2026-11-26 20:00'), { studioOnly: true });
    // Group 3 is away tomorrow: returning is impossible, routing says so.
    expect(d).toMatchObject({ target: 'office', rule: 'nobody-available' });
    const d2 = route(
      { categoryId: 'certificate', compoundId: 'hubin' },
      community.categories.find((k) => k.id === 'certificate')!,
      ctx,
      bj('2026-11-26 10:00'),
      {
        studioOnly: true,
      },
    );
    expect(d2).toMatchObject({ target: 'studio', rule: 'office-return', groupId: 'g2', reason: '由第二组值班成员处理：陆建国等' });
  });
});

describe('filing decisions that live beside routing', () => {
  it('holds "review" content for the office, with the category’s claim clock in duty time', () => {
    const repair = community.categories.find((k) => k.id === 'repair')!;
    const d = heldForReview(repair, ROTA, bj('2026-11-26 17:15'));
    expect(d).toMatchObject({ target: 'office', rule: 'held-for-review', groupId: null, reason: '已交社区办公室：内容需要人工看一下再处理' });
    expect(d.expectedBy).toEqual(bj('2026-11-27 08:45'));
  });

  it('announces a pool case to its group, an emergency to the office and the group on duty, a held one as 待审核', () => {
    const at = bj('2026-11-26 10:00');
    const of = (category: string) =>
      route(
        { categoryId: category, compoundId: 'hubin' },
        community.categories.find((k) => k.id === category)!,
        ctx,
        at,
      );
    expect(announcement(of('repair'))).toEqual({ pool: 'g2' });
    expect(announcement(of('hazard'))).toEqual({ office: '紧急', alsoGroup: 'g2' });
    expect(announcement(of('certificate'))).toEqual({ office: '新事项', alsoGroup: null });
    expect(announcement(heldForReview(community.categories[0], ROTA, at))).toEqual({ office: '待审核', alsoGroup: null });
  });
});
