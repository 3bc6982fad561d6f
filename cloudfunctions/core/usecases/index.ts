/**
 * Use cases: each takes the ports it needs, the acting person (identity came from WeChat, never the payload) and
 * validated input, authorises through the permission table, and returns a wire DTO or throws a DomainError.
 * NOTE: every state change is one read of the case and one conditional write (compare-and-set on its version);
 * configuration and identity reads are the invocation's context.
 */
import type { SubmitCaseRequest, SubmitOnBehalfRequest } from '../../../types/api';
import type { CaseSummary, CaseView, Counted, DashboardView, DutyView, MeView, OfficeQueue, OfficeQueuesView } from '../../../types/domain';
import type { Actor, Case, ResolvedCase } from '../Case';
import { addNote, assign, claim, escalate, handOver, openCase, recategorise, reject, release, reopen, resolve, returnToStudio, statusText } from '../Case';
import type { Category, CommunityConfig, Person } from '../community';
import { newResident, onLeave, validateCommunity } from '../community';
import {
  CaseAlreadyClaimedError,
  CaseChangedError,
  CaseNotFoundError,
  ClaimCapReachedError,
  CommunityConfigInvalidError,
  InvalidInputError,
  NotSignedInError,
  UnknownCategoryError,
  UnknownCompoundError,
} from '../errors';
import { caseResolvedMessage } from '../messages';
import type { Action, Situation } from '../permissions';
import { authorize, claimRefusal, permitted, subjectOf } from '../permissions';
import type { Deps } from '../ports';
import type { RoutingContext } from '../routing';
import { route } from '../routing';
import { addDutyTime, hoursText, localDate, onDuty } from '../rota';
import type { ViewExtras } from '../views';
import { toSummary, toView } from '../views';

/** How many rows a list returns (WeChat Cloud returns at most 100 per query). */
export const LIST_LIMIT = 50;
/** Office queue page size (≤ 100, WeChat Cloud's per-query bound). */
export const QUEUE_PAGE = 50;

/** The configuration, checked: a broken one is reported with every problem, never a crash at routing time. */
export async function loadCommunity(deps: Pick<Deps, 'community'>): Promise<CommunityConfig> {
  const community = await deps.community.current();
  const problems = validateCommunity(community);
  if (problems.length > 0) throw new CommunityConfigInvalidError(problems);
  return community;
}

async function situation(deps: Pick<Deps, 'community' | 'clock'>): Promise<Situation> {
  return { community: await loadCommunity(deps), now: deps.clock.now() };
}

function categoryOf(community: CommunityConfig, id: string): Category {
  const category = community.categories.find((k) => k.id === id);
  if (!category) throw new UnknownCategoryError();
  return category;
}

async function routingContext(deps: Pick<Deps, 'people'>, community: CommunityConfig): Promise<RoutingContext> {
  return { rota: community.rota, groups: community.groups, categories: community.categories, members: await deps.people.members() };
}

const actorOf = (p: Person): Actor => ({ id: p.id, name: p.name || '居民' });

/** The person behind an openid; a first-time visitor is a resident; no openid → null (anonymous). */
export async function whoIs(deps: Pick<Deps, 'people'>, openid: string | null): Promise<Person | null> {
  if (!openid) return null;
  return (await deps.people.ofId(openid)) ?? newResident(openid);
}

function signedIn(me: Person | null): Person {
  if (!me) throw new NotSignedInError();
  return me;
}

/** Who am I, with what the pages need to start. */
export async function whoAmI(deps: Pick<Deps, 'community'>, person: Person | null): Promise<MeView> {
  const me = signedIn(person);
  const community = await loadCommunity(deps);
  return {
    openid: me.id,
    role: me.role,
    name: me.name,
    groupId: me.groupId,
    groupName: community.groups.find((g) => g.id === me.groupId)?.name ?? null,
    lastPlace: me.lastPlace,
    categories: community.categories.map((k) => ({ id: k.id, name: k.name, icon: k.icon, examples: k.examples, handler: k.handler, emergency: k.emergency })),
    compounds: community.compounds,
    subscribeTemplateIds: community.templates.caseResolved ? [community.templates.caseResolved] : [],
  };
}

