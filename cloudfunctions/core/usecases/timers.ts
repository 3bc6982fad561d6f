/** The timer: 交接班 at shift starts, SLA escalations, effects left by interrupted functions, WeChat retries. */
import { residentEscalation } from '../../../types/words';
import type { Case } from '../Case';
import { askFollowUp, callBackDue, dueAt, escalate, handToShift } from '../Case';
import type { EffectBody } from '../effects';
import { slotEffects, withEffects } from '../effects';
import type { Category } from '../community';
import { onLeave } from '../community';
import { followUpAskFor, handoverDigestFor, progressFor, redDigestFor, reminderFor } from '../notify';
import { deliver, retryDeliveries } from './notifications';
import { completeEffects, completeLeftovers } from './effects';
import { makeDueReports } from './reports';
import type { Situation } from '../permissions';
import type { Deps } from '../ports';
import { addDutyTime, localDate, localText, minutesOfClock, minutesOfDay, onDuty } from '../rota';
import { remind, watched } from '../watch';
import { LIST_LIMIT, alertEffect, alertRecipients, categoryOf, loadCommunity, notify, poolRecipients, situation } from './shared';

/** What one SLA sweep did. */
export interface SweepReport {
  /** WeChat deliveries retried, and how many went through. */
  retried?: number;
  resent?: number;
  /** Cases whose pending effects the timer completed (their function died after its write). */
  effectsCompleted?: number;
  /** Unclaimed cases passed to the incoming duty group at a shift start (交接班). */
  handedOver: number;
  /** Unclaimed cases sent up to the office at a shift start because the whole incoming group is on leave. */
  handedToOffice: number;
  /** Pool cases nobody claimed in time, now at the office. */
  claimEscalated: number;
  /** Claimed cases not resolved in time, now at the office. */
  resolveEscalated: number;
  /** Resolved cases whose resident was asked the 回访 (message centre, WeChat with a credit). */
  followUpsAsked?: number;
  /** 回访 nobody answered in time, now call-back tasks for the group on duty. */
  callBacksDue?: number;
  /** Due cases someone acted on a moment before the sweep (their conditional write won); left alone. */
  skipped: number;
  /** Cases stored by an older version whose query fields this tick rewrote (Cases.refreshStale). */
  refreshed?: number;
  /** 通报 made by this tick (last week's on Monday, last month's on the 1st), by id. */
  reportsMade?: string[];
  /** Why making a 通报 failed this tick (the next tick tries again); the SLA work above is done regardless. */
  reportsFailed?: string;
}

/** How many due cases one sweep handles at most (the next run picks up the rest). */
export const SWEEP_MAX = 500;

const SWEEP_PAGE = 100;

/**
 * Run `step` over pages of `read` (each case one conditional write), until nothing is left, SWEEP_MAX is reached,
 * or a page was made only of lost races (the rest is fresh work for the next run). Returns writes won and lost.
 */
async function sweepPages(read: (limit: number) => Promise<Case[]>, step: (c: Case) => Promise<boolean>): Promise<{ won: number; lost: number }> {
  const out = { won: 0, lost: 0 };
  for (let handled = 0; handled < SWEEP_MAX;) {
    const due = await read(Math.min(SWEEP_PAGE, SWEEP_MAX - handled));
    let lostHere = 0;
    for (const c of due) if (!(await step(c))) lostHere++;
    out.won += due.length - lostHere;
    out.lost += lostHere;
    handled += due.length;
    if (due.length < SWEEP_PAGE || lostHere === due.length) break;
  }
  return out;
}

/** Store a timer transition with its effects and complete them; false when a person's write came first. */
async function timerCommit(deps: Deps, sit: Situation, before: Case, next: Case, effects: EffectBody[]): Promise<boolean> {
  const stored = withEffects(watched(next, sit.community), [...effects, ...slotEffects(before, next)], sit.now);
  if (!(await deps.cases.replaceIfVersion(stored))) return false;
  await completeEffects(deps, stored, sit.community, sit.now);
  return true;
}

/**
 * 交接班: at a shift start, every case still waiting in another group's pool passes to the incoming group, with a
 * timeline step and one digest alert per member of that group not on leave on the shift's date (one per shift,
 * however many cases). If the whole incoming group is on leave, the cases go up to the office instead.
 */
