/** 志愿服务记录 (issue 13, item 7): a member's month of service, for the office, the admin and the member themselves. */
import type { ServiceRecordView } from '../../../types/domain';
import type { Person } from '../community';
import { communityName } from '../community';
import { ForbiddenError, InvalidInputError } from '../errors';
import { authorize } from '../permissions';
import type { Deps } from '../ports';
import { isMonth, monthBounds, monthOf, serviceRecord, SERVICE_ITEM_LIMIT } from '../service-record';
import { situation } from './shared';

/**
 * The record of `memberId` for `month` (YYYY-MM, not after this month): the shifts they served (rota and leave, days
 * up to today; this month when absent), and their 认领, 办结 and 回访 calls counted and listed by the database. A member may read only their own.
 */
export async function memberServiceRecord(deps: Deps, person: Person | null, memberId: string, asked?: string): Promise<ServiceRecordView> {
  const sit = await situation(deps);
  authorize(person, 'serviceRecord', sit);
  // Whose record is checked before whether the person exists, so a member cannot probe ids.
  if (person.role === 'member' && memberId !== person.id) throw new ForbiddenError('您只能查看自己的服务记录');
  const { rota } = sit.community;
  const month = asked ?? monthOf(rota, sit.now);
  if (!isMonth(month)) throw new InvalidInputError('月份不正确，请重新选择（例如 2026-11）');
  if (month > monthOf(rota, sit.now)) throw new InvalidInputError('这个月还没到，还没有服务记录');
  const member = person.id === memberId ? person : await deps.people.ofId(memberId);
  if (!member || member.role !== 'member') throw new InvalidInputError('没有这位工作室成员');
  const { from, to } = monthBounds(rota, month);
  const [counts, acts] = await Promise.all([
    deps.cases.serviceCounts(member.id, from, to),
    // One more than listed, so the record can say it was cut.
    deps.cases.serviceActs(member.id, from, to, SERVICE_ITEM_LIMIT + 1),
  ]);
  const { community } = sit;
  return serviceRecord({
    rota,
    community: communityName(community),
    member,
    groupName: community.groups.find((g) => g.id === member.groupId)?.name ?? null,
    categoryName: (id) => community.categories.find((c) => c.id === id)?.name ?? '其他',
    month,
    now: sit.now,
    counts,
    acts,
  });
}
