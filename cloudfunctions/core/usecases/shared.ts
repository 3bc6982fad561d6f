/**
 * What every use case shares: the invocation's situation (configuration, clock), the caller, checks before any write,
 * who is alerted, reading a case the caller may act on, and `commit` — one conditional write that records the
 * change's effects, then completes them.
 */
import type { CaseView } from '../../../types/domain';
import type { SubscribeAnswer } from '../../../types/api';
import type { Actor, Case } from '../Case';
import type { EffectBody } from '../effects';
import { slotEffects, withEffects } from '../effects';
import type { Category, CommunityConfig, Person } from '../community';
import { newResident, onLeave, validateCommunity } from '../community';
import { configOf, configShapeProblems } from '../admin';
import {
  CaseChangedError,
  CaseNotFoundError,
  ClaimCapReachedError,
  CommunityConfigInvalidError,
  ContentRiskyError,
  InvalidInputError,
  NotSignedInError,
  UnknownCategoryError,
} from '../errors';
import type { AlertKind, Outgoing } from '../notify';
import { alertFor } from '../notify';
import { completeEffects } from './effects';
import type { Action, Situation } from '../permissions';
import { authorize, permitted } from '../permissions';
import { photosFor } from '../photo-checks';
import { audibleVoices } from '../voice-checks';
import type { Deps } from '../ports';
import type { RoutingContext } from '../routing';
import { dutyShiftAt, localDate } from '../rota';
import type { ViewExtras } from '../views';
import { toView } from '../views';
import { watched } from '../watch';

/** How many rows a list returns (WeChat Cloud returns at most 100 per query). */
export const LIST_LIMIT = 50;

/** Office queue page size (≤ 100, WeChat Cloud's per-query bound). */
export const QUEUE_PAGE = 50;

/** The configuration, checked: a broken one is reported with every problem, never a crash at routing time. */
export async function loadCommunity(deps: Deps): Promise<CommunityConfig> {
  const community = await deps.community.current();
  // A record broken outside the admin page (imported by hand, saved by an older version) is reported, not crashed on.
  const shape = configShapeProblems(configOf(community));
  if (shape.length > 0) throw new CommunityConfigInvalidError(shape);
  const problems = validateCommunity(community);
  if (problems.length > 0) throw new CommunityConfigInvalidError(problems);
  return community;
}

export async function situation(deps: Deps): Promise<Situation> {
  return { community: await loadCommunity(deps), now: deps.clock.now() };
}

export function categoryOf(community: CommunityConfig, id: string): Category {
  const category = community.categories.find((k) => k.id === id);
  if (!category) throw new UnknownCategoryError();
  return category;
}

export async function routingContext(deps: Deps, community: CommunityConfig): Promise<RoutingContext> {
  return { rota: community.rota, groups: community.groups, categories: community.categories, members: await deps.people.members() };
}

export const actorOf = (p: Person): Actor => ({ id: p.id, name: p.name || '居民' });

/**
 * The person behind an openid; a first-time visitor is a resident; no openid → null (anonymous). An openid named
 * in the deployment's admin list is an admin (how the first admin exists before any invite code).
 */
export async function whoIs(deps: Deps, openid: string | null): Promise<Person | null> {
  if (!openid) return null;
  const person = (await deps.people.ofId(openid)) ?? newResident(openid);
  return deps.bootstrapAdmins.includes(openid) ? { ...person, role: 'admin', groupId: null } : person;
}

export function signedIn(me: Person | null): Person {
  if (!me) throw new NotSignedInError();
  return me;
}

/** Subscribe answers are accepted only for the community's own templates (checked before anything is written). */
export function checkedAnswers(community: CommunityConfig, answers: Record<string, SubscribeAnswer> | undefined): Record<string, SubscribeAnswer> | null {
  if (!answers) return null;
  const known = new Set(Object.values(community.templates).filter(Boolean));
  if (Object.keys(answers).some((t) => !known.has(t))) throw new InvalidInputError('订阅的消息不对，请重新打开小程序再试');
  return Object.values(answers).includes('accept') ? answers : null;
}

/** Text people write passes WeChat's content security: risky is refused (nothing stored), review is reported. */
export async function checkedText(deps: Deps, me: Person, text: string, what: string): Promise<'pass' | 'review'> {
  if (!text.trim()) return 'pass';
  const verdict = await deps.content.text(text, me.id, 2);
  if (verdict === 'risky') throw new ContentRiskyError(what);
  return verdict;
}

/**
 * The local date whose leave counts for duty work now: the date of the shift in force, or outside duty hours of the
 * next shift (a case carried into tomorrow is tomorrow's work).
 */
export function shiftDate(sit: Situation): string {
  return dutyShiftAt(sit.community.rota, sit.now)?.date ?? localDate(sit.community.rota, sit.now);
}

/** Members of the group responsible for the studio's pool now (on duty, or next on duty), not on leave that shift. */
export async function poolRecipients(deps: Deps, sit: Situation, groupId: string | null): Promise<string[]> {
  const shift = dutyShiftAt(sit.community.rota, sit.now);
  const group = shift?.groupId ?? groupId;
  if (!group) return [];
  const date = shift?.date ?? localDate(sit.community.rota, sit.now);
  return (await deps.people.ofGroup(group)).filter((m) => !onLeave(m, date)).map((m) => m.id);
}

