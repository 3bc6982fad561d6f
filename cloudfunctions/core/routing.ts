/**
 * Deciding where a new case goes, and why — "solve it on the spot, report the rest to the community" as a
 * configurable, explainable engine. Pure: the decision is a value (target, group, preferred members, the rule that
 * decided, a Chinese reason, an expected-by time); delivering it happens elsewhere.
 *
 * Policy, in order:
 *  1. emergency category → office now, and the group on duty (if any) alerted;
 *  2. office-only category → office;
 *  3. in duty hours → the pool of the group on duty, if any of its members is not on leave today;
 *  4. outside duty hours: urgent → office; otherwise the pool of the next group on duty, expected-by counted from
 *     its shift start;
 *  5. nobody available (the group due is all on leave, or no shift ahead) → office.
 */
import type { RoutingDecision } from './Case';
import type { Category, Group, Person } from './community';
import { onLeave } from './community';
import type { DutyShift, Rota } from './rota';
import { addDutyTime, localDate, localText, nextShift, onDuty } from './rota';

export interface RouteRequest {
  categoryId: string;
  compoundId: string;
  /** The resident says it cannot wait for the next shift. */
  urgent?: boolean;
}

export interface RoutingContext {
  rota: Rota;
  groups: Group[];
  categories: Category[];
  /** Every studio member (role member), with group, stewarded compounds and leave. */
  members: Person[];
}

/** How many member names the reason sentence lists before "等". */
const NAMES_IN_REASON = 1;

function groupName(ctx: RoutingContext, id: string): string {
  return ctx.groups.find((g) => g.id === id)?.name ?? id;
}

/** Members of a shift's group who are not on leave that day: stewards of the compound first. */
function available(ctx: RoutingContext, shift: DutyShift, compoundId: string): { all: Person[]; stewards: Person[] } {
  const all = ctx.members.filter((m) => m.role === 'member' && m.groupId === shift.groupId && !onLeave(m, shift.date));
  const stewards = all.filter((m) => m.compounds.includes(compoundId));
  return { all: [...stewards, ...all.filter((m) => !stewards.includes(m))], stewards };
}

function names(people: Person[]): string {
  const shown = people
    .slice(0, NAMES_IN_REASON)
    .map((m) => m.name)
    .join('、');
  return people.length > NAMES_IN_REASON ? `${shown}等` : shown;
}

const office = (rule: RoutingDecision['rule'], reason: string, expectedBy: Date | null, alertGroupId: string | null = null): RoutingDecision => ({
  target: 'office',
  rule,
  groupId: null,
  alertGroupId,
  preferredMemberIds: [],
  reason,
  expectedBy,
});

/** Content security said "review": the office reads it first, whatever the category (its claim clock runs anyway). */
export function heldForReview(category: Category, rota: Rota, now: Date): RoutingDecision {
  return office('held-for-review', '已交社区办公室：内容需要人工看一下再处理', addDutyTime(rota, now, category.sla.claimMinutes));
}

/**
 * Who is told about a new case, by its routing decision: the pool's group (members at work on the shift's date), or
 * the office with the alert's kind, plus the alerted group for an emergency.
 */
export function announcement(d: RoutingDecision): { pool: string } | { office: '紧急' | '待审核' | '新事项'; alsoGroup: string | null } {
  if (d.target === 'studio' && d.groupId) return { pool: d.groupId };
  return { office: d.rule === 'emergency' ? '紧急' : d.rule === 'held-for-review' ? '待审核' : '新事项', alsoGroup: d.alertGroupId };
}

/**
 * Route a request for `category` at `now`. Total: every request ends in exactly one place (a group's pool or the
 * office) with a reason. `opts.studioOnly` skips the office rules (the office returning a case to the studio).
 */
export function route(req: RouteRequest, category: Category, ctx: RoutingContext, now: Date, opts: { studioOnly?: boolean } = {}): RoutingDecision {
  const { rota } = ctx;
  const claimBy = (from: Date) => addDutyTime(rota, from, category.sla.claimMinutes);
  const shiftNow = onDuty(rota, now);
  if (!opts.studioOnly) {
    if (category.emergency) {
      return office(
        'emergency',
        shiftNow ? `紧急情况，已上报社区，并通知${groupName(ctx, shiftNow.groupId)}值班成员` : '紧急情况，已上报社区',
        new Date(now.getTime() + category.sla.claimMinutes * 60_000),
        shiftNow?.groupId ?? null,
      );
    }
    if (category.handler === 'office') {
      return office('office-only', `已上报社区：${category.officeReason ?? '此类事项由社区办理'}`, claimBy(now));
    }
  }
  const rule = opts.studioOnly ? 'office-return' : shiftNow ? 'on-duty' : 'next-shift';
  if (!shiftNow && req.urgent && !opts.studioOnly) {
    return office('urgent-off-hours', '现在不是值班时间，事情紧急，已上报社区', claimBy(now));
  }
  const shift = shiftNow ?? nextShift(rota, now);
  if (!shift) return office('nobody-available', '近期没有值班安排，已上报社区', null);
  const { all, stewards } = available(ctx, shift, req.compoundId);
  const group = groupName(ctx, shift.groupId);
  if (all.length === 0) {
    const when = shiftNow || localDate(rota, shift.start) === localDate(rota, now) ? '今天' : localText(rota, shift.start).split(' ')[0];
    return office('nobody-available', `${group}成员${when}都不在岗，已上报社区`, claimBy(now));
  }
  const reason = shiftNow ? `由${group}值班成员处理：${names(all)}` : `现在不是值班时间，由${group}在${localText(rota, shift.start)}上班后处理：${names(all)}`;
  return {
    target: 'studio',
    rule,
    groupId: shift.groupId,
    alertGroupId: null,
    preferredMemberIds: stewards.map((m) => m.id),
    reason: opts.studioOnly ? reason.replace(/^现在不是值班时间，/, '') : reason,
    expectedBy: claimBy(shiftNow ? now : shift.start),
  };
}
