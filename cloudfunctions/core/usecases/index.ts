/**
 * Use cases: each takes the ports it needs, the acting person (identity came from WeChat, never the payload) and
 * validated input, authorises through the permission table, and returns a wire DTO or throws a DomainError.
 * NOTE: every state change is one read of the case and one conditional write (compare-and-set on its version);
 * configuration and identity reads are the invocation's context.
 */
import type { SubmitCaseRequest, SubmitOnBehalfRequest } from '../../../types/api';
import type { CaseSummary, CaseView, Counted, DashboardView, DutyView, MeView, MessageView, OfficeQueue, OfficeQueuesView } from '../../../types/domain';
import type { SubscribeAnswer } from '../../../types/api';
import type { Actor, Case } from '../Case';
import {
  addNote,
  assign,
  cancel,
  claim,
  confirmSolved,
  escalate,
  handOver,
  handToShift,
  openCase,
  rate,
  recategorise,
  reject,
  release,
  reopen,
  resolve,
  returnToStudio,
  urge,
} from '../Case';
import type { EffectBody } from '../effects';
import { slotEffects, withEffects } from '../effects';
import type { Rating } from '../Case';
import type { Category, CommunityConfig, Person } from '../community';
import { newResident, onLeave, validateCommunity } from '../community';
import { configOf, configShapeProblems } from '../admin';
import {
  CaseAlreadyClaimedError,
  CaseChangedError,
  CaseNotFoundError,
  ClaimCapReachedError,
  CommunityConfigInvalidError,
  ContentRiskyError,
  InvalidInputError,
  NotSignedInError,
  UnknownCategoryError,
  UnknownCompoundError,
} from '../errors';
import type { AlertKind, Outgoing } from '../notify';
import { alertFor, handoverDigestFor, progressFor, resolvedFor } from '../notify';
import { retryDeliveries } from './notifications';
import { completeEffects, completeLeftovers } from './effects';
import type { Action, Situation } from '../permissions';
import { authorize, claimRefusal, permitted, seesPrivateDetails, subjectOf } from '../permissions';
import { ownsPhoto } from '../photos';
import type { Deps } from '../ports';
import type { RoutingContext } from '../routing';
import { route } from '../routing';
import { addDutyTime, dutyShiftAt, hoursText, localDate, onDuty } from '../rota';
import type { ViewExtras } from '../views';
import { toSummary, toView } from '../views';

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

async function situation(deps: Deps): Promise<Situation> {
  return { community: await loadCommunity(deps), now: deps.clock.now() };
}

function categoryOf(community: CommunityConfig, id: string): Category {
  const category = community.categories.find((k) => k.id === id);
  if (!category) throw new UnknownCategoryError();
  return category;
}

async function routingContext(deps: Deps, community: CommunityConfig): Promise<RoutingContext> {
  return { rota: community.rota, groups: community.groups, categories: community.categories, members: await deps.people.members() };
}

const actorOf = (p: Person): Actor => ({ id: p.id, name: p.name || '居民' });

/**
 * The person behind an openid; a first-time visitor is a resident; no openid → null (anonymous). An openid named
 * in the deployment's admin list is an admin (how the first admin exists before any invite code).
 */
export async function whoIs(deps: Deps, openid: string | null): Promise<Person | null> {
  if (!openid) return null;
  const person = (await deps.people.ofId(openid)) ?? newResident(openid);
  return deps.bootstrapAdmins.includes(openid) ? { ...person, role: 'admin', groupId: null } : person;
}

function signedIn(me: Person | null): Person {
  if (!me) throw new NotSignedInError();
  return me;
}

/** Who am I, with what the pages need to start. */
export async function whoAmI(deps: Deps, person: Person | null): Promise<MeView> {
  const me = signedIn(person);
  const [community, credits, unreadMessages] = await Promise.all([loadCommunity(deps), deps.subscriptions.credits(me.id), deps.messages.unread(me.id)]);
  const t = community.templates;
  const ids = (...xs: string[]) => xs.filter(Boolean);
  return {
    subscribe: { onSubmit: ids(t.caseResolved, t.caseProgress), onReopen: ids(t.caseResolved, t.caseProgress), memberAlerts: ids(t.dutyAlert) },
    credits,
    unreadMessages,
    officePhone: community.officePhone,
    openid: me.id,
    role: me.role,
    name: me.name,
    groupId: me.groupId,
    groupName: community.groups.find((g) => g.id === me.groupId)?.name ?? null,
    lastPlace: me.lastPlace,
    categories: community.categories.map((k) => ({ id: k.id, name: k.name, icon: k.icon, examples: k.examples, handler: k.handler, emergency: k.emergency })),
    compounds: community.compounds,
    subscribeTemplateIds: ids(t.caseResolved, t.caseProgress),
  };
}

