/**
 * Use cases: each takes the ports it needs, the acting person (identity came from WeChat, never the payload) and
 * validated input, and returns a wire DTO or throws a DomainError.
 */
import type { SubmitCaseRequest } from '../../../types/api';
import type { CaseSummary, CaseView, DutyView, MeView } from '../../../types/domain';
import type { Case, ResolvedCase } from '../Case';
import { claim, escalate, openCase, recategorise, reopen, resolve, returnToStudio } from '../Case';
import type { Category, CommunityConfig, Person } from '../community';
import { newResident, validateCommunity } from '../community';
import {
  CaseAlreadyClaimedError,
  CaseChangedError,
  CaseNotFoundError,
  CommunityConfigInvalidError,
  ForbiddenError,
  NotSignedInError,
  UnknownCategoryError,
  UnknownCompoundError,
} from '../errors';
import { caseResolvedMessage } from '../messages';
import { can } from '../permissions';
import type { Deps } from '../ports';
import type { RoutingContext } from '../routing';
import { route } from '../routing';
import { addDutyTime, hoursText, onDuty } from '../rota';
import { toSummary, toView } from '../views';

/** How many rows a list returns (WeChat Cloud returns at most 100 per query). */
export const LIST_LIMIT = 50;

/** The configuration, checked: a broken one is reported with every problem, never a crash at routing time. */
export async function loadCommunity(deps: Pick<Deps, 'community'>): Promise<CommunityConfig> {
  const community = await deps.community.current();
  const problems = validateCommunity(community);
  if (problems.length > 0) throw new CommunityConfigInvalidError(problems);
  return community;
}

function categoryOf(community: CommunityConfig, id: string): Category {
  const category = community.categories.find((k) => k.id === id);
  if (!category) throw new UnknownCategoryError();
  return category;
}

async function routingContext(deps: Pick<Deps, 'people'>, community: CommunityConfig): Promise<RoutingContext> {
  return { rota: community.rota, groups: community.groups, categories: community.categories, members: await deps.people.members() };
}

/** The person behind an openid; a first-time visitor is a resident. */
export async function whoIs(deps: Pick<Deps, 'people'>, openid: string | null): Promise<Person> {
  if (!openid) throw new NotSignedInError();
  return (await deps.people.ofId(openid)) ?? newResident(openid);
}

/** Who am I, with what the pages need to start. */
export async function whoAmI(deps: Pick<Deps, 'community'>, me: Person): Promise<MeView> {
  const community = await loadCommunity(deps);
  return {
    openid: me.id,
    role: me.role,
    name: me.name,
    groupId: me.groupId,
    groupName: community.groups.find((g) => g.id === me.groupId)?.name ?? null,
    lastPlace: me.lastPlace,
    categories: community.categories.map((k) => ({
      id: k.id,
      name: k.name,
      icon: k.icon,
      examples: k.examples,
      handler: k.handler,
      emergency: k.emergency,
    })),
    compounds: community.compounds,
    subscribeTemplateIds: community.templates.caseResolved ? [community.templates.caseResolved] : [],
  };
}

/** A resident reports a problem: route it, store it, remember the place and the subscription answers. */
export async function submitCase(
  deps: Pick<Deps, 'community' | 'people' | 'cases' | 'clock' | 'ids' | 'subscriptions'>,
  me: Person,
  input: SubmitCaseRequest,
): Promise<CaseView> {
  const community = await loadCommunity(deps);
  const category = categoryOf(community, input.categoryId);
  if (!community.compounds.some((x) => x.id === input.place.compoundId)) throw new UnknownCompoundError();
  const now = deps.clock.now();
  const routing = route(
    { categoryId: category.id, compoundId: input.place.compoundId, urgent: input.urgent },
    category,
    await routingContext(deps, community),
    now,
  );
  const c = openCase({
    id: deps.ids.caseId(),
    code: deps.ids.caseCode(),
    reporter: { id: me.id, name: me.name || '居民' },
    categoryId: category.id,
    description: input.description.trim(),
    place: input.place,
    contactPhone: input.contactPhone?.trim() || me.phone,
    routing,
    now,
  });
  await deps.cases.add(c);
  await deps.people.rememberPlace(me.id, input.place);
  if (input.subscriptions) await deps.subscriptions.record(me.id, input.subscriptions);
  return toView(c, community, me);
}

/** The cases I reported. */
export async function listMyCases(deps: Pick<Deps, 'community' | 'cases'>, me: Person): Promise<{ cases: CaseSummary[] }> {
  const [community, cases] = await Promise.all([loadCommunity(deps), deps.cases.ofReporter(me.id, LIST_LIMIT)]);
  return { cases: cases.map((c) => toSummary(c, community)) };
}

