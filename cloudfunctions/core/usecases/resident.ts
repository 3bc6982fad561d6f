/** What residents do: who am I, report, follow, urge, withdraw, confirm, rate, reopen; the message centre. */
import { quickRepliesOf } from '../../../types/quick-replies';
import type { SavePlaceRequest, SubmitCaseRequest } from '../../../types/api';
import type { CaseSummary, CaseView, MeView, MessageView, SavedPlace } from '../../../types/domain';
import type { SubscribeAnswer } from '../../../types/api';
import { answerFollowUp, cancel, checkedAnswer, confirmSolved, rate, reopen, urge } from '../Case';
import type { Case } from '../Case';
import type { EffectBody } from '../effects';
import type { Rating } from '../Case';
import type { Person } from '../community';
import { authorize } from '../permissions';
import type { Deps } from '../ports';
import { addDutyTime } from '../rota';
import { subscribeTemplates, toSummary } from '../views';
import type { Situation } from '../permissions';
import { fileCase } from './filing';
import { filedForPlace, savedPlaceOf, withSavedPlace, withoutSavedPlace } from '../saved-places';
import {
  actorOf,
  alertEffect,
  caseFor,
  categoryOf,
  checkedAnswers,
  checkedText,
  LIST_LIMIT,
  loadCommunity,
  signedIn,
  situation,
  step,
  viewAfter,
} from './shared';

/** Who am I, with what the pages need to start. */
export async function whoAmI(deps: Deps, person: Person | null): Promise<MeView> {
  const me = signedIn(person);
  // 家人的地址 are a resident's own; staff (who do not keep any) are not asked.
  const [community, credits, unreadMessages, savedPlaces] = await Promise.all([
    loadCommunity(deps),
    deps.subscriptions.credits(me.id),
    deps.messages.unread(me.id),
    me.role === 'resident' ? deps.people.savedPlaces(me.id) : [],
  ]);
  const subscribe = subscribeTemplates(community.templates);
  return {
    subscribe,
    credits,
    unreadMessages,
    officePhone: community.officePhone,
    quickReplies: me.role === 'resident' ? null : quickRepliesOf(community),
    openid: me.id,
    role: me.role,
    name: me.name,
    groupId: me.groupId,
    groupName: community.groups.find((g) => g.id === me.groupId)?.name ?? null,
    lastPlace: me.lastPlace,
    categories: community.categories.map((k) => ({ id: k.id, name: k.name, icon: k.icon, examples: k.examples, handler: k.handler, emergency: k.emergency })),
    compounds: community.compounds,
    subscribeTemplateIds: subscribe.onSubmit,
    savedPlaces,
  };
}

/**
 * 家人的地址: add a place (no id) or change one of mine (its id), on my own record (the caller from WeChat; an id is
 * only ever looked up among the caller's own places). Everything is checked before the one write.
 */
export async function savePlace(deps: Deps, person: Person | null, input: SavePlaceRequest): Promise<{ savedPlaces: SavedPlace[] }> {
  const sit = await situation(deps);
  authorize(person, 'savePlaces', sit);
  const list = await deps.people.savedPlaces(person.id);
  const next = withSavedPlace(list, input, sit.community, `sp-${deps.ids.caseId()}`);
  await deps.people.setSavedPlaces(person.id, next);
  return { savedPlaces: next };
}