/** Subscribe answers are accepted only for the community's own templates (checked before anything is written). */
function checkedAnswers(community: CommunityConfig, answers: Record<string, SubscribeAnswer> | undefined): Record<string, SubscribeAnswer> | null {
  if (!answers) return null;
  const known = new Set(Object.values(community.templates).filter(Boolean));
  if (Object.keys(answers).some((t) => !known.has(t))) throw new InvalidInputError('订阅的消息不对，请重新打开小程序再试');
  return Object.values(answers).includes('accept') ? answers : null;
}

/** Record a subscribe prompt's answers (a member topping up alerts, or anyone); returns the credits now. */
export async function recordSubscriptions(
  deps: Deps,
  person: Person | null,
  answers: Record<string, SubscribeAnswer>,
): Promise<{ credits: Record<string, number> }> {
  const me = signedIn(person);
  const accepted = checkedAnswers(await loadCommunity(deps), answers);
  if (accepted) await deps.subscriptions.record(me.id, accepted);
  return { credits: await deps.subscriptions.credits(me.id) };
}

/** Text people write passes WeChat's content security: risky is refused (nothing stored), review is reported. */
async function checkedText(deps: Deps, me: Person, text: string, what: string): Promise<'pass' | 'review'> {
  if (!text.trim()) return 'pass';
  const verdict = await deps.content.text(text, me.id, 2);
  if (verdict === 'risky') throw new ContentRiskyError(what);
  return verdict;
}

const toMessageView = (m: import('../ports').MessageRecord): MessageView => ({
  id: m.id,
  at: m.at.toISOString(),
  title: m.title,
  text: m.text,
  caseId: m.caseId,
  read: m.read,
  delivery: m.delivery.status,
});

/** The message centre, newest first. */
export async function listMessages(deps: Deps, person: Person | null, page: number): Promise<{ items: MessageView[]; unread: number; hasMore: boolean }> {
  const me = signedIn(person);
  const [{ items, hasMore }, unread] = await Promise.all([deps.messages.ofUser(me.id, page, 20), deps.messages.unread(me.id)]);
  return { items: items.map(toMessageView), unread, hasMore };
}

/** Mark messages read (all when no ids). */
export async function markMessagesRead(deps: Deps, person: Person | null, ids?: string[]): Promise<{ unread: number }> {
  const me = signedIn(person);
  await deps.messages.markRead(me.id, ids);
  return { unread: await deps.messages.unread(me.id) };
}

/**
 * The local date whose leave counts for duty work now: the date of the shift in force, or outside duty hours of the
 * next shift (a case carried into tomorrow is tomorrow's work).
 */
function shiftDate(sit: Situation): string {
  return dutyShiftAt(sit.community.rota, sit.now)?.date ?? localDate(sit.community.rota, sit.now);
}

/** Members of the group responsible for the studio's pool now (on duty, or next on duty), not on leave that shift. */
async function poolRecipients(deps: Deps, sit: Situation, groupId: string | null): Promise<string[]> {
  const shift = dutyShiftAt(sit.community.rota, sit.now);
  const group = shift?.groupId ?? groupId;
  if (!group) return [];
  const date = shift?.date ?? localDate(sit.community.rota, sit.now);
  return (await deps.people.ofGroup(group)).filter((m) => !onLeave(m, date)).map((m) => m.id);
}

/** Who should hear about a case now: its holder, else the pool's responsible group, else the office. */
async function alertRecipients(deps: Deps, sit: Situation, c: Case): Promise<string[]> {
  if (c.status === 'claimed') return [c.holder.id];
  if (c.status === 'pending' && c.routing.target === 'studio') return poolRecipients(deps, sit, c.routing.groupId);
  return (await deps.people.staff()).map((p) => p.id);
}

