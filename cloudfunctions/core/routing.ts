/**
 * Deciding where a new case goes, and why. Pure: the decision is a value; delivering it (writing the case,
 * alerting people) happens elsewhere.
 */
import type { RoutingDecision } from './Case';
import type { Category, CommunityConfig, Person } from './community';
import { onDuty } from './rota';

export interface RouteRequest {
  categoryId: string;
  compoundId: string;
}

/** How many member names the reason sentence lists before "等". */
const NAMES_IN_REASON = 1;

/**
 * Route a request. Policy (first cut): office-only categories → office; emergencies → office with the duty group
 * alerted; otherwise the pool of the group on duty now; nobody on duty → office.
 */
export function route(
  req: RouteRequest,
  category: Category,
  community: Pick<CommunityConfig, 'rota' | 'groups'>,
  members: Person[],
  now: Date,
): RoutingDecision {
  const shift = onDuty(community.rota, now);
  const groupName = (id: string) => community.groups.find((g) => g.id === id)?.name ?? id;
  if (category.emergency) {
    return {
      target: 'office',
      rule: 'emergency',
      groupId: null,
      alertGroupId: shift?.groupId ?? null,
      preferredMemberIds: [],
      reason: shift
        ? `紧急情况，已上报社区，并通知${groupName(shift.groupId)}值班成员`
        : '紧急情况，已上报社区',
    };
  }
  if (category.handler === 'office') {
    return {
      target: 'office',
      rule: 'office-only',
      groupId: null,
      alertGroupId: null,
      preferredMemberIds: [],
      reason: `已上报社区：${category.officeReason ?? '此类事项由社区办理'}`,
    };
  }
  const onDutyMembers = shift ? members.filter((m) => m.role === 'member' && m.groupId === shift.groupId) : [];
  if (!shift || onDutyMembers.length === 0) {
    return {
      target: 'office',
      rule: 'nobody-on-duty',
      groupId: null,
      alertGroupId: null,
      preferredMemberIds: [],
      reason: shift ? `${groupName(shift.groupId)}今天没有成员值班，已转社区办公室` : '现在不是值班时间，已转社区办公室',
    };
  }
  const stewards = onDutyMembers.filter((m) => m.compounds.includes(req.compoundId));
  const others = onDutyMembers.filter((m) => !m.compounds.includes(req.compoundId));
  const preferred = [...stewards, ...others];
  const names = preferred.slice(0, NAMES_IN_REASON).map((m) => m.name).join('、');
  return {
    target: 'studio',
    rule: 'on-duty',
    groupId: shift.groupId,
    alertGroupId: null,
    preferredMemberIds: stewards.map((m) => m.id),
    reason: `由${groupName(shift.groupId)}值班成员处理：${names}${preferred.length > NAMES_IN_REASON ? '等' : ''}`,
  };
}