async function visibleCase(deps: Pick<Deps, 'cases'>, me: Person, caseId: string): Promise<Case> {
  const c = await deps.cases.ofId(caseId);
  // NOTE: a case the caller may not see is reported as missing, so ids cannot be probed.
  if (!c || !can(me, 'view', c)) throw new CaseNotFoundError();
  return c;
}

/** One case, as I may see it. */
export async function getCase(deps: Pick<Deps, 'community' | 'cases'>, me: Person, caseId: string): Promise<CaseView> {
  const [community, c] = await Promise.all([loadCommunity(deps), visibleCase(deps, me, caseId)]);
  return toView(c, community, me);
}

/** A duty member's board: who is on duty, my group's pool (my compounds first), my open cases. */
export async function dutyBoard(
  deps: Pick<Deps, 'community' | 'cases' | 'people' | 'clock'>,
  me: Person,
): Promise<{ duty: DutyView; pool: CaseSummary[]; mine: CaseSummary[] }> {
  if (me.role !== 'member') throw new ForbiddenError('只有工作室值班成员可以查看值班待办');
  const community = await loadCommunity(deps);
  const shift = onDuty(community.rota, deps.clock.now());
  const [onDutyMembers, pool, mine] = await Promise.all([
    shift ? deps.people.ofGroup(shift.groupId) : Promise.resolve([]),
    me.groupId ? deps.cases.ofPool(me.groupId, LIST_LIMIT) : Promise.resolve([]),
    deps.cases.ofHolder(me.id, LIST_LIMIT),
  ]);
  const poolRows = pool.map((c) => toSummary(c, community, me));
  // Preferred (my stewarded compounds) first; otherwise oldest first, as stored.
  poolRows.sort((a, b) => Number(b.preferred) - Number(a.preferred));
  return {
    duty: {
      groupId: shift?.groupId ?? null,
      groupName: community.groups.find((g) => g.id === shift?.groupId)?.name ?? null,
      hours: hoursText(community.rota),
      members: onDutyMembers.map((m) => ({ id: m.id, name: m.name })),
    },
    pool: poolRows,
    mine: mine.map((c) => toSummary(c, community, me)),
  };
}

/** A duty member claims a case from the pool. Exactly one of several simultaneous claims succeeds. */
export async function claimCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock'>,
  me: Person,
  caseId: string,
): Promise<CaseView> {
  if (me.role !== 'member') throw new ForbiddenError('只有工作室值班成员可以认领');
  const [community, current] = await Promise.all([loadCommunity(deps), deps.cases.ofId(caseId)]);
  if (!current) throw new CaseNotFoundError();
  const actor = { id: me.id, name: me.name };
  const now = deps.clock.now();
  const resolveDueAt = addDutyTime(community.rota, now, categoryOf(community, current.categoryId).sla.resolveMinutes);
  const next = claim(current, actor, now, resolveDueAt);
  if (current.routing.groupId !== me.groupId) throw new ForbiddenError('这件事在其他组的值班池里，请由当班的组认领');
  if (!(await deps.cases.replaceIfVersion(next))) {
    const fresh = await deps.cases.ofId(caseId);
    if (fresh) claim(fresh, actor, now, resolveDueAt); // throws the precise reason (already claimed / resolved)
    throw new CaseAlreadyClaimedError('其他成员');
  }
  return toView(next, community, me);
}

/** The holder resolves a case; the resident is notified afterwards, and the case never waits on the message. */
export async function resolveCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'subscriptions' | 'notifier'>,
  me: Person,
  caseId: string,
  note: string,
): Promise<CaseView> {
  const [community, current] = await Promise.all([loadCommunity(deps), deps.cases.ofId(caseId)]);
  if (!current || !can(me, 'view', current)) throw new CaseNotFoundError();
  const next = resolve(current, { id: me.id, name: me.name }, note, deps.clock.now());
  if (!(await deps.cases.replaceIfVersion(next))) {
    const fresh = await deps.cases.ofId(caseId);
    if (fresh) resolve(fresh, { id: me.id, name: me.name }, note, deps.clock.now());
    throw new CaseChangedError();
  }
  await notifyResolved(deps, next, community);
  return toView(next, community, me);
}