/** The alert effect about `c` (to its alert recipients unless `to` is given). */
async function alertEffect(deps: Deps, sit: Situation, c: Case, kind: AlertKind, to?: string[]): Promise<EffectBody> {
  const recipients = to ?? (await alertRecipients(deps, sit, c));
  return notify(recipients.map((id) => alertFor(c, kind, id, sit.community, sit.now)));
}

const notify = (items: Outgoing[]): EffectBody => ({ kind: 'notify', items });

/**
 * Check, route, store and announce a new case. With a client request id the case id is derived from it, so a
 * retried submit finds the case the first attempt stored, completes whatever that attempt left undone, and returns it.
 * NOTE: everything is checked before the one write; the announcements, the credit record and the remembered place
 * are recorded in that write as pending effects.
 */
async function fileCase(deps: Deps, sit: Situation, me: Person, input: SubmitCaseRequest, filedFor: { name: string; phone: string } | null): Promise<Case> {
  const { community, now } = sit;
  const id = input.clientRequestId ? deps.ids.caseIdFor(me.id, input.clientRequestId) : deps.ids.caseId();
  if (input.clientRequestId) {
    const earlier = await deps.cases.ofId(id);
    if (earlier) return finishEarlier(deps, sit, earlier);
  }
  const category = categoryOf(community, input.categoryId);
  if (!community.compounds.some((x) => x.id === input.place.compoundId)) throw new UnknownCompoundError();
  const accepted = checkedAnswers(community, input.subscriptions);
  for (const fileID of input.photos ?? []) {
    if (!ownsPhoto(me.id, fileID)) throw new InvalidInputError('有一张照片不是您上传的，请重新选一下照片');
  }
  const verdict = await checkedText(deps, me, input.description, '描述');
  for (const fileID of input.photos ?? []) {
    const photo = await deps.content.image(fileID);
    if (photo === 'risky') throw new ContentRiskyError('照片');
    if (photo === 'unusable') throw new InvalidInputError('有一张照片太大或没有传好（每张要在1MB以内），请重新选一下');
  }
  const urgent = Boolean(input.urgent) || category.emergency;
  const routing =
    verdict === 'review'
      ? {
          target: 'office' as const,
          rule: 'held-for-review' as const,
          groupId: null,
          alertGroupId: null,
          preferredMemberIds: [],
          reason: '已交社区办公室：内容需要人工看一下再处理',
          expectedBy: addDutyTime(community.rota, now, category.sla.claimMinutes),
        }
      : route({ categoryId: category.id, compoundId: input.place.compoundId, urgent: input.urgent }, category, await routingContext(deps, community), now);
  const opened = openCase({
    id,
    code: deps.ids.caseCode(),
    reporter: actorOf(me),
    categoryId: category.id,
    description: input.description.trim(),
    place: input.place,
    contactPhone: filedFor ? filedFor.phone : input.contactPhone?.trim() || me.phone,
    routing,
    urgent,
    filedFor,
    private: category.private,
    photos: input.photos ?? [],
    now,
  });
  // Announce: the pool's members (leave checked on the shift's date), or for emergencies the alerted group and the
  // office, or the office.
  const alerts: Outgoing[] = [];
  if (routing.target === 'studio' && routing.groupId) {
    for (const to of await poolRecipients(deps, sit, routing.groupId)) alerts.push(alertFor(opened, '新事项', to, community, now));
  } else {
    const kind: AlertKind = routing.rule === 'emergency' ? '紧急' : routing.rule === 'held-for-review' ? '待审核' : '新事项';
    for (const p of await deps.people.staff()) alerts.push(alertFor(opened, kind, p.id, community, now));
    if (routing.alertGroupId) for (const m of await deps.people.ofGroup(routing.alertGroupId)) alerts.push(alertFor(opened, '紧急', m.id, community, now));
  }
  if (routing.rule === 'held-for-review') alerts.push(progressFor(opened, 'held', '内容需要社区人工看一下再处理', community, now));
  const effects: EffectBody[] = [notify(alerts)];
  if (accepted) effects.push({ kind: 'credit', personId: me.id, answers: accepted });
  if (!filedFor) effects.push({ kind: 'place', personId: me.id, place: input.place });
  const c = withEffects(opened, effects, now);
  if (!(await deps.cases.add(c))) {
    // A concurrent retry stored it first: finish and return that one.
    return finishEarlier(deps, sit, (await deps.cases.ofId(id))!);
  }
  await completeEffects(deps, c, community, now);
  return c;
}