/** Who should hear about a case now: its holder, else the pool's responsible group, else the office. */
export async function alertRecipients(deps: Deps, sit: Situation, c: Case): Promise<string[]> {
  if (c.status === 'claimed') return [c.holder.id];
  if (c.status === 'pending' && c.routing.target === 'studio') return poolRecipients(deps, sit, c.routing.groupId);
  return (await deps.people.staff()).map((p) => p.id);
}

/** The alert effect about `c` (to its alert recipients unless `to` is given). */
export async function alertEffect(deps: Deps, sit: Situation, c: Case, kind: AlertKind, to?: string[]): Promise<EffectBody> {
  const recipients = to ?? (await alertRecipients(deps, sit, c));
  return notify(recipients.map((id) => alertFor(c, kind, id, sit.community, sit.now)));
}

export const notify = (items: Outgoing[]): EffectBody => ({ kind: 'notify', items });

/** Read a case and check the table allows `action` on it; a case the person may not see is "not found". */
export async function caseFor(deps: Deps, sit: Situation, person: Person | null, caseId: string, action: Action): Promise<{ c: Case; me: Person }> {
  if (!person) throw new NotSignedInError();
  const c = await deps.cases.ofId(caseId);
  if (!c) throw new CaseNotFoundError();
  authorize(person, action, sit, c);
  return { c, me: person };
}

/** What a state change on one case decided: the next state, its effects, how to explain a lost race, a reserved slot. */
export interface Change {
  next: Case;
  effects?: EffectBody[];
  explain?: (fresh: Case) => void;
  reserved?: string;
}

/**
 * The skeleton of a state change on one case: read it, authorise `action` (an invisible case is "not found"), let
 * `decide` check what it needs and run the transition, commit it with its effects in one conditional write, and
 * answer with the case as the caller now sees it.
 */
export async function step(
  deps: Deps,
  person: Person | null,
  caseId: string,
  action: Action,
  decide: (c: Case, me: Person, sit: Situation) => Change | Promise<Change>,
): Promise<CaseView> {
  const sit = await situation(deps);
  const { c, me } = await caseFor(deps, sit, person, caseId, action);
  const { next, effects, explain, reserved } = await decide(c, me, sit);
  return viewAfter(deps, sit, me, await commit(deps, sit, c, next, effects, { explain, reserved }));
}

/** Hand-over colleagues and office assignees, fetched only when the viewer may use them. */
export async function extrasFor(deps: Deps, sit: Situation, me: Person, c: Case): Promise<ViewExtras> {
  const extras: ViewExtras = {};
  // Only the photos this viewer may see now get a download URL (core/photo-checks.ts).
  // Likewise only the voice notes this viewer may hear now (core/voice-checks.ts); one storage call for both.
  const { shown } = photosFor(c, me, sit.now);
  const audible = audibleVoices(c, me, sit.now);
  if (shown.length + audible.length > 0) {
    const urls = await deps.files.urls([...shown.map((s) => s.photo.fileID), ...audible.map((v) => v.fileID)]);
    if (shown.length > 0) extras.photoUrls = urls.slice(0, shown.length);
    const heard = urls.slice(shown.length);
    if (audible.length > 0) extras.voiceUrls = new Map(audible.flatMap((v, i) => (heard[i] ? [[v.fileID, heard[i]] as [string, string]] : [])));
  }
  const today = shiftDate(sit);
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
export async function viewAfter(deps: Deps, sit: Situation, me: Person, c: Case): Promise<CaseView> {
  return toView(c, sit, me, await extrasFor(deps, sit, me, c));
}

/**
 * Store a transition with one conditional write that also records its effects (and the claim-cap slot changes),
 * then complete them. When someone changed the case first, say so precisely.
 * `reserved`: the member whose cap slot was reserved before the write (freed again if the write loses).
 */
export async function commit(
  deps: Deps,
  sit: Situation,
  before: Case,
  next: Case,
  effects: EffectBody[] = [],
  opts: { explain?: (fresh: Case) => void; reserved?: string } = {},
): Promise<Case> {
  const stored = withEffects(watched(next, sit.community), [...effects, ...slotEffects(before, next, opts.reserved ?? null)], sit.now);
  if (!(await deps.cases.replaceIfVersion(stored))) {
    if (opts.reserved) await deps.holdings.free(opts.reserved, next.id); // compensation: the slot was for this write
    if (opts.explain) {
      const fresh = await deps.cases.ofId(next.id);
      if (fresh) opts.explain(fresh); // throws the precise reason (e.g. already claimed by 王思瑛)
    }
    throw new CaseChangedError();
  }
  await completeEffects(deps, stored, sit.community, sit.now);
  return stored;
}

/** Reserve `member`'s claim-cap slot for a case (the cap holds under parallel requests); throws when full. */
export async function reserveSlot(deps: Deps, sit: Situation, member: Person, caseId: string, other: boolean): Promise<void> {
  const cap = sit.community.limits.openCasesPerMember;
  const staleBefore = new Date(sit.now.getTime() - SLOT_LEASE_MS);
  if (!(await deps.holdings.reserve(member.id, caseId, cap, sit.now, staleBefore))) throw new ClaimCapReachedError(cap, other ? member.name : undefined);
}

/** A reserved slot whose case write never happened (the function died between them) is reclaimed after this. */
export const SLOT_LEASE_MS = 2 * 60_000;
