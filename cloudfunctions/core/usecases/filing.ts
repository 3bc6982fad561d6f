/** Filing a new case (a resident's report, or a member's on behalf of one): check everything, route, store once. */
import type { SubmitCaseRequest } from '../../../types/api';
import { OFFICE, RESIDENT_OFFICE_WORDS } from '../../../types/words';
import type { Case, FiledFor } from '../Case';
import { openCase } from '../Case';
import type { EffectBody } from '../effects';
import { withEffects } from '../effects';
import type { Person } from '../community';
import { NothingSaidError, UnknownCompoundError } from '../errors';
import type { Outgoing } from '../notify';
import { alertFor, progressFor } from '../notify';
import { completeEffects } from './effects';
import { askPhotoChecks, checkedPhotoIds } from './photos';
import { askVoiceCheck, checkedVoice } from './voices';
import type { Situation } from '../permissions';
import type { Deps } from '../ports';
import { announcement, heldForReview, route } from '../routing';
import { actorOf, categoryOf, checkedAnswers, checkedText, notify, poolRecipients, routingContext } from './shared';
import { watched } from '../watch';

/**
 * Check, route, store and announce a new case. With a client request id the case id is derived from it, so a
 * retried submit finds the case the first attempt stored, completes whatever that attempt left undone, and returns it.
 * NOTE: everything is checked before the one write; the announcements, the credit record and the remembered place
 * are recorded in that write as pending effects. Each photo's content check is asked for before the write, and the
 * write stores its trace id with the photo (`checking`): the verdict is pushed later (core/photo-checks.ts). A
 * function that dies between asking and writing leaves WeChat a check nobody waits for: its push matches no case
 * and changes nothing; a retry asks again. A voice note is asked about and stored the same way (core/voice-checks.ts);
 * with one, the description may be empty (neither: NOTHING_SAID).
 */
export async function fileCase(deps: Deps, sit: Situation, me: Person, input: SubmitCaseRequest, filedFor: FiledFor | null): Promise<Case> {
  const { community, now } = sit;
  const id = input.clientRequestId ? deps.ids.caseIdFor(me.id, input.clientRequestId) : deps.ids.caseId();
  if (input.clientRequestId) {
    const earlier = await deps.cases.ofId(id);
    if (earlier) return finishEarlier(deps, sit, earlier);
  }
  const category = categoryOf(community, input.categoryId);
  if (!community.compounds.some((x) => x.id === input.place.compoundId)) throw new UnknownCompoundError();
  const accepted = checkedAnswers(community, input.subscriptions);
  const fileIDs = checkedPhotoIds(me, input.photos);
  const spoken = checkedVoice(me, input.voice);
  const description = (input.description ?? '').trim();
  // A voice-only report is a report: the words may be left out when a voice note carries it, not both.
  if (!description && !spoken) throw new NothingSaidError();
  const verdict = await checkedText(deps, me, description, '描述');
  const photos = await askPhotoChecks(deps, me, fileIDs, now, 'report');
  const voice = await askVoiceCheck(deps, me, spoken, now, 'report');
  const urgent = Boolean(input.urgent) || category.emergency;
  const routing =
    verdict === 'review'
      ? heldForReview(category, community.rota, now)
      : route({ categoryId: category.id, compoundId: input.place.compoundId, urgent: input.urgent }, category, await routingContext(deps, community), now);
  const opened = openCase({
    id,
    code: deps.ids.caseCode(),
    reporter: actorOf(me),
    categoryId: category.id,
    description,
    place: input.place,
    contactPhone: filedFor ? filedFor.phone : input.contactPhone?.trim() || me.phone,
    routing,
    urgent,
    filedFor,
    private: category.private,
    photos,
    voices: voice ? [voice] : [],
    now,
  });
  // Announce: the pool's members (leave checked on the shift's date), or for emergencies the alerted group and the
  // office, or the office.
  const alerts: Outgoing[] = [];
  const told = announcement(routing);
  if ('pool' in told) {
    for (const to of await poolRecipients(deps, sit, told.pool)) alerts.push(alertFor(opened, '新事项', to, community, now));
  } else {
    for (const p of await deps.people.staff()) alerts.push(alertFor(opened, told.office, p.id, community, now));
    if (told.alsoGroup) for (const m of await deps.people.ofGroup(told.alsoGroup)) alerts.push(alertFor(opened, '紧急', m.id, community, now));
  }
  // 受理: the reporter hears the case was received and where it went (held for review says so instead).
  if (routing.rule === 'held-for-review') alerts.push(progressFor(opened, 'held', RESIDENT_OFFICE_WORDS['held-for-review'], community, now));
  else alerts.push(progressFor(opened, 'received', receivedText(opened.code, routing, community), community, now));
  const effects: EffectBody[] = [notify(alerts)];
  if (accepted) effects.push({ kind: 'credit', personId: me.id, answers: accepted });
  // The reporter's own last place: not a place they filed for someone else (代办, 家人的地址).
  if (!filedFor) effects.push({ kind: 'place', personId: me.id, place: input.place });
  const c = withEffects(watched(opened, community), effects, now);
  if (!(await deps.cases.add(c))) {
    // A concurrent retry stored it first: finish and return that one.
    return finishEarlier(deps, sit, (await deps.cases.ofId(id))!);
  }
  await completeEffects(deps, c, community, now);
  return c;
}

/** 受理's words: the case's number, who will handle it, and what happens next. */
function receivedText(code: string, routing: Case['routing'], community: Situation['community']): string {
  const group = community.groups.find((g) => g.id === routing.groupId)?.name ?? '';
  const who = routing.target === 'office' ? OFFICE : `${group}值班成员`;
  return `已收到，事项编号${code}，由${who}处理。有人接手时会通知您`;
}

/** A retried submit: the case the first attempt stored, with anything it left undone completed now. */
async function finishEarlier(deps: Deps, sit: Situation, earlier: Case): Promise<Case> {
  await completeEffects(deps, earlier, sit.community, sit.now);
  return earlier;
}