/** A retried submit: the case the first attempt stored, with anything it left undone completed now. */
async function finishEarlier(deps: Deps, sit: Situation, earlier: Case): Promise<Case> {
  await completeEffects(deps, earlier, sit.community, sit.now);
  return earlier;
}

/** A resident reports a problem: check, route, store, remember the place and the subscription answers. */
export async function submitCase(deps: Deps, person: Person | null, input: SubmitCaseRequest): Promise<CaseView> {
  const sit = await situation(deps);
  authorize(person, 'submit', sit);
  const c = await fileCase(deps, sit, person!, input, null);
  return viewAfter(deps, sit, person!, c);
}

/** A member records a case for a resident without a smartphone (代办); the member is the reporter and gets updates. */
export async function submitOnBehalf(deps: Deps, person: Person | null, input: SubmitOnBehalfRequest): Promise<CaseView> {
  const sit = await situation(deps);
  authorize(person, 'submitOnBehalf', sit);
  const c = await fileCase(deps, sit, person!, input, { name: input.residentName.trim(), phone: input.residentPhone.trim() });
  return viewAfter(deps, sit, person!, c);
}

/** The cases I reported (or filed on someone's behalf). */
export async function listMyCases(deps: Deps, person: Person | null): Promise<{ cases: CaseSummary[] }> {
  const me = signedIn(person);
  const [sit, cases] = await Promise.all([situation(deps), deps.cases.ofReporter(me.id, LIST_LIMIT)]);
  return { cases: cases.map((c) => toSummary(c, sit.community, sit.now)) };
}

/** Read a case and check the table allows `action` on it; a case the person may not see is "not found". */
async function caseFor(deps: Deps, sit: Situation, person: Person | null, caseId: string, action: Action): Promise<Case> {
  if (!person) throw new NotSignedInError();
  const c = await deps.cases.ofId(caseId);
  if (!c) throw new CaseNotFoundError();
  authorize(person, action, sit, c);
  return c;
}

/** Hand-over colleagues and office assignees, fetched only when the viewer may use them. */
async function extrasFor(deps: Deps, sit: Situation, me: Person, c: Case): Promise<ViewExtras> {
  const extras: ViewExtras = {};
  if (c.photos.length > 0 && seesPrivateDetails(me, c)) extras.photoUrls = await deps.files.urls(c.photos);
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
async function viewAfter(deps: Deps, sit: Situation, me: Person, c: Case): Promise<CaseView> {
  return toView(c, sit, me, await extrasFor(deps, sit, me, c));
}

/** One case, as I may see it (with the people I may hand it to or assign it to). */
export async function getCase(deps: Deps, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'view');
  return toView(c, sit, person!, await extrasFor(deps, sit, person!, c));
}