async function fileCase(
  deps: Pick<Deps, 'community' | 'people' | 'cases' | 'clock' | 'ids'>,
  sit: Situation,
  me: Person,
  input: SubmitCaseRequest,
  filedFor: { name: string; phone: string } | null,
): Promise<Case> {
  const { community, now } = sit;
  const category = categoryOf(community, input.categoryId);
  if (!community.compounds.some((x) => x.id === input.place.compoundId)) throw new UnknownCompoundError();
  const urgent = Boolean(input.urgent) || category.emergency;
  const routing = route({ categoryId: category.id, compoundId: input.place.compoundId, urgent: input.urgent }, category, await routingContext(deps, community), now);
  const c = openCase({
    id: deps.ids.caseId(),
    code: deps.ids.caseCode(),
    reporter: actorOf(me),
    categoryId: category.id,
    description: input.description.trim(),
    place: input.place,
    contactPhone: filedFor ? filedFor.phone : input.contactPhone?.trim() || me.phone,
    routing,
    urgent,
    filedFor,
    now,
  });
  await deps.cases.add(c);
  return c;
}

/** A resident reports a problem: route it, store it, remember the place and the subscription answers. */
export async function submitCase(
  deps: Pick<Deps, 'community' | 'people' | 'cases' | 'clock' | 'ids' | 'subscriptions'>,
  person: Person | null,
  input: SubmitCaseRequest,
): Promise<CaseView> {
  const sit = await situation(deps);
  authorize(person, 'submit', sit);
  const me = person!;
  const c = await fileCase(deps, sit, me, input, null);
  await deps.people.rememberPlace(me.id, input.place);
  if (input.subscriptions) await deps.subscriptions.record(me.id, input.subscriptions);
  return toView(c, sit, me);
}

/** A member records a case for a resident without a smartphone (代办); the member is the reporter and gets updates. */
export async function submitOnBehalf(
  deps: Pick<Deps, 'community' | 'people' | 'cases' | 'clock' | 'ids'>,
  person: Person | null,
  input: SubmitOnBehalfRequest,
): Promise<CaseView> {
  const sit = await situation(deps);
  authorize(person, 'submitOnBehalf', sit);
  const c = await fileCase(deps, sit, person!, input, { name: input.residentName.trim(), phone: input.residentPhone.trim() });
  return toView(c, sit, person!);
}

/** The cases I reported (or filed on someone's behalf). */
export async function listMyCases(deps: Pick<Deps, 'community' | 'cases' | 'clock'>, person: Person | null): Promise<{ cases: CaseSummary[] }> {
  const me = signedIn(person);
  const [sit, cases] = await Promise.all([situation(deps), deps.cases.ofReporter(me.id, LIST_LIMIT)]);
  return { cases: cases.map((c) => toSummary(c, sit.community, sit.now)) };
}

/** Read a case and check the table allows `action` on it; a case the person may not see is "not found". */
async function caseFor(deps: Pick<Deps, 'cases'>, sit: Situation, person: Person | null, caseId: string, action: Action): Promise<Case> {
  if (!person) throw new NotSignedInError();
  const c = await deps.cases.ofId(caseId);
  if (!c) throw new CaseNotFoundError();
  authorize(person, action, sit, c);
  return c;
}

/** Hand-over colleagues and office assignees, fetched only when the viewer may use them. */
async function extrasFor(deps: Pick<Deps, 'people'>, sit: Situation, me: Person, c: Case): Promise<ViewExtras> {
  const extras: ViewExtras = {};
  const today = localDate(sit.community.rota, sit.now);
  if (permitted(me, 'handOver', sit, c) && c.status === 'claimed' && c.routing.target === 'studio') {
    extras.handOverCandidates = (await deps.people.members())
      .filter((m) => m.id !== me.id && !onLeave(m, today))
      .sort((a, b) => Number(b.groupId === me.groupId) - Number(a.groupId === me.groupId))
      .map((m) => ({ id: m.id, name: m.name }));
  }
  if (permitted(me, 'assign', sit, c) && c.routing.target === 'office') {
    extras.assignees = (await deps.people.staff()).map((p) => ({ id: p.id, name: p.name }));
  }
  return extras;
}