async function handOverAtShiftStart(deps: Deps, sit: Situation): Promise<{ won: number; lost: number; toOffice: boolean }> {
  const { community, now } = sit;
  const shift = onDuty(community.rota, now);
  if (!shift) return { won: 0, lost: 0, toOffice: false };
  const groupName = community.groups.find((g) => g.id === shift.groupId)?.name ?? shift.groupId;
  const members = (await deps.people.ofGroup(shift.groupId)).filter((m) => !onLeave(m, shift.date));
  let waiting: number | undefined;
  const done = await sweepPages(
    (limit) => deps.cases.waitingOutside(shift.groupId, limit),
    async (c) => {
      if (members.length === 0) {
        const reason = `${groupName}成员今天都不在岗`;
        const officeBy = addDutyTime(community.rota, now, categoryOf(community, c.categoryId).sla.claimMinutes);
        const next = escalate(c, { trigger: 'no-duty', by: null, reason }, now, officeBy);
        return timerCommit(deps, sit, c, next, [
          notify([progressFor(next, 'escalated', residentEscalation('no-duty', null, null), community, now)]),
          await alertEffect(deps, sit, next, '新事项'),
        ]);
      }
      const preferredMemberIds = members.filter((m) => m.compounds.includes(c.place.compoundId)).map((m) => m.id);
      const next = handToShift(c, { groupId: shift.groupId, groupName, preferredMemberIds }, now);
      // NOTE: the digest's messages are named by the shift, not the case: the first case's effect sends them. How
      // many wait is read once per sweep.
      const count = (waiting ??= (await deps.cases.waiting(LIST_LIMIT)).length);
      const digest: EffectBody = {
        kind: 'notify',
        key: `handover_${shift.date}_${shift.groupId}`,
        items: members.map((m) => handoverDigestFor(m.id, groupName, count, community, now)),
      };
      return timerCommit(deps, sit, c, next, [digest]);
    },
  );
  return { ...done, toOffice: members.length === 0 };
}

/**
 * The SLA clock: escalate to the office every pool case past its claim deadline and every studio-claimed case past
 * its resolve deadline. Reads only what is due (an indexed query on the deadline), writes each with a conditional
 * update so a claim a moment earlier wins, and is idempotent: a second run finds nothing due. Shift hand-over runs
 * first, so a case carried into a shift is offered to the group on duty before its deadline is judged.
 */
export async function sweepOverdue(deps: Deps): Promise<SweepReport> {
  const sit = await situation(deps);
  const { community, now } = sit;
  const handover = await handOverAtShiftStart(deps, sit);
  const report: SweepReport = {
    handedOver: handover.toOffice ? 0 : handover.won,
    handedToOffice: handover.toOffice ? handover.won : 0,
    claimEscalated: 0,
    resolveEscalated: 0,
    skipped: handover.lost,
  };
  const passes = [
    { trigger: 'claim-sla' as const, read: (limit: number) => deps.cases.dueForClaim(now, limit), minutes: (k: Category) => k.sla.claimMinutes },
    { trigger: 'resolve-sla' as const, read: (limit: number) => deps.cases.dueForResolve(now, limit), minutes: (k: Category) => k.sla.resolveMinutes },
  ];
  for (const pass of passes) {
    const { won, lost } = await sweepPages(pass.read, async (c) => {
      const category = community.categories.find((k) => k.id === c.categoryId);
      const minutes = category ? pass.minutes(category) : 0;
      const reason = pass.trigger === 'claim-sla' ? `${minutes}分钟值班时间内无人认领` : `认领后${minutes}分钟值班时间内未办结`;
      let next: Case;
      try {
        next = escalate(c, { trigger: pass.trigger, by: null, reason }, now, category ? addDutyTime(community.rota, now, category.sla.claimMinutes) : null);
      } catch {
        return false; // its state changed between the index and the read: nothing to do
      }
      return timerCommit(deps, sit, c, next, [notify([progressFor(next, 'escalated', residentEscalation(pass.trigger, null, null), community, now)])]);
    });
    if (pass.trigger === 'claim-sla') report.claimEscalated = won;
    else report.resolveEscalated = won;
    report.skipped += lost;
  }
  return report;
}

/** What one 督办 pass did. */
export interface PressReport {
  /** Cases whose holder was reminded at yellow (75 % of the deadline's duty time gone). */
  reminded: number;
  /** Office workers sent today's digest of reds by this run. */
  redDigests: number;
}

/** How many red cases the office's daily digest lists (most overdue first). */
export const DIGEST_LIST = 10;

/**
 * 督办: remind the holder of every case that turned yellow, once per deadline (the reminder is recorded with the write
 * that marks the case reminded), then send the office its daily digest of reds. Reads only what is due (indexed on
 * the yellow point, and the overdue queue's index); a second run the same day finds nothing to do.
 */