/** A duty member's board: who is on duty, my situation, my group's pool (urgent, my compounds, oldest first), my cases. */
export async function dutyBoard(deps: Deps, person: Person | null): Promise<{ duty: DutyView; pool: CaseSummary[]; mine: CaseSummary[] }> {
  const sit = await situation(deps);
  authorize(person, 'dutyBoard', sit);
  const me = person!;
  const { community, now } = sit;
  const shift = onDuty(community.rota, now);
  const today = localDate(community.rota, now);
  const [onDutyMembers, pool, mine] = await Promise.all([
    shift ? deps.people.ofGroup(shift.groupId) : Promise.resolve([]),
    // 交接班: the studio's pool is one — the group on duty (or next on duty) takes everything waiting; others may look.
    deps.cases.waiting(LIST_LIMIT),
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

/**
 * Store a transition with one conditional write that also records its effects (and the claim-cap slot changes),
 * then complete them. When someone changed the case first, say so precisely.
 * `reserved`: the member whose cap slot was reserved before the write (freed again if the write loses).
 */
async function commit(
  deps: Deps,
  sit: Situation,
  before: Case,
  next: Case,
  effects: EffectBody[] = [],
  opts: { explain?: (fresh: Case) => void; reserved?: string } = {},
): Promise<Case> {
  const stored = withEffects(next, [...effects, ...slotEffects(before, next, opts.reserved ?? null)], sit.now);
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
async function reserveSlot(deps: Deps, sit: Situation, member: Person, caseId: string, other: boolean): Promise<void> {
  const cap = sit.community.limits.openCasesPerMember;
  const staleBefore = new Date(sit.now.getTime() - SLOT_LEASE_MS);
  if (!(await deps.holdings.reserve(member.id, caseId, cap, sit.now, staleBefore))) throw new ClaimCapReachedError(cap, other ? member.name : undefined);
}

/** A reserved slot whose case write never happened (the function died between them) is reclaimed after this. */
const SLOT_LEASE_MS = 2 * 60_000;

/** A duty member claims a case from the pool. Exactly one of several simultaneous claims succeeds. */
export async function claimCase(deps: Deps, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  if (!person) throw new NotSignedInError();
  const current = await deps.cases.ofId(caseId);
  // Permission before state: a case the person may not see is not found, whatever its state.
  if (!current || !(permitted(person, 'view', sit, current) || permitted(person, 'claim', sit, current))) throw new CaseNotFoundError();
  const due = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, current.categoryId).sla.resolveMinutes);
  const next = claim(current, actorOf(person), sit.now, due); // state next: "already claimed by 王思瑛" beats "not your pool"
  authorize(person, 'claim', sit, current);
  await reserveSlot(deps, sit, person, caseId, false);
  const progress = notify([progressFor(next, 'claimed', `${person.name}已认领，会尽快处理`, sit.community, sit.now)]);
  const stored = await commit(deps, sit, current, next, [progress], {
    reserved: person.id,
    explain: (fresh) => {
      claim(fresh, actorOf(person), sit.now, due);
      throw new CaseAlreadyClaimedError('其他成员');
    },
  });
  return viewAfter(deps, sit, person, stored);
}

/** The holder resolves a case; the resident (or the member who filed it) is notified afterwards. */
export async function resolveCase(deps: Deps, person: Person | null, caseId: string, note: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'resolve');
  await checkedText(deps, person!, note, '办理结果');
  const next = resolve(c, actorOf(person!), note, sit.now);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next, [notify([resolvedFor(next, sit.community)])]));
}

/** The holder writes a progress note. */
export async function noteCase(deps: Deps, person: Person | null, caseId: string, text: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'note');
  await checkedText(deps, person!, text, '进展');
  const next = addNote(c, actorOf(person!), text, sit.now);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next));
}

/** The holder puts the case back in its pool; the claim clock starts again. */
export async function releaseCase(deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'release');
  const expectedBy = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.claimMinutes);
  const next = release(c, actorOf(person!), reason, sit.now, expectedBy);
  const stored = await commit(deps, sit, c, next, [], { explain: (fresh) => release(fresh, actorOf(person!), reason, sit.now, expectedBy) });
  return viewAfter(deps, sit, person!, stored);
}

/** The holder hands the case to a named colleague (a member not on leave, under the cap). */
export async function handOverCase(deps: Deps, person: Person | null, caseId: string, toMemberId: string, note: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'handOver');
  const to = await deps.people.ofId(toMemberId);
  if (!to || to.role !== 'member') throw new InvalidInputError('请选择一位工作室成员');
  if (onLeave(to, shiftDate(sit))) throw new InvalidInputError(`${to.name}请假了，请选其他成员`);
  const next = handOver(c, actorOf(person!), actorOf(to), note, sit.now);
  const told = await alertEffect(deps, sit, next, '转交给您', [to.id]);
  await reserveSlot(deps, sit, to, caseId, true);
  const stored = await commit(deps, sit, c, next, [told], {
    reserved: to.id,
    explain: (fresh) => handOver(fresh, actorOf(person!), actorOf(to), note, sit.now),
  });
  return viewAfter(deps, sit, person!, stored);
}

