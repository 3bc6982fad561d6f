/** What the community office does: its queues (and 「交给我的」) and dashboard, assign, reject, return to the studio, recategorise. */
import type { CaseView, Counted, DashboardView, OfficeQueue, OfficeQueuesView, TransferBody } from '../../../types/domain';
import type { TransferRequest } from '../../../types/api';
import { DASHBOARD_STATUS_WORDS, RESIDENT_STEPS, TRANSFER_BODY_NAMES, transferOutcomeNote, transferWords } from '../../../types/words';
import { assign, closeSupervision, recategorise, reject, returnToStudio, transferOut } from '../Case';
import type { Case } from '../Case';
import type { Person } from '../community';
import { CaseNotTransferredError, InvalidInputError } from '../errors';
import { progressFor } from '../notify';
import { authorize } from '../permissions';
import type { Deps } from '../ports';
import { route } from '../routing';
import { addDutyTime, localDate } from '../rota';
import { lastDays, ratesView, windowOf } from '../rates';
import { toSummary } from '../views';
import { settlement } from './member';
import { actorOf, alertEffect, categoryOf, checkedText, LIST_LIMIT, notify, QUEUE_PAGE, routingContext, situation, step } from './shared';

/** The office sends a case back to the studio's duty pool (the group on duty now, or the next one). */
export const returnCaseToStudio = (deps: Deps, person: Person | null, caseId: string, note: string): Promise<CaseView> =>
  step(deps, person, caseId, 'returnToStudio', async (c, me, sit) => {
    const where = { categoryId: c.categoryId, compoundId: c.place.compoundId };
    const decision = route(where, categoryOf(sit.community, c.categoryId), await routingContext(deps, sit.community), sit.now, { studioOnly: true });
    return { next: returnToStudio(c, actorOf(me), note, decision, sit.now) };
  });

/** The office changes a waiting case's category; routing runs again. */
export const recategoriseCase = (deps: Deps, person: Person | null, caseId: string, categoryId: string, note: string): Promise<CaseView> =>
  step(deps, person, caseId, 'recategorise', async (c, me, sit) => {
    const category = categoryOf(sit.community, categoryId);
    const decision = route({ categoryId, compoundId: c.place.compoundId, urgent: c.urgent }, category, await routingContext(deps, sit.community), sit.now);
    return { next: recategorise(c, actorOf(me), category, note, decision, sit.now) };
  });

/**
 * The office gives an office case to an office worker (or takes it); a colleague given it is told (message + WeChat).
 * The reporter hears who at the office has it, in the same write: the first taking like a member's 认领 (WeChat with
 * a credit), a change between colleagues like a 转交 (the message centre only).
 */
export const assignCase = (deps: Deps, person: Person | null, caseId: string, assigneeId: string): Promise<CaseView> =>
  step(deps, person, caseId, 'assign', async (c, me, sit) => {
    const to = assigneeId === me.id ? me : await deps.people.ofId(assigneeId);
    if (!to || (to.role !== 'office' && to.role !== 'admin')) throw new InvalidInputError('请选择一位社区工作人员');
    const due = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.resolveMinutes);
    const give = (from: Case) => assign(from, actorOf(me), actorOf(to), sit.now, due);
    const next = give(c);
    const told = to.id === me.id ? [] : [await alertEffect(deps, sit, next, '转交给您', [to.id])];
    const progress =
      c.status === 'pending'
        ? progressFor(next, 'assigned', `${RESIDENT_STEPS.assigned(to.name)}，有进展会告诉您`, sit.community, sit.now)
        : progressFor(next, 'handed-over', RESIDENT_STEPS.reassigned(to.name), sit.community, sit.now);
    return { next, effects: [...told, notify([progress])], explain: give };
  });