/** The case as `me` sees it after an action, with the colleagues/assignees the next action may need. */
async function viewAfter(deps: Pick<Deps, 'people'>, sit: Situation, me: Person, c: Case): Promise<CaseView> {
  return toView(c, sit, me, await extrasFor(deps, sit, me, c));
}

/** One case, as I may see it (with the people I may hand it to or assign it to). */
export async function getCase(deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'view');
  return toView(c, sit, person!, await extrasFor(deps, sit, person!, c));
}

/** A duty member's board: who is on duty, my situation, my group's pool (urgent, my compounds, oldest first), my cases. */
export async function dutyBoard(
  deps: Pick<Deps, 'community' | 'cases' | 'people' | 'clock'>,
  person: Person | null,
): Promise<{ duty: DutyView; pool: CaseSummary[]; mine: CaseSummary[] }> {
  const sit = await situation(deps);
  authorize(person, 'dutyBoard', sit);
  const me = person!;
  const { community, now } = sit;
  const shift = onDuty(community.rota, now);
  const today = localDate(community.rota, now);
  const [onDutyMembers, pool, mine] = await Promise.all([
    shift ? deps.people.ofGroup(shift.groupId) : Promise.resolve([]),
    me.groupId ? deps.cases.ofPool(me.groupId, LIST_LIMIT) : Promise.resolve([]),
    deps.cases.ofHolder(me.id, LIST_LIMIT),
  ]);
  const poolRows = pool.map((c) => toSummary(c, community, now, me));
  // Urgent first, then my stewarded compounds, then oldest first (as stored): a stable sort keeps that order.
  poolRows.sort((a, b) => Number(b.urgent) - Number(a.urgent) || Number(b.preferred) - Number(a.preferred));
  const cap = community.limits.openCasesPerMember;
  const refusal = claimRefusal(subjectOf(me, sit));
  return {
    duty: {
      groupId: shift?.groupId ?? null,
      groupName: community.groups.find((g) => g.id === shift?.groupId)?.name ?? null,
      hours: hoursText(community.rota),
      members: onDutyMembers.filter((m) => !onLeave(m, today)).map((m) => ({ id: m.id, name: m.name })),
      officePhone: community.officePhone,
      me: {
        groupName: community.groups.find((g) => g.id === me.groupId)?.name ?? null,
        onDuty: subjectOf(me, sit) === 'member-on-duty',
        onLeave: onLeave(me, today),
        openCount: mine.length,
        cap,
        cannotClaimBecause: refusal ?? (mine.length >= cap ? `您手上已有${cap}件没办完的事，先办完一些再接新的` : null),
      },
    },
    pool: poolRows,
    mine: mine.map((c) => toSummary(c, community, now, me)),
  };
}

/** Store a transition with one conditional write; when someone changed the case first, say so precisely. */
async function commit(deps: Pick<Deps, 'cases'>, next: Case, explain?: (fresh: Case) => void): Promise<void> {
  if (await deps.cases.replaceIfVersion(next)) return;
  if (explain) {
    const fresh = await deps.cases.ofId(next.id);
    if (fresh) explain(fresh); // throws the precise reason (e.g. already claimed by 王思瑛)
  }
  throw new CaseChangedError();
}

/** A duty member claims a case from the pool. Exactly one of several simultaneous claims succeeds. */
export async function claimCase(deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  if (!person) throw new NotSignedInError();
  const current = await deps.cases.ofId(caseId);
  if (!current) throw new CaseNotFoundError();
  const due = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, current.categoryId).sla.resolveMinutes);
  const next = claim(current, actorOf(person), sit.now, due); // state first: "already claimed by 王思瑛" beats "not your pool"
  authorize(person, 'claim', sit, current);
  const cap = sit.community.limits.openCasesPerMember;
  if ((await deps.cases.countHeldBy(person.id)) >= cap) throw new ClaimCapReachedError(cap);
  await commit(deps, next, (fresh) => {
    claim(fresh, actorOf(person), sit.now, due);
    throw new CaseAlreadyClaimedError('其他成员');
  });
  return viewAfter(deps, sit, person, next);
}