/** A member hands a case up to the community office, with a reason. */
export async function escalateCase(deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'escalate');
  const officeBy = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.claimMinutes);
  await checkedText(deps, person!, reason, '上报原因');
  const next = escalate(c, { trigger: 'manual', by: actorOf(person!), reason }, sit.now, officeBy);
  const progress = notify([progressFor(next, 'escalated', `已上报社区：${reason}`, sit.community, sit.now)]);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next, [progress, await alertEffect(deps, sit, next, '新事项')]));
}

/** The reporter reopens a resolved case (within 7 days): back to its holder the first time, up to the office after that. */
export async function reopenCase(
  deps: Deps,
  person: Person | null,
  caseId: string,
  reason: string,
  subscriptions?: Record<string, SubscribeAnswer>,
): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'reopen');
  const accepted = checkedAnswers(sit.community, subscriptions);
  await checkedText(deps, person!, reason, '重新反映的原因');
  const sla = categoryOf(sit.community, c.categoryId).sla;
  const next = reopen(c, actorOf(person!), reason, sit.now, {
    resolveDueAt: addDutyTime(sit.community.rota, sit.now, sla.resolveMinutes),
    officeExpectedBy: addDutyTime(sit.community.rota, sit.now, sla.claimMinutes),
  });
  const effects: EffectBody[] = [await alertEffect(deps, sit, next, '重新反映')];
  if (accepted) effects.push({ kind: 'credit', personId: person!.id, answers: accepted });
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next, effects));
}

/** The office sends a case back to the studio's duty pool (the group on duty now, or the next one). */
export async function returnCaseToStudio(deps: Deps, person: Person | null, caseId: string, note: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'returnToStudio');
  const decision = route(
    { categoryId: c.categoryId, compoundId: c.place.compoundId },
    categoryOf(sit.community, c.categoryId),
    await routingContext(deps, sit.community),
    sit.now,
    {
      studioOnly: true,
    },
  );
  const next = returnToStudio(c, actorOf(person!), note, decision, sit.now);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next));
}

/** The office changes a waiting case's category; routing runs again. */
export async function recategoriseCase(deps: Deps, person: Person | null, caseId: string, categoryId: string, note: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'recategorise');
  const category = categoryOf(sit.community, categoryId);
  const decision = route({ categoryId, compoundId: c.place.compoundId, urgent: c.urgent }, category, await routingContext(deps, sit.community), sit.now);
  const next = recategorise(c, actorOf(person!), category, note, decision, sit.now);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next));
}

/** The office gives an office case to an office worker (or takes it). */
export async function assignCase(deps: Deps, person: Person | null, caseId: string, assigneeId: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'assign');
  const to = assigneeId === person!.id ? person! : await deps.people.ofId(assigneeId);
  if (!to || (to.role !== 'office' && to.role !== 'admin')) throw new InvalidInputError('请选择一位社区工作人员');
  const due = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.resolveMinutes);
  const next = assign(c, actorOf(person!), actorOf(to), sit.now, due);
  const stored = await commit(deps, sit, c, next, [], { explain: (fresh) => assign(fresh, actorOf(person!), actorOf(to), sit.now, due) });
  return viewAfter(deps, sit, person!, stored);
}

/** The office refuses a case as spam or abuse; the reporter sees the reason. */
export async function rejectCase(deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'reject');
  const next = reject(c, actorOf(person!), reason, sit.now);
  const stored = await commit(deps, sit, c, next, [notify([progressFor(next, 'rejected', reason, sit.community, sit.now)])], {
    explain: (fresh) => reject(fresh, actorOf(person!), reason, sit.now),
  });
  return viewAfter(deps, sit, person!, stored);
}

/** The reporter hurries an open case (催单, at most once every 2 hours); whoever holds it is alerted. */
export async function urgeCase(deps: Deps, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'urge');
  const next = urge(c, actorOf(person!), sit.now);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next, [await alertEffect(deps, sit, next, '催办')]));
}

/** The reporter withdraws a case nobody has claimed. */
export async function cancelCase(deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'cancel');
  await checkedText(deps, person!, reason, '撤回原因');
  const next = cancel(c, actorOf(person!), reason, sit.now);
  const stored = await commit(deps, sit, c, next, [], { explain: (fresh) => cancel(fresh, actorOf(person!), reason, sit.now) });
  return viewAfter(deps, sit, person!, stored);
}

