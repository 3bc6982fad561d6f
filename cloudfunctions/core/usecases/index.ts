/**
 * Use cases: each takes the ports it needs, the acting person (identity came from WeChat, never the payload) and
 * validated input, and returns a wire DTO or throws a DomainError.
 */
import type { SubmitCaseRequest } from '../../../types/api';
import type { CaseSummary, CaseView, DutyView, MeView } from '../../../types/domain';
import type { Case, ResolvedCase } from '../Case';
import { claim, openCase, resolve } from '../Case';
import type { CommunityConfig, Person } from '../community';
import { newResident } from '../community';
import {
  CaseAlreadyClaimedError,
  CaseChangedError,
  CaseNotFoundError,
  ForbiddenError,
  NotSignedInError,
  UnknownCategoryError,
  UnknownCompoundError,
} from '../errors';
import { caseResolvedMessage } from '../messages';
import { can } from '../permissions';
import type { Deps } from '../ports';
import { route } from '../routing';
import { hoursText, onDuty } from '../rota';
import { toSummary, toView } from '../views';

/** How many rows a list returns (WeChat Cloud returns at most 100 per query). */
export const LIST_LIMIT = 50;

/** The person behind an openid; a first-time visitor is a resident. */
export async function whoIs(deps: Pick<Deps, 'people'>, openid: string | null): Promise<Person> {
  if (!openid) throw new NotSignedInError();
  return (await deps.people.ofId(openid)) ?? newResident(openid);
}

/** Who am I, with what the pages need to start. */
export async function whoAmI(deps: Pick<Deps, 'community'>, me: Person): Promise<MeView> {
  const community = await deps.community.current();
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
  const community = await deps.community.current();
  const category = community.categories.find((k) => k.id === input.categoryId);
  if (!category) throw new UnknownCategoryError();
  if (!community.compounds.some((x) => x.id === input.place.compoundId)) throw new UnknownCompoundError();
  const now = deps.clock.now();
  const shift = onDuty(community.rota, now);
  const members = shift ? await deps.people.ofGroup(shift.groupId) : [];
  const routing = route({ categoryId: category.id, compoundId: input.place.compoundId }, category, community, members, now);
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
  const [community, cases] = await Promise.all([deps.community.current(), deps.cases.ofReporter(me.id, LIST_LIMIT)]);
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
  const [community, c] = await Promise.all([deps.community.current(), visibleCase(deps, me, caseId)]);
  return toView(c, community, me);
}

/** A duty member's board: who is on duty, my group's pool (my compounds first), my open cases. */
export async function dutyBoard(
  deps: Pick<Deps, 'community' | 'cases' | 'people' | 'clock'>,
  me: Person,
): Promise<{ duty: DutyView; pool: CaseSummary[]; mine: CaseSummary[] }> {
  if (me.role !== 'member') throw new ForbiddenError('只有工作室值班成员可以查看值班待办');
  const community = await deps.community.current();
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
  const [community, current] = await Promise.all([deps.community.current(), deps.cases.ofId(caseId)]);
  if (!current) throw new CaseNotFoundError();
  const actor = { id: me.id, name: me.name };
  const next = claim(current, actor, deps.clock.now());
  if (current.routing.groupId !== me.groupId) throw new ForbiddenError('这件事在其他组的值班池里，请由当班的组认领');
  if (!(await deps.cases.replaceIfVersion(next))) {
    const fresh = await deps.cases.ofId(caseId);
    if (fresh) claim(fresh, actor, deps.clock.now()); // throws the precise reason (already claimed / resolved)
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
  const [community, current] = await Promise.all([deps.community.current(), deps.cases.ofId(caseId)]);
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