/** The holder resolves a case; the resident (or the member who filed it) is notified afterwards. */
export async function resolveCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'subscriptions' | 'notifier' | 'people'>,
  person: Person | null,
  caseId: string,
  note: string,
): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'resolve');
  const next = resolve(c, actorOf(person!), note, sit.now);
  await commit(deps, next);
  await notifyResolved(deps, next, sit.community);
  return viewAfter(deps, sit, person!, next);
}

/** Tell the reporter their case is resolved, if they gave us a credit. Never throws. */
export async function notifyResolved(deps: Pick<Deps, 'subscriptions' | 'notifier'>, c: ResolvedCase, community: CommunityConfig): Promise<void> {
  if (!community.templates.caseResolved) return;
  const msg = caseResolvedMessage(c, community);
  try {
    if (!(await deps.subscriptions.take(c.reporter.id, msg.templateId))) {
      await deps.notifier.log({ msg, caseId: c.id, outcome: { ok: false, skipped: 'no-credit' } });
      return;
    }
    const outcome = await deps.notifier.send(msg);
    if (!outcome.ok && outcome.errCode === 43101) await deps.subscriptions.clear(c.reporter.id, msg.templateId);
    await deps.notifier.log({ msg, caseId: c.id, outcome });
  } catch {
    // NOTE: the case is already resolved and stored; a failed notification must not undo or fail it.
  }
}

/** The holder writes a progress note. */
export async function noteCase(deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>, person: Person | null, caseId: string, text: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'note');
  const next = addNote(c, actorOf(person!), text, sit.now);
  await commit(deps, next);
  return viewAfter(deps, sit, person!, next);
}

/** The holder puts the case back in its pool; the claim clock starts again. */
export async function releaseCase(deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'release');
  const expectedBy = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.claimMinutes);
  const next = release(c, actorOf(person!), reason, sit.now, expectedBy);
  await commit(deps, next, (fresh) => release(fresh, actorOf(person!), reason, sit.now, expectedBy));
  return viewAfter(deps, sit, person!, next);
}

/** The holder hands the case to a named colleague (a member not on leave, under the cap). */
export async function handOverCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>,
  person: Person | null,
  caseId: string,
  toMemberId: string,
  note: string,
): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'handOver');
  const to = await deps.people.ofId(toMemberId);
  if (!to || to.role !== 'member') throw new InvalidInputError('请选择一位工作室成员');
  if (onLeave(to, localDate(sit.community.rota, sit.now))) throw new InvalidInputError(`${to.name}今天请假，请选其他成员`);
  const cap = sit.community.limits.openCasesPerMember;
  if ((await deps.cases.countHeldBy(to.id)) >= cap) throw new ClaimCapReachedError(cap, to.name);
  const next = handOver(c, actorOf(person!), actorOf(to), note, sit.now);
  await commit(deps, next, (fresh) => handOver(fresh, actorOf(person!), actorOf(to), note, sit.now));
  return viewAfter(deps, sit, person!, next);
}

/** A member hands a case up to the community office, with a reason. */
export async function escalateCase(deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'escalate');
  const officeBy = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.claimMinutes);
  const next = escalate(c, { trigger: 'manual', by: actorOf(person!), reason }, sit.now, officeBy);
  await commit(deps, next);
  return viewAfter(deps, sit, person!, next);
}

/** The reporter reopens a resolved case: back to its holder the first time, up to the office after that. */
export async function reopenCase(deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'reopen');
  const sla = categoryOf(sit.community, c.categoryId).sla;
  const next = reopen(c, actorOf(person!), reason, sit.now, {
    resolveDueAt: addDutyTime(sit.community.rota, sit.now, sla.resolveMinutes),
    officeExpectedBy: addDutyTime(sit.community.rota, sit.now, sla.claimMinutes),
  });
  await commit(deps, next);
  return viewAfter(deps, sit, person!, next);
}

