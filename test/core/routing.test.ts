import { route } from '../../cloudfunctions/core/routing';
import type { RouteRule, RouteTarget } from '../../types/domain';
import { aCommunity, aMember, bj } from '../fakes';

const community = aCommunity();
const members = [
  aMember('m-wang', 'g2', '王思瑛', ['hongqiao']),
  aMember('m-lu', 'g2', '陆建国', ['hubin']),
  aMember('m-shen', 'g2', '沈美华', ['nanhetou']),
  aMember('m-cheng', 'g1', '程璇', ['nanhetou']),
];

// Thursday 2026-11-26 is group 2's day; Wednesday 2026-11-25 is group 1's; Friday 2026-11-27 group 3's.
const table: Array<{
  name: string;
  category: string;
  at: string;
  compound: string;
  target: RouteTarget;
  rule: RouteRule;
  group: string | null;
  alert?: string | null;
  preferred?: string[];
  reason: string;
}> = [
  { name: 'burst pipe in duty hours goes to the duty pool, steward named first', category: 'repair', at: '2026-11-26 10:00', compound: 'hubin', target: 'studio', rule: 'on-duty', group: 'g2', preferred: ['m-lu'], reason: '由第二组值班成员处理：陆建国等' },
  { name: 'steward of 虹桥佳苑 is preferred', category: 'policy', at: '2026-11-26 09:00', compound: 'hongqiao', target: 'studio', rule: 'on-duty', group: 'g2', preferred: ['m-wang'], reason: '由第二组值班成员处理：王思瑛等' },
  { name: 'no steward on duty for the compound: the group still takes it', category: 'sanitation', at: '2026-11-26 16:00', compound: 'jianguomen', target: 'studio', rule: 'on-duty', group: 'g2', preferred: [], reason: '由第二组值班成员处理：王思瑛等' },
  { name: 'a one-member group has no 等', category: 'elderly', at: '2026-11-25 10:00', compound: 'nanhetou', target: 'studio', rule: 'on-duty', group: 'g1', preferred: ['m-cheng'], reason: '由第一组值班成员处理：程璇' },
  { name: 'certificates go to the office whatever the time', category: 'certificate', at: '2026-11-26 10:00', compound: 'hubin', target: 'office', rule: 'office-only', group: null, reason: '已上报社区：证明需社区出具' },
  { name: 'certificates at night go to the office too', category: 'certificate', at: '2026-11-26 22:00', compound: 'hubin', target: 'office', rule: 'office-only', group: null, reason: '已上报社区：证明需社区出具' },
  { name: 'gas smell in duty hours: office, duty group alerted', category: 'hazard', at: '2026-11-26 11:00', compound: 'hongqiao', target: 'office', rule: 'emergency', group: null, alert: 'g2', reason: '紧急情况，已上报社区，并通知第二组值班成员' },
  { name: 'gas smell at night: office, nobody to alert', category: 'hazard', at: '2026-11-26 23:00', compound: 'hongqiao', target: 'office', rule: 'emergency', group: null, alert: null, reason: '紧急情况，已上报社区' },
  { name: 'before duty hours: office for now', category: 'repair', at: '2026-11-26 07:00', compound: 'hubin', target: 'office', rule: 'nobody-on-duty', group: null, reason: '现在不是值班时间，已转社区办公室' },
  { name: 'at 17:30 exactly duty is over', category: 'dispute', at: '2026-11-26 17:30', compound: 'hubin', target: 'office', rule: 'nobody-on-duty', group: null, reason: '现在不是值班时间，已转社区办公室' },
  { name: 'the group on duty has no members: office', category: 'repair', at: '2026-11-27 10:00', compound: 'hubin', target: 'office', rule: 'nobody-on-duty', group: null, reason: '第三组今天没有成员值班，已转社区办公室' },
  { name: '不确定 goes to the studio to triage', category: 'unsure', at: '2026-11-26 14:00', compound: 'nanhetou', target: 'studio', rule: 'on-duty', group: 'g2', preferred: ['m-shen'], reason: '由第二组值班成员处理：沈美华等' },
];

describe('route', () => {
  it.each(table)('$name', (row) => {
    const category = community.categories.find((k) => k.id === row.category)!;
    const d = route({ categoryId: row.category, compoundId: row.compound }, category, community, members, bj(row.at));
    expect(d.target).toBe(row.target);
    expect(d.rule).toBe(row.rule);
    expect(d.groupId).toBe(row.group);
    expect(d.reason).toBe(row.reason);
    if (row.alert !== undefined) expect(d.alertGroupId).toBe(row.alert);
    if (row.preferred) expect(d.preferredMemberIds).toEqual(row.preferred);
  });
});