/** The reporter confirms a resolved case is solved. */
export async function confirmCase(deps: Deps, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'confirm');
  const next = confirmSolved(c, actorOf(person!), sit.now);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next));
}

/** The reporter rates a resolved case (1–5 stars for result, speed, attitude; optional comment), once. */
export async function rateCase(deps: Deps, person: Person | null, caseId: string, rating: Rating): Promise<CaseView> {
  const sit = await situation(deps);
  const c = await caseFor(deps, sit, person, caseId, 'rate');
  await checkedText(deps, person!, rating.comment, '评价');
  const next = rate(c, actorOf(person!), rating, sit.now);
  return viewAfter(deps, sit, person!, await commit(deps, sit, c, next));
}

/** One office queue, paginated, with every queue's count. */
export async function officeQueues(deps: Deps, person: Person | null, queue: OfficeQueue, page: number): Promise<OfficeQueuesView> {
  const sit = await situation(deps);
  authorize(person, 'officeQueues', sit);
  const [counts, { cases, hasMore }] = await Promise.all([deps.cases.countOfficeQueues(sit.now), deps.cases.ofOfficeQueue(queue, sit.now, page, QUEUE_PAGE)]);
  return { queue, counts, cases: cases.map((c) => toSummary(c, sit.community, sit.now, person!)), page, hasMore };
}

const STATUS_ORDER = ['pending', 'claimed', 'resolved', 'rejected'] as const;
const STATUS_WORDS: Record<string, string> = { pending: '等待处理', claimed: '处理中', resolved: '已办结', rejected: '不予受理' };

/** How the neighbourhood is doing over the last `days` days. Every figure comes from the database's own counting. */
export async function dashboard(deps: Deps, person: Person | null, days: number): Promise<DashboardView> {
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
  /** Due cases someone acted on a moment before the sweep (their conditional write won); left alone. */
  skipped: number;
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
  const stored = withEffects(next, [...effects, ...slotEffects(before, next)], sit.now);
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
  const done = await sweepPages(
    (limit) => deps.cases.waitingOutside(shift.groupId, limit),
    async (c) => {
      if (members.length === 0) {
        const reason = `${groupName}成员今天都不在岗`;
        const officeBy = addDutyTime(community.rota, now, categoryOf(community, c.categoryId).sla.claimMinutes);
        const next = escalate(c, { trigger: 'no-duty', by: null, reason }, now, officeBy);
        return timerCommit(deps, sit, c, next, [
          notify([progressFor(next, 'escalated', `已上报社区：${reason}`, community, now)]),
          await alertEffect(deps, sit, next, '新事项'),
        ]);
      }
      const preferredMemberIds = members.filter((m) => m.compounds.includes(c.place.compoundId)).map((m) => m.id);
      const next = handToShift(c, { groupId: shift.groupId, groupName, preferredMemberIds }, now);
      // NOTE: the digest's messages are named by the shift, not the case: the first case's effect sends them.
      const waiting = (await deps.cases.waiting(LIST_LIMIT)).length;
      const digest: EffectBody = {
        kind: 'notify',
        key: `handover_${shift.date}_${shift.groupId}`,
        items: members.map((m) => handoverDigestFor(m.id, groupName, waiting, community, now)),
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
      return timerCommit(deps, sit, c, next, [notify([progressFor(next, 'escalated', `超时自动上报社区：${reason}`, community, now)])]);
    });
    if (pass.trigger === 'claim-sla') report.claimEscalated = won;
    else report.resolveEscalated = won;
    report.skipped += lost;
  }
  return report;
}

/** The timer's whole job: shift hand-over and SLA escalations, effects left by interrupted functions, WeChat retries. */
export async function timerTick(deps: Deps): Promise<SweepReport> {
  const report = await sweepOverdue(deps);
  const now = deps.clock.now();
  const effectsCompleted = await completeLeftovers(deps, await loadCommunity(deps), now);
  const retries = await retryDeliveries(deps, now);
  return { ...report, effectsCompleted, retried: retries.retried, resent: retries.sent };
}