/** The office sends a case back to the studio's duty pool (the group on duty now, or the next one). */
export async function returnCaseToStudio(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>,
  person: Person | null,
  caseId: string,
  note: string,
): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'returnToStudio');
  const decision = route({ categoryId: c.categoryId, compoundId: c.place.compoundId }, categoryOf(sit.community, c.categoryId), await routingContext(deps, sit.community), sit.now, {
    studioOnly: true,
  });
  const next = returnToStudio(c, actorOf(person!), note, decision, sit.now);
  await commit(deps, next);
  return viewAfter(deps, sit, person!, next);
}

/** The office changes a waiting case's category; routing runs again. */
export async function recategoriseCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>,
  person: Person | null,
  caseId: string,
  categoryId: string,
  note: string,
): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'recategorise');
  const category = categoryOf(sit.community, categoryId);
  const decision = route({ categoryId, compoundId: c.place.compoundId, urgent: c.urgent }, category, await routingContext(deps, sit.community), sit.now);
  const next = recategorise(c, actorOf(person!), category, note, decision, sit.now);
  await commit(deps, next);
  return viewAfter(deps, sit, person!, next);
}

/** The office gives an office case to an office worker (or takes it). */
export async function assignCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>,
  person: Person | null,
  caseId: string,
  assigneeId: string,
): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'assign');
  const to = assigneeId === person!.id ? person! : await deps.people.ofId(assigneeId);
  if (!to || (to.role !== 'office' && to.role !== 'admin')) throw new InvalidInputError('请选择一位社区工作人员');
  const due = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.resolveMinutes);
  const next = assign(c, actorOf(person!), actorOf(to), sit.now, due);
  await commit(deps, next, (fresh) => assign(fresh, actorOf(person!), actorOf(to), sit.now, due));
  return viewAfter(deps, sit, person!, next);
}

/** The office refuses a case as spam or abuse; the reporter sees the reason. */
export async function rejectCase(deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'reject');
  const next = reject(c, actorOf(person!), reason, sit.now);
  await commit(deps, next, (fresh) => reject(fresh, actorOf(person!), reason, sit.now));
  return viewAfter(deps, sit, person!, next);
}

/** One office queue, paginated, with every queue's count. */
export async function officeQueues(
  deps: Pick<Deps, 'community' | 'cases' | 'clock'>,
  person: Person | null,
  queue: OfficeQueue,
  page: number,
): Promise<OfficeQueuesView> {
  const sit = await situation(deps);
  authorize(person, 'officeQueues', sit);
  const [counts, { cases, hasMore }] = await Promise.all([deps.cases.countOfficeQueues(sit.now), deps.cases.ofOfficeQueue(queue, sit.now, page, QUEUE_PAGE)]);
  return { queue, counts, cases: cases.map((c) => toSummary(c, sit.community, sit.now, person!)), page, hasMore };
}

const STATUS_ORDER = ['pending', 'claimed', 'resolved', 'rejected'] as const;
const STATUS_WORDS: Record<string, string> = { pending: '等待处理', claimed: '处理中', resolved: '已办结', rejected: '不予受理' };

