/** Transitions by the reporter: reopen, urge, cancel, confirm solved, rate. */
import { CaseAlreadyClaimedError, CaseNotReopenableError, CaseNotOpenError, ForbiddenTransitionError, InvalidInputError, UrgeTooSoonError } from '../errors';
import { baseOf, required } from './base';
import { isOpen } from './state';
import type { Actor, Case, CancelledCase, ResolvedCase, TimelineEntry } from './state';
import type { Rating } from '../../../types/domain';
import { escalate } from './studio';

/**
 * The resident says a resolved case is not solved (not after confirming it solved: that ends the offer). The earlier
 * confirmation and rating are cleared: they were about a result that did not hold. The first time it goes back to the member who resolved it; the
 * second time it goes up to the office.
 */
export function reopen(c: Case, resident: Actor, reason: string, now: Date, due: { resolveDueAt: Date | null; officeExpectedBy: Date | null }): Case {
  if (c.status !== 'resolved') throw new CaseNotReopenableError();
  if (c.reporter.id !== resident.id) throw new CaseNotReopenableError('只有反映人可以重新反映');
  if (c.confirmedAt) throw new CaseNotReopenableError('您已经确认问题解决了。如果又有问题，请重新反映一件新的事');
  if (now.getTime() - c.resolution.at.getTime() > REOPEN_WINDOW_MS) throw new CaseNotReopenableError('办结已超过7天，请重新反映一件新的事');
  const why = required(reason, '还没解决的地方');
  const entry: TimelineEntry = { at: now, kind: 'reopened', text: `居民重新反映：${why}`, by: resident, trigger: 'reopen' };
  return reopenWith(c, entry, resident, why, now, due);
}

/**
 * A resolved case goes back into work with `entry` as its step (the resident's reopen, or a 回访 answered 没解决):
 * to the member who resolved it the first time, up to the office after that (`by` is who caused the escalation).
 */
export function reopenWith(
  c: ResolvedCase,
  entry: TimelineEntry,
  by: Actor,
  why: string,
  now: Date,
  due: { resolveDueAt: Date | null; officeExpectedBy: Date | null },
): Case {
  if (c.reopenCount === 0) {
    const { resolution: _r, ...base } = c;
    return {
      ...base,
      status: 'claimed',
      version: c.version + 1,
      reopenCount: 1,
      confirmedAt: null,
      rating: null, // the earlier rating was of a result that did not hold
      claimedAt: now,
      resolveDueAt: due.resolveDueAt,
      timeline: [...c.timeline, { ...entry, text: `${entry.text}（退回${c.holder.name}继续处理）` }],
    };
  }
  const up = escalate(
    { ...c, timeline: [...c.timeline, entry] },
    { trigger: 'reopen', by, reason: `第${c.reopenCount + 1}次重新反映：${why}` },
    now,
    due.officeExpectedBy,
  );
  return { ...up, version: c.version + 1, reopenCount: c.reopenCount + 1, confirmedAt: null, rating: null };
}

/** How often the reporter may urge a case. */
export const URGE_INTERVAL_MS = 2 * 3600_000;
/** How long after resolution the reporter may reopen it. */
export const REOPEN_WINDOW_MS = 7 * 86_400_000;

/** When the reporter may urge again (null = now). */
export function nextUrgeAt(c: Case): Date | null {
  if (!c.urgedAt) return null;
  return new Date(c.urgedAt.getTime() + URGE_INTERVAL_MS);
}

/** The reporter hurries an open case (催单), at most once every 2 hours. */
export function urge(c: Case, by: Actor, now: Date): Case {
  if (!isOpen(c)) throw new CaseNotOpenError('这件事已经结束了，不需要再催');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以催办');
  const next = nextUrgeAt(c);
  if (next && next.getTime() > now.getTime()) throw new UrgeTooSoonError(next);
  return { ...c, version: c.version + 1, urgedAt: now, timeline: [...c.timeline, { at: now, kind: 'urged', text: '居民催了一下，希望尽快处理', by }] };
}

/** The reporter withdraws a case nobody has claimed yet. */
export function cancel(c: Case, by: Actor, reason: string, now: Date): CancelledCase {
  if (c.status === 'claimed') throw new CaseAlreadyClaimedError(c.holder.name, `${c.holder.name}已经在办这件事了，不能撤回`);
  if (c.status !== 'pending') throw new CaseNotOpenError('这件事已经结束了，不能撤回');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以撤回');
  const why = reason.trim();
  return {
    ...baseOf(c),
    status: 'cancelled',
    version: c.version + 1,
    cancellation: { reason: why, at: now },
    timeline: [...c.timeline, { at: now, kind: 'cancelled', text: why ? `居民撤回了：${why}` : '居民撤回了这件事', by }],
  };
}

/** Cases resolved since 回访 existed are confirmed and rated by answering the 回访 (followup.ts). */
const MERGED_INTO_FOLLOW_UP = '请在“回访”里告诉我们问题解决了没有、满不满意';

/** The reporter confirms a resolved case is solved (cases resolved before 回访 existed). */
export function confirmSolved(c: Case, by: Actor, now: Date): Case {
  if (c.status !== 'resolved') throw new CaseNotOpenError('只有已办结的事项可以确认');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以确认');
  if (c.followUp) throw new CaseNotOpenError(MERGED_INTO_FOLLOW_UP);
  if (c.confirmedAt) throw new CaseNotOpenError('已经确认过了');
  return { ...c, version: c.version + 1, confirmedAt: now, timeline: [...c.timeline, { at: now, kind: 'confirmed', text: '居民确认问题已解决', by }] };
}

/** The reporter rates a resolved case (1–5 stars each) with an optional comment; once. */
export function rate(c: Case, by: Actor, r: Rating, now: Date): Case {
  if (c.status !== 'resolved') throw new CaseNotOpenError('办结以后才能评价');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以评价');
  if (c.followUp) throw new CaseNotOpenError(MERGED_INTO_FOLLOW_UP);
  if (c.rating) throw new CaseNotOpenError('已经评价过了，谢谢您');
  for (const v of [r.result, r.speed, r.attitude]) if (!Number.isInteger(v) || v < 1 || v > 5) throw new InvalidInputError('请给每一项选1到5颗星');
  const rating = { ...r, comment: r.comment.trim() };
  const words = `办事结果${rating.result}星、速度${rating.speed}星、态度${rating.attitude}星`;
  return {
    ...c,
    version: c.version + 1,
    rating,
    timeline: [...c.timeline, { at: now, kind: 'rated', text: `居民评价：${words}${rating.comment ? `；${rating.comment}` : ''}`, by }],
  };
}