/** 家人的地址: remove one of my places (cases already reported for it keep whom they were for). */
export async function removePlace(deps: Deps, person: Person | null, id: string): Promise<{ savedPlaces: SavedPlace[] }> {
  const sit = await situation(deps);
  authorize(person, 'savePlaces', sit);
  const next = withoutSavedPlace(await deps.people.savedPlaces(person.id), id);
  await deps.people.setSavedPlaces(person.id, next);
  return { savedPlaces: next };
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
 * A resident reports a problem: check, route, store, remember the place and the subscription answers. For one of
 * their saved places (`forPlaceId`, 家人的地址): the place and its person are read from the caller's own record — the
 * payload's place and phone are not used — the case is routed by that place and records whom it is for; the caller
 * stays the reporter, and their own last place is not changed.
 */
export async function submitCase(deps: Deps, person: Person | null, input: SubmitCaseRequest): Promise<CaseView> {
  const sit = await situation(deps);
  authorize(person, 'submit', sit);
  if (input.forPlaceId === undefined) return viewAfter(deps, sit, person, await fileCase(deps, sit, person, input, null));
  const saved = savedPlaceOf(await deps.people.savedPlaces(person.id), input.forPlaceId);
  const { contactPhone: _ignored, ...rest } = input;
  const own = input.contactPhone?.trim() || person.phone;
  const c = await fileCase(deps, sit, person, { ...rest, place: saved.place }, filedForPlace(saved, own));
  return viewAfter(deps, sit, person, c);
}

/**
 * The cases I reported (or filed on someone's behalf) and those I follow (joined, or merged in from mine), newest
 * first, in my words (a resident's plain words: core/views.ts audienceOf). A case of mine merged into another is left
 * out: I follow the kept one, and the matter is one case in the list as everywhere.
 */
export async function listMyCases(deps: Deps, person: Person | null): Promise<{ cases: CaseSummary[] }> {
  const me = signedIn(person);
  const [sit, reported, followed] = await Promise.all([situation(deps), deps.cases.ofReporter(me.id, LIST_LIMIT), deps.cases.ofFollower(me.id, LIST_LIMIT)]);
  const seen = new Set<string>();
  const cases = [...reported, ...followed]
    .filter((c) => c.status !== 'merged' && !seen.has(c.id) && Boolean(seen.add(c.id)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, LIST_LIMIT);
  return { cases: cases.map((c) => toSummary(c, sit.community, sit.now, me)) };
}

/** One case, as I may see it (with the people I may hand it to or assign it to). */
export async function getCase(deps: Deps, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  const { c, me } = await caseFor(deps, sit, person, caseId, 'view');
  return viewAfter(deps, sit, me, c);
}

/** The reporter reopens a resolved case (within 7 days): back to its holder the first time, up to the office after that. */
export const reopenCase = (
  deps: Deps,
  person: Person | null,
  caseId: string,
  reason: string,
  subscriptions?: Record<string, SubscribeAnswer>,
): Promise<CaseView> =>
  step(deps, person, caseId, 'reopen', async (c, me, sit) => {
    const accepted = checkedAnswers(sit.community, subscriptions);
    await checkedText(deps, me, reason, '重新反映的原因');
    const sla = categoryOf(sit.community, c.categoryId).sla;
    const next = reopen(c, actorOf(me), reason, sit.now, {
      resolveDueAt: addDutyTime(sit.community.rota, sit.now, sla.resolveMinutes),
      officeExpectedBy: addDutyTime(sit.community.rota, sit.now, sla.claimMinutes),
    });
    const effects: EffectBody[] = [await alertEffect(deps, sit, next, '重新反映')];
    if (accepted) effects.push({ kind: 'credit', personId: me.id, answers: accepted });
    return { next, effects };
  });

/** The reporter hurries an open case (催单, at most once every 2 hours); whoever holds it is alerted. */
export const urgeCase = (deps: Deps, person: Person | null, caseId: string): Promise<CaseView> =>
  step(deps, person, caseId, 'urge', async (c, me, sit) => {
    const next = urge(c, actorOf(me), sit.now);
    return { next, effects: [await alertEffect(deps, sit, next, '催办')] };
  });

/** The reporter withdraws a case nobody has claimed. */
export const cancelCase = (deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> =>
  step(deps, person, caseId, 'cancel', async (c, me, sit) => {
    await checkedText(deps, me, reason, '撤回原因');
    const withdraw = (from: Case) => cancel(from, actorOf(me), reason, sit.now);
    return { next: withdraw(c), explain: withdraw };
  });

/** The reporter confirms a resolved case is solved. */
export const confirmCase = (deps: Deps, person: Person | null, caseId: string): Promise<CaseView> =>
  step(deps, person, caseId, 'confirm', (c, me, sit) => ({ next: confirmSolved(c, actorOf(me), sit.now) }));

/** The reporter rates a resolved case (1–5 stars for result, speed, attitude; optional comment), once. */
export const rateCase = (deps: Deps, person: Person | null, caseId: string, rating: Rating): Promise<CaseView> =>
  step(deps, person, caseId, 'rate', async (c, me, sit) => {
    await checkedText(deps, me, rating.comment, '评价');
    return { next: rate(c, actorOf(me), rating, sit.now) };
  });

/** The deadlines a case reopened now gets: the holder's resolve time, or the office's claim time. */
export function reopenDue(sit: Situation, c: Case): { resolveDueAt: Date | null; officeExpectedBy: Date | null } {
  const sla = categoryOf(sit.community, c.categoryId).sla;
  return {
    resolveDueAt: addDutyTime(sit.community.rota, sit.now, sla.resolveMinutes),
    officeExpectedBy: addDutyTime(sit.community.rota, sit.now, sla.claimMinutes),
  };
}

/**
 * The effects of an answered 回访, recorded with it: 没解决 alerts whoever has the reopened case; 不满意 alerts the
 * office (the case is in its 督办 queue now).
 */
export async function followUpEffects(deps: Deps, sit: Situation, next: Case, solved: boolean, unsatisfied: boolean): Promise<EffectBody[]> {
  const effects: EffectBody[] = [];
  if (!solved) effects.push(await alertEffect(deps, sit, next, '重新反映'));
  if (unsatisfied)
    effects.push(
      await alertEffect(
        deps,
        sit,
        next,
        '督办',
        (await deps.people.staff()).map((p) => p.id),
      ),
    );
  return effects;
}

/**
 * The reporter answers the 回访 (from 办结 until answered; the timer's ask is skipped when they answer first):
 * 解决了 confirms it solved, 没解决 reopens it, 不满意 puts it in the office's 督办 queue with the comment.
 * NOTE: the answer is checked before anything else; two answers at once: one wins (the case's version), the other
 * hears 「已经回访过了」.
 */
export const answerFollowUpCase = (deps: Deps, person: Person | null, caseId: string, input: FollowUpInput): Promise<CaseView> =>
  recordFollowUp(deps, person, caseId, input, { action: 'followUp', how: 'resident', commentName: '回访的意见' });

/** A 回访's answers as sent: checked by `checkedAnswer` before anything else. */
export type FollowUpInput = { solved: unknown; satisfaction: unknown; comment?: unknown };

/**
 * Record a 回访's answers — the reporter's own (`followUp`), or what the member who phoned them heard
 * (`recordCallBack`) — with their effects: 没解决 reopens, 不满意 goes to the office's 督办 queue.
 */
export const recordFollowUp = async (
  deps: Deps,
  person: Person | null,
  caseId: string,
  input: FollowUpInput,
  by: { action: 'followUp' | 'recordCallBack'; how: 'resident' | 'call'; commentName: string },
): Promise<CaseView> => {
  const answer = checkedAnswer(input);
  return step(deps, person, caseId, by.action, async (c, me, sit) => {
    await checkedText(deps, me, answer.comment, by.commentName);
    const record = (from: Case) => answerFollowUp(from, actorOf(me), answer, by.how, sit.now, reopenDue(sit, from));
    const next = record(c);
    return { next, effects: await followUpEffects(deps, sit, next, answer.solved, answer.satisfaction === 'unsatisfied'), explain: record };
  });
};