/** How the neighbourhood is doing over the last `days` days. Every figure comes from the database's own counting. */
export async function dashboard(
  deps: Pick<Deps, 'community' | 'clock' | 'stats' | 'people'>,
  person: Person | null,
  days: number,
): Promise<DashboardView> {
  const sit = await situation(deps);
  authorize(person, 'dashboard', sit);
  const { community, now } = sit;
  const since = new Date(now.getTime() - days * 86_400_000);
  const [byStatus, byCategory, byCompound, solved, toClaim, toResolve, overdue, holders, members, staff] = await Promise.all([
    deps.stats.countBy('status', since),
    deps.stats.countBy('categoryId', since),
    deps.stats.countBy('compoundId', since),
    deps.stats.solved(since),
    deps.stats.durations('claim', since),
    deps.stats.durations('resolve', since),
    deps.stats.overdue(now, 20),
    deps.stats.perHolder(since),
    deps.people.members(),
    deps.people.staff(),
  ]);
  const label = (rows: Array<{ key: string; count: number }>, name: (k: string) => string): Counted[] =>
    rows.map((r) => ({ key: r.key, label: name(r.key), count: r.count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const statusRows = STATUS_ORDER.map((s) => ({ key: s, label: STATUS_WORDS[s], count: byStatus.find((r) => r.key === s)?.count ?? 0 }));
  const people = new Map([...members, ...staff].map((p) => [p.id, p]));
  return {
    since: since.toISOString(),
    days,
    total: byStatus.reduce((n, r) => n + r.count, 0),
    byStatus: statusRows,
    byCategory: label(byCategory, (k) => community.categories.find((c) => c.id === k)?.name ?? k),
    byCompound: label(byCompound, (k) => community.compounds.find((c) => c.id === k)?.name ?? k),
    studioSolved: { count: solved.byStudio, resolved: solved.resolved, share: solved.resolved > 0 ? solved.byStudio / solved.resolved : null },
    timeToClaim: toClaim,
    timeToResolve: toResolve,
    overdue: overdue.map((c) => toSummary(c, community, now)),
    members: members
      .map((m) => {
        const h = holders.find((x) => x.id === m.id);
        return { id: m.id, name: m.name, groupName: community.groups.find((g) => g.id === m.groupId)?.name ?? null, open: h?.open ?? 0, solved: h?.solved ?? 0 };
      })
      .concat(
        holders
          .filter((h) => !members.some((m) => m.id === h.id))
          .map((h) => ({ id: h.id, name: people.get(h.id)?.name ?? h.id, groupName: null, open: h.open, solved: h.solved })),
      ),
  };
}

/** What one SLA sweep did. */
export interface SweepReport {
  /** Pool cases nobody claimed in time, now at the office. */
  claimEscalated: number;
  /** Claimed cases not resolved in time, now at the office. */
  resolveEscalated: number;
  /** Due cases someone acted on a moment before the sweep (their conditional write won); left alone. */
  skipped: number;
}

/** How many due cases one sweep handles at most (the next run picks up the rest). */
export const SWEEP_MAX = 500;
const SWEEP_PAGE = 100;

/**
 * The SLA clock: escalate to the office every pool case past its claim deadline and every studio-claimed case past
 * its resolve deadline. Reads only what is due (an indexed query on the deadline), writes each with a conditional
 * update so a claim a moment earlier wins, and is idempotent: a second run finds nothing due.
 */
export async function sweepOverdue(deps: Pick<Deps, 'community' | 'cases' | 'clock'>): Promise<SweepReport> {
  const community = await loadCommunity(deps);
  const now = deps.clock.now();
  const report: SweepReport = { claimEscalated: 0, resolveEscalated: 0, skipped: 0 };
  const passes = [
    { trigger: 'claim-sla' as const, read: (limit: number) => deps.cases.dueForClaim(now, limit), minutes: (k: Category) => k.sla.claimMinutes },
    { trigger: 'resolve-sla' as const, read: (limit: number) => deps.cases.dueForResolve(now, limit), minutes: (k: Category) => k.sla.resolveMinutes },
  ];
  for (const pass of passes) {
    for (let handled = 0; handled < SWEEP_MAX; ) {
      const due = await pass.read(Math.min(SWEEP_PAGE, SWEEP_MAX - handled));
      let skippedHere = 0;
      for (const c of due) {
        const category = community.categories.find((k) => k.id === c.categoryId);
        const minutes = category ? pass.minutes(category) : 0;
        const reason = pass.trigger === 'claim-sla' ? `${minutes}分钟值班时间内无人认领` : `认领后${minutes}分钟值班时间内未办结`;
        let next: Case;
        try {
          next = escalate(c, { trigger: pass.trigger, by: null, reason }, now, category ? addDutyTime(community.rota, now, category.sla.claimMinutes) : null);
        } catch {
          skippedHere++; // its state changed between the index and the read: nothing to do
          continue;
        }
        if (await deps.cases.replaceIfVersion(next)) {
          if (pass.trigger === 'claim-sla') report.claimEscalated++;
          else report.resolveEscalated++;
        } else skippedHere++;
      }
      report.skipped += skippedHere;
      handled += due.length;
      // NOTE: escalated cases leave the due set; a page made only of lost races means the rest is fresh work next run.
      if (due.length < SWEEP_PAGE || skippedHere === due.length) break;
    }
  }
  return report;
}

export { statusText };