/** The office refuses a case as spam or abuse; the reporter sees the reason. */
export const rejectCase = (deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> =>
  step(deps, person, caseId, 'reject', (c, me, sit) => {
    const refuse = (from: Case) => reject(from, actorOf(me), reason, sit.now);
    const next = refuse(c);
    return { next, explain: refuse, effects: [notify([progressFor(next, 'rejected', reason, sit.community, sit.now)])] };
  });

/**
 * 转办: the office records that it handed a case in its queue (or one it holds) to an outside body, with the body's
 * 工单号 and expected date; the reporter is told in the message centre, in plain words.
 */
export const transferCase = (deps: Deps, person: Person | null, req: TransferRequest): Promise<CaseView> =>
  step(deps, person, req.caseId, 'transfer', (c, me, sit) => {
    const bodyName = req.body === 'other' ? (req.bodyName ?? '') : TRANSFER_BODY_NAMES[req.body];
    const today = localDate(sit.community.rota, sit.now);
    const { end: expectedEnd } = windowOf(sit.community.rota.timezone, req.expectedDate, req.expectedDate);
    const hand = (from: Case) =>
      transferOut(from, { body: req.body, bodyName, ticket: req.ticket, expectedDate: req.expectedDate, by: actorOf(me) }, sit.now, today, expectedEnd);
    const next = hand(c);
    const t = next.transfer!;
    const told = progressFor(next, 'transferred', transferWords('resident', t.bodyName, t.ticket, t.expectedDate), sit.community, sit.now);
    return { next, effects: [notify([told])], explain: hand };
  });

/** 转办's outcome: what the outside body did, recorded by 办结's own path (the note names the body). */
export const recordTransferOutcome = (deps: Deps, person: Person | null, caseId: string, outcome: string): Promise<CaseView> =>
  step(deps, person, caseId, 'transferOutcome', async (c, me, sit) => {
    if (!c.transfer) throw new CaseNotTransferredError();
    const what = outcome.trim();
    if (!what) throw new InvalidInputError('请写一句外单位的办理结果');
    await checkedText(deps, me, what, '办理结果');
    return settlement(c, me, transferOutcomeNote(c.transfer.bodyName, what), sit);
  });

/** 督办 ends: the office says what it did about the resident's 不满意 (checked like any words), and the case leaves the queue. */
export const closeCaseSupervision = (deps: Deps, person: Person | null, caseId: string, note: string): Promise<CaseView> =>
  step(deps, person, caseId, 'closeSupervision', async (c, me, sit) => {
    const next = closeSupervision(c, actorOf(me), note, sit.now);
    await checkedText(deps, me, note.trim(), '督办的处理结果');
    return { next };
  });

/** One office queue, paginated, with every queue's count. */
export async function officeQueues(deps: Deps, person: Person | null, queue: OfficeQueue, page: number): Promise<OfficeQueuesView> {
  const sit = await situation(deps);
  authorize(person, 'officeQueues', sit);
  const [counts, { cases, hasMore }, held] = await Promise.all([
    deps.cases.countOfficeQueues(sit.now),
    deps.cases.ofOfficeQueue(queue, sit.now, page, QUEUE_PAGE),
    deps.cases.ofHolder(person.id, LIST_LIMIT),
  ]);
  const summary = (c: Case) => toSummary(c, sit.community, sit.now, person);
  // 「交给我的」: what a colleague gave me (or I took) and is still open at the office.
  const mine = held.filter((c) => c.routing.target === 'office').map(summary);
  return { queue, counts, cases: cases.map(summary), page, hasMore, mine };
}

const STATUS_ORDER = ['pending', 'claimed', 'resolved', 'rejected'] as const;

/** The outside bodies of 转办, in the dashboard's order. */
const TRANSFER_BODIES: TransferBody[] = ['property', 'hotline', 'street', 'water', 'power', 'gas', 'other'];

/** The dashboard's window: the last `days` days up to today, or the local dates from–to (both included). */
export type DashboardWindow = { days?: number; from?: string; to?: string };

/** How the neighbourhood is doing over a window. Every figure comes from the database's own counting. */
export async function dashboard(deps: Deps, person: Person | null, window: DashboardWindow): Promise<DashboardView> {
  const sit = await situation(deps);
  authorize(person, 'dashboard', sit);
  const { community, now } = sit;
  const { from, to } = window.from && window.to ? { from: window.from, to: window.to } : lastDays(community, now, window.days ?? 30);
  const { start: since, end: until } = windowOf(community.rota.timezone, from, to);
  const days = Math.round((until.getTime() - since.getTime()) / 86_400_000);
  const [byStatus, byCategory, byCompound, solved, toClaim, toResolve, overdue, holders, members, staff, transfers] = await Promise.all([
    deps.stats.countBy('status', since, until),
    deps.stats.countBy('categoryId', since, until),
    deps.stats.countBy('compoundId', since, until),
    deps.stats.solved(since, until),
    deps.stats.durations('claim', since, until),
    deps.stats.durations('resolve', since, until),
    deps.stats.overdue(now, 20),
    deps.stats.perHolder(since, until),
    deps.people.members(),
    deps.people.staff(),
    deps.stats.transfers(since, until),
  ]);
  const rates = await ratesView(deps.stats, community, [...members, ...staff], from, to, now);
  const label = (rows: Array<{ key: string; count: number }>, name: (k: string) => string): Counted[] =>
    rows.map((r) => ({ key: r.key, label: name(r.key), count: r.count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const statusRows = STATUS_ORDER.map((s) => ({ key: s, label: DASHBOARD_STATUS_WORDS[s], count: byStatus.find((r) => r.key === s)?.count ?? 0 }));
  const people = new Map([...members, ...staff].map((p) => [p.id, p]));
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    from,
    to,
    days,
    rates,
    total: byStatus.reduce((n, r) => n + r.count, 0),
    byStatus: statusRows,
    byCategory: label(byCategory, (k) => community.categories.find((c) => c.id === k)?.name ?? k),
    byCompound: label(byCompound, (k) => community.compounds.find((c) => c.id === k)?.name ?? k),
    studioSolved: { count: solved.byStudio, resolved: solved.resolved, share: solved.resolved > 0 ? solved.byStudio / solved.resolved : null },
    timeToClaim: toClaim,
    timeToResolve: toResolve,
    overdue: overdue.map((c) => toSummary(c, community, now)),
    transfers: TRANSFER_BODIES.flatMap((body) => {
      const row = transfers.find((r) => r.body === body);
      return row ? [{ body, label: body === 'other' ? '其他单位' : TRANSFER_BODY_NAMES[body], count: row.count, open: row.open }] : [];
    }),
    members: members
      .map((m) => {
        const h = holders.find((x) => x.id === m.id);
        return {
          id: m.id,
          name: m.name,
          groupName: community.groups.find((g) => g.id === m.groupId)?.name ?? null,
          open: h?.open ?? 0,
          solved: h?.solved ?? 0,
        };
      })
      .concat(
        holders
          .filter((h) => !members.some((m) => m.id === h.id))
          .map((h) => ({ id: h.id, name: people.get(h.id)?.name ?? h.id, groupName: null, open: h.open, solved: h.solved })),
      ),
  };
}