export async function pressOverdue(deps: Deps): Promise<PressReport> {
  const sit = await situation(deps);
  const { community, now } = sit;
  const { won } = await sweepPages(
    (limit) => deps.cases.dueForReminder(now, limit),
    async (c) => {
      const due = dueAt(c);
      let next: Case;
      try {
        next = remind(c, now);
      } catch {
        return false; // its deadline moved between the index and the read: nothing to do
      }
      // Past its deadline already (the timer was down at yellow): marked, and the red marks and digest speak instead.
      if (!due || due.getTime() <= now.getTime()) return timerCommit(deps, sit, c, next, []);
      const when = localText(community.rota, due);
      const to = await alertRecipients(deps, sit, c);
      return timerCommit(deps, sit, c, next, [notify(to.map((id) => reminderFor(c, id, when, community, now)))]);
    },
  );
  return { reminded: won, redDigests: await sendRedDigest(deps, sit) };
}

/**
 * The office's daily digest of reds: from the start of duty hours, one message per office worker per local day
 * listing the cases past their deadline (none when nothing is red). NOTE: each message's id is keyed by the day and
 * the worker, so however often (or concurrently) the timer runs, each worker gets one a day.
 */
async function sendRedDigest(deps: Deps, sit: Situation): Promise<number> {
  const { community, now } = sit;
  if (minutesOfDay(community.rota, now) < minutesOfClock(community.rota.hours.start)) return 0;
  const date = localDate(community.rota, now);
  const key = (id: string) => `reds_${date}_${id}`;
  const office = (await deps.people.staff()).filter((p) => p.role === 'office');
  const sent = new Set(await deps.messages.existing(office.map((p) => key(p.id))));
  const todo = office.filter((p) => !sent.has(key(p.id)));
  if (todo.length === 0) return 0;
  const { cases: reds, hasMore } = await deps.cases.ofOfficeQueue('overdue', now, 0, DIGEST_LIST);
  if (reds.length === 0) return 0;
  await deliver(
    deps,
    todo.map((p) => ({ id: key(p.id), o: redDigestFor(p.id, reds, hasMore, community) })),
    community,
    now,
  );
  return todo.length;
}

/**
 * 回访: ask the residents whose case was resolved long enough ago (skipped when they answered first), and make every
 * 回访 still unanswered after the wait a call-back task for the group on duty (or next on duty), alerting its
 * members. Reads only what is due (indexed on `followUpDueAt`); each step is one conditional write with its effects.
 */
export async function sweepFollowUps(deps: Deps, sit: Situation): Promise<{ asked: number; calls: number; lost: number }> {
  const { community, now } = sit;
  const out = { asked: 0, calls: 0, lost: 0 };
  let callers: string[] | undefined;
  const done = await sweepPages(
    (limit) => deps.cases.dueForFollowUp(now, limit),
    async (c) => {
      if (c.status !== 'resolved' || !c.followUp) return false;
      if (c.followUp.stage === 'waiting') {
        let next: Case;
        try {
          next = askFollowUp(c, now);
        } catch {
          return false; // answered between the index and the read
        }
        const won = await timerCommit(deps, sit, c, next, [notify([followUpAskFor(c, community, now)])]);
        if (won) out.asked++;
        return won;
      }
      let next: Case;
      try {
        next = callBackDue(c, now);
      } catch {
        return false; // answered between the index and the read
      }
      // Who is alerted is read once per sweep: the group on duty now (or next), not on leave.
      callers ??= await poolRecipients(deps, sit, null);
      const won = await timerCommit(deps, sit, c, next, [await alertEffect(deps, sit, next, '回访', callers)]);
      if (won) out.calls++;
      return won;
    },
  );
  return { ...out, lost: done.lost };
}

/**
 * The timer's whole job: shift hand-over and SLA escalations, 督办, 回访, effects left by interrupted functions, WeChat
 * retries.
 */
/** Old records rewritten per tick (one page): a few thousand cases are done within the hour. */
const REFRESH_PER_TICK = 100;

export async function timerTick(deps: Deps): Promise<SweepReport & PressReport> {
  const swept = await sweepOverdue(deps);
  const pressed = await pressOverdue(deps);
  const follow = await sweepFollowUps(deps, await situation(deps));
  const report: SweepReport = { ...swept, followUpsAsked: follow.asked, callBacksDue: follow.calls, skipped: swept.skipped + follow.lost };
  const now = deps.clock.now();
  const effectsCompleted = await completeLeftovers(deps, await loadCommunity(deps), now);
  const retries = await retryDeliveries(deps, now);
  const refreshed = await deps.cases.refreshStale(REFRESH_PER_TICK);
  // Last: the 通报 (a failure here must not hold up the work above; the next tick finds the report still missing).
  let reports: Pick<SweepReport, 'reportsMade' | 'reportsFailed'> = {};
  try {
    const made = await makeDueReports(deps);
    if (made.length) reports = { reportsMade: made.map((r) => r.id) };
  } catch (err) {
    reports = { reportsFailed: String((err as Error)?.message ?? err) };
  }
  return { ...report, ...pressed, effectsCompleted, retried: retries.retried, resent: retries.sent, ...(refreshed ? { refreshed } : {}), ...reports };
}
