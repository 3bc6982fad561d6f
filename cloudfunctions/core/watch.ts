/**
 * 督办: warnings before a deadline. A case turns yellow when 75 % of its deadline's duty-time budget has passed (the
 * category's claim time for a waiting case, its resolve time for a held one) and red at the deadline. Yellow is
 * measured in duty time like the deadline itself (core/rota.ts): the yellow point is a quarter of the budget in duty
 * time before the deadline, so nights and closed days do not count.
 * The case stores its watch (the deadline, its yellow point, and whether its holder was reminded) so the timer finds
 * cases turning yellow with one indexed query; it is recomputed whenever a write changes the deadline.
 * NOTE: a deadline has at most one reminder: `remindedAt` is set by the same conditional write that records it.
 */
import type { Case, Watch } from './Case';
import { dueAt, isOpen } from './Case';
import type { CommunityConfig } from './community';
import { subtractDutyTime } from './rota';

/** The share of a deadline's duty-time budget after which a case is marked 「快到时间了」. */
export const YELLOW_SHARE = 0.75;

export type Warning = 'yellow' | 'red';

/** The duty-time budget (minutes) behind the case's current deadline: claim time while waiting, resolve time once held. */
export function budgetMinutes(c: Case, community: CommunityConfig): number | null {
  const category = community.categories.find((k) => k.id === c.categoryId);
  if (!category || !isOpen(c)) return null;
  return c.status === 'claimed' ? category.sla.resolveMinutes : category.sla.claimMinutes;
}

/** Where the case's current deadline turns yellow (75 % of its budget in duty time), or null without a deadline. */
export function yellowAt(c: Case, community: CommunityConfig): Date | null {
  const due = isOpen(c) ? dueAt(c) : null;
  const budget = budgetMinutes(c, community);
  if (!due || budget === null) return null;
  return subtractDutyTime(community.rota, due, budget * (1 - YELLOW_SHARE)) ?? due;
}

/** The case's mark at `now`: red past its deadline, yellow past its yellow point, else none. */
export function warningOf(c: Case, community: CommunityConfig, now: Date): Warning | null {
  const due = isOpen(c) ? dueAt(c) : null;
  if (!due) return null;
  if (due.getTime() <= now.getTime()) return 'red';
  const yellow = c.watch && c.watch.due.getTime() === due.getTime() ? c.watch.yellowAt : yellowAt(c, community);
  return yellow && yellow.getTime() <= now.getTime() ? 'yellow' : null;
}

/**
 * `next` with its watch matching its deadline: kept (with its reminder) while the deadline stays, recomputed (not yet
 * reminded) when a write moved it, null when the case has none. Every write of a case passes through this.
 */
export function watched<C extends Case>(next: C, community: CommunityConfig): C {
  const due = isOpen(next) ? dueAt(next) : null;
  if (!due) return next.watch ? { ...next, watch: null } : next;
  if (next.watch && next.watch.due.getTime() === due.getTime()) return next;
  const watch: Watch = { due, yellowAt: yellowAt(next, community) ?? due, remindedAt: null };
  return { ...next, watch };
}

/** When the timer should remind the holder: the yellow point of a deadline not yet reminded of, else null. */
export function remindAt(c: Case): Date | null {
  const due = isOpen(c) ? dueAt(c) : null;
  if (!due || !c.watch || c.watch.remindedAt || c.watch.due.getTime() !== due.getTime()) return null;
  return c.watch.yellowAt;
}

/** The case marked as reminded of its current deadline (a new version: one conditional write records the reminder). */
export function remind<C extends Case>(c: C, now: Date): C {
  if (!c.watch || remindAt(c) === null) throw new Error(`case ${c.id} has no reminder due`);
  return { ...c, version: c.version + 1, watch: { ...c.watch, remindedAt: now } };
}