/** Tell the resident their case is resolved, if they gave us a credit. Never throws. */
export async function notifyResolved(
  deps: Pick<Deps, 'subscriptions' | 'notifier'>,
  c: ResolvedCase,
  community: CommunityConfig,
): Promise<void> {
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

/** Store a transition with one conditional write; when someone changed the case first, say so. */
async function commit(deps: Pick<Deps, 'cases'>, next: Case): Promise<void> {
  if (!(await deps.cases.replaceIfVersion(next))) throw new CaseChangedError();
}

/** Read a case the caller may see and act on; a case they may not see is "not found". */
async function caseFor(deps: Pick<Deps, 'cases'>, me: Person, caseId: string, action: Parameters<typeof can>[1], refusal: string): Promise<Case> {
  const c = await visibleCase(deps, me, caseId);
  if (!can(me, action, c)) throw new ForbiddenError(refusal);
  return c;
}

/** A member hands a case up to the community office, with a reason. */
export async function escalateCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock'>,
  me: Person,
  caseId: string,
  reason: string,
): Promise<CaseView> {
  const [community, c] = await Promise.all([loadCommunity(deps), caseFor(deps, me, caseId, 'escalate', '只有认领人或当班组的成员可以上报社区')]);
  const now = deps.clock.now();
  const officeBy = addDutyTime(community.rota, now, categoryOf(community, c.categoryId).sla.claimMinutes);
  const next = escalate(c, { trigger: 'manual', by: { id: me.id, name: me.name }, reason }, now, officeBy);
  await commit(deps, next);
  return toView(next, community, me);
}

/** The resident reopens a resolved case: back to its holder the first time, up to the office after that. */
export async function reopenCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock'>,
  me: Person,
  caseId: string,
  reason: string,
): Promise<CaseView> {
  const [community, c] = await Promise.all([loadCommunity(deps), visibleCase(deps, me, caseId)]);
  const now = deps.clock.now();
  const sla = categoryOf(community, c.categoryId).sla;
  const next = reopen(c, { id: me.id, name: me.name || '居民' }, reason, now, {
    resolveDueAt: addDutyTime(community.rota, now, sla.resolveMinutes),
    officeExpectedBy: addDutyTime(community.rota, now, sla.claimMinutes),
  });
  await commit(deps, next);
  return toView(next, community, me);
}

/** The office sends a case back to the studio's duty pool (the group on duty now, or the next one). */
export async function returnCaseToStudio(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>,
  me: Person,
  caseId: string,
  note: string,
): Promise<CaseView> {
  const [community, c] = await Promise.all([loadCommunity(deps), caseFor(deps, me, caseId, 'returnToStudio', '只有社区工作人员可以退回工作室')]);
  const now = deps.clock.now();
  const decision = route({ categoryId: c.categoryId, compoundId: c.place.compoundId }, categoryOf(community, c.categoryId), await routingContext(deps, community), now, {
    studioOnly: true,
  });
  const next = returnToStudio(c, { id: me.id, name: me.name }, note, decision, now);
  await commit(deps, next);
  return toView(next, community, me);
}

/** The office changes a waiting case's category; routing runs again. */
export async function recategoriseCase(
  deps: Pick<Deps, 'community' | 'cases' | 'clock' | 'people'>,
  me: Person,
  caseId: string,
  categoryId: string,
  note: string,
): Promise<CaseView> {
  const [community, c] = await Promise.all([loadCommunity(deps), caseFor(deps, me, caseId, 'recategorise', '只有社区工作人员可以改类别')]);
  const category = categoryOf(community, categoryId);
  const now = deps.clock.now();
  const decision = route({ categoryId, compoundId: c.place.compoundId }, category, await routingContext(deps, community), now);
  const next = recategorise(c, { id: me.id, name: me.name }, category, note, decision, now);
  await commit(deps, next);
  return toView(next, community, me);
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
 * The SLA clock: escalate to the office every pool case past its claim deadline and every claimed case past its
 * resolve deadline. Reads only what is due (an indexed query on the deadline), writes each with a conditional
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
      for (const c of due) {
        const category = community.categories.find((k) => k.id === c.categoryId);
        const minutes = category ? pass.minutes(category) : 0;
        const reason = pass.trigger === 'claim-sla' ? `${minutes}分钟值班时间内无人认领` : `认领后${minutes}分钟值班时间内未办结`;
        const next = escalate(c, { trigger: pass.trigger, by: null, reason }, now, category ? addDutyTime(community.rota, now, category.sla.claimMinutes) : null);
        if (await deps.cases.replaceIfVersion(next)) {
          if (pass.trigger === 'claim-sla') report.claimEscalated++;
          else report.resolveEscalated++;
        } else report.skipped++;
      }
      handled += due.length;
      // NOTE: escalated cases leave the due set, and lost races changed state: the next page is fresh work.
      if (due.length < SWEEP_PAGE || due.length === report.skipped) break;
    }
  }
  return report;
}
