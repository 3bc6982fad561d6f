/** What duty members do: the duty board, claim (under the cap), note, resolve, release, hand over, escalate, file for a resident. */
import type { SubmitOnBehalfRequest } from '../../../types/api';
import type { CaseSummary, CaseView, DutyView, HandledCase } from '../../../types/domain';
import { RESIDENT_STEPS, residentEscalation } from '../../../types/words';
import { addNote, claim, escalate, handOver, openFollowUp, release, resolve, resolveAtOffice, takeCallBack } from '../Case';
import type { Case } from '../Case';
import type { Person } from '../community';
import { followUpSettings, onLeave } from '../community';
import { CaseAlreadyClaimedError, CaseNotClaimableError, CaseNotFoundError, InvalidInputError, NothingSaidError, NotSignedInError } from '../errors';
import { progressFor, resolvedFor } from '../notify';
import { authorize, claimRefusal, permitted, subjectOf } from '../permissions';
import type { Deps } from '../ports';
import { addDutyTime, hoursText, localDate, onDuty } from '../rota';
import { subscribeTemplates, toHandled, toSummary } from '../views';
import type { Photo } from '../photo-checks';
import { fileCase } from './filing';
import { type FollowUpInput, recordFollowUp } from './resident';
import { askPhotoChecks, checkedPhotoIds } from './photos';
import { askVoiceCheck, checkedVoice } from './voices';
import type { Voice } from '../voice-checks';
import { checkingVoice, voiceWords } from '../voice-checks';
import type { Change } from './shared';
import { actorOf, alertEffect, categoryOf, checkedText, commit, LIST_LIMIT, notify, reserveSlot, shiftDate, situation, step, viewAfter } from './shared';
import type { Situation } from '../permissions';

/** A member records a case for a resident without a smartphone (代办); the member is the reporter and gets updates. */
export async function submitOnBehalf(deps: Deps, person: Person | null, input: SubmitOnBehalfRequest): Promise<CaseView> {
  const sit = await situation(deps);
  authorize(person, 'submitOnBehalf', sit);
  const c = await fileCase(deps, sit, person, input, { name: input.residentName.trim(), phone: input.residentPhone.trim() });
  return viewAfter(deps, sit, person, c);
}

/** A duty member's board: who is on duty, my situation, the studio's pool (urgent, my compounds, oldest first), my cases. */
export async function dutyBoard(
  deps: Deps,
  person: Person | null,
): Promise<{ duty: DutyView; pool: CaseSummary[]; mine: CaseSummary[]; callBacks: CaseSummary[] }> {
  const sit = await situation(deps);
  authorize(person, 'dutyBoard', sit);
  const me = person;
  const { community, now } = sit;
  const shift = onDuty(community.rota, now);
  const today = localDate(community.rota, now);
  const [onDutyMembers, pool, mine, callBacks] = await Promise.all([
    shift ? deps.people.ofGroup(shift.groupId) : Promise.resolve([]),
    // 交接班: the studio's pool is one — the group on duty (or next on duty) takes everything waiting; others may look.
    deps.cases.waiting(LIST_LIMIT),
    deps.cases.ofHolder(me.id, LIST_LIMIT),
    // 回访 nobody answered: call-back tasks for the group on duty (any member may look; one takes each).
    deps.cases.callBacks(LIST_LIMIT),
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
        alertTemplates: subscribeTemplates(community.templates).memberAlerts,
      },
    },
    pool: poolRows,
    mine: mine.map((c) => toSummary(c, community, now, me)),
    callBacks: callBacks.map((c) => toSummary(c, community, now, me)),
  };
}

/** 「我经手的」: the cases `person` handed over or escalated, newest step first, each with where it is now. */
export async function handledCases(deps: Deps, person: Person | null): Promise<{ cases: HandledCase[] }> {
  const sit = await situation(deps);
  authorize(person, 'handled', sit);
  const rows = (await deps.cases.handledBy(person.id, LIST_LIMIT)).flatMap((c) => toHandled(c, sit.community, sit.now, person) ?? []);
  return { cases: rows.sort((a, b) => b.myStep.at.localeCompare(a.myStep.at)) };
}

/** A duty member claims a case from the pool. Exactly one of several simultaneous claims succeeds. */
export async function claimCase(deps: Deps, person: Person | null, caseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  if (!person) throw new NotSignedInError();
  const current = await deps.cases.ofId(caseId);
  // Permission before state: a case the person may not see is not found, whatever its state — except a case their
  // own group's pool held until it went up to the office (the sweep a moment before their tap): they saw it there, so
  // they are told where it went, and nothing more.
  if (
    current &&
    current.status === 'pending' &&
    current.routing.target === 'office' &&
    person.role === 'member' &&
    person.groupId &&
    current.claimPromise?.groupId === person.groupId
  )
    throw new CaseNotClaimableError('这件事已上报社区，由社区办公室处理');
  if (!current || !(permitted(person, 'view', sit, current) || permitted(person, 'claim', sit, current))) throw new CaseNotFoundError();
  const due = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, current.categoryId).sla.resolveMinutes);
  const next = claim(current, actorOf(person), sit.now, due); // state next: "already claimed by 王思瑛" beats "not your pool"
  authorize(person, 'claim', sit, current);
  await reserveSlot(deps, sit, person, caseId, false);
  const progress = notify([progressFor(next, 'claimed', `${RESIDENT_STEPS.claimed(person.name)}，会尽快办`, sit.community, sit.now)]);
  const stored = await commit(deps, sit, current, next, [progress], {
    reserved: person.id,
    explain: (fresh) => {
      claim(fresh, actorOf(person), sit.now, due);
      throw new CaseAlreadyClaimedError('其他成员');
    },
  });
  return viewAfter(deps, sit, person, stored);
}

/**
 * The holder resolves a case (or an office worker one waiting in the office's queue, becoming its holder), with up to
 * PHOTO_LIMIT photos of the result; the resident (or the member who filed it) is notified afterwards.
 * NOTE: the photos are checked (the caller's own uploads) before anything else, the case's state and the note before
 * WeChat is asked about any photo, and the photos are stored — `checking`, as the caller's — by the same conditional
 * write that resolves the case. Until WeChat passes one, only its uploader sees it (core/photo-checks.ts).
 */
export const resolveCase = (deps: Deps, person: Person | null, caseId: string, note: string, photos?: unknown, voice?: unknown): Promise<CaseView> =>
  step(deps, person, caseId, 'resolve', async (c, me, sit) => {
    const fileIDs = checkedPhotoIds(me, photos);
    const spoken = checkedVoice(me, voice);
    await checkedText(deps, me, note, '办理结果');
    settlement(c, me, note, sit); // a case that cannot be resolved (or an empty note) is refused before any photo is sent to WeChat
    const taken = await askPhotoChecks(deps, me, fileIDs, sit.now, 'resolve');
    const said = await askVoiceCheck(deps, me, spoken, sit.now, 'resolve');
    return settlement(c, me, note, sit, taken, said);
  });

/**
 * 办结 itself, shared by every way a case is resolved (the holder's or the office's 办结, the outcome of a 转办): the
 * transition — the holder's resolve, or for a case waiting in the office's queue resolveAtOffice — and its effects
 * (the reporter is told). Anything that must follow every 办结 belongs here.
 */
export function settlement(c: Case, me: Person, note: string, sit: Situation, taken: Photo[] = [], said: Voice | null = null): Change {
  const settle = (from: Case) => (from.status === 'pending' ? resolveAtOffice : resolve)(from, actorOf(me), note, sit.now, taken, said);
  // 回访: answerable from 办结 on; the timer asks later, then makes it a call-back task (lifecycle/followup.ts).
  const next = openFollowUp(settle(c), sit.now, followUpSettings(sit.community));
  return { next, effects: [notify([resolvedFor(next, sit.community)])], explain: settle };
}

/**
 * The holder writes a progress note: words, a voice note (≤ 60 s, their own upload, checked like the report's), or both;
 * neither is NOTHING_SAID. The reporter hears the voice on the case page once WeChat's check passes it.
 */
export const noteCase = (deps: Deps, person: Person | null, caseId: string, text: string, voice?: unknown): Promise<CaseView> =>
  step(deps, person, caseId, 'note', async (c, me, sit) => {
    const spoken = checkedVoice(me, voice);
    if (!text.trim() && !spoken) throw new NothingSaidError();
    await checkedText(deps, me, text, '进展');
    // Not the holder: refused before WeChat is asked about the voice (checked with the voice as it will be stored).
    addNote(c, actorOf(me), text, sit.now, spoken ? checkingVoice(spoken.fileID, spoken.seconds, '', sit.now, { by: me.id, stage: 'note' }) : null);
    const said = await askVoiceCheck(deps, me, spoken, sit.now, 'note');
    const next = addNote(c, actorOf(me), text, sit.now, said);
    const words = [text.trim(), said ? `${voiceWords(said.seconds)}请在事项里听` : ''].filter(Boolean).join('');
    // 进展: the reporter reads the note in the message centre (no WeChat credit spent: core/notify.ts).
    return { next, effects: [notify([progressFor(next, 'noted', `${me.name}：${words}`, sit.community, sit.now)])] };
  });

/** The holder puts the case back in its pool; the claim clock starts again. */
export const releaseCase = (deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> =>
  step(deps, person, caseId, 'release', (c, me, sit) => {
    const expectedBy = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.claimMinutes);
    const put = (from: Case) => release(from, actorOf(me), reason, sit.now, expectedBy);
    return { next: put(c), explain: put };
  });

/** The holder hands the case to a named colleague (a member not on leave, under the cap). */
export const handOverCase = (deps: Deps, person: Person | null, caseId: string, toMemberId: string, note: string): Promise<CaseView> =>
  step(deps, person, caseId, 'handOver', async (c, me, sit) => {
    const to = await deps.people.ofId(toMemberId);
    if (!to || to.role !== 'member') throw new InvalidInputError('请选择一位工作室成员');
    if (onLeave(to, shiftDate(sit))) throw new InvalidInputError(`${to.name}请假了，请选其他成员`);
    const pass = (from: Case) => handOver(from, actorOf(me), actorOf(to), note, sit.now);
    const next = pass(c);
    const told = await alertEffect(deps, sit, next, '转交给您', [to.id]);
    // 转交: the reporter hears who handles it now (message centre only; the colleague's note is not for them).
    const progress = notify([progressFor(next, 'handed-over', `${me.name}转交给${to.name}继续处理`, sit.community, sit.now)]);
    await reserveSlot(deps, sit, to, caseId, true);
    return { next, effects: [told, progress], reserved: to.id, explain: pass };
  });

/** A member hands a case up to the community office, with a reason. */
export const escalateCase = (deps: Deps, person: Person | null, caseId: string, reason: string): Promise<CaseView> =>
  step(deps, person, caseId, 'escalate', async (c, me, sit) => {
    const officeBy = addDutyTime(sit.community.rota, sit.now, categoryOf(sit.community, c.categoryId).sla.claimMinutes);
    await checkedText(deps, me, reason, '上报原因');
    const next = escalate(c, { trigger: 'manual', by: actorOf(me), reason }, sit.now, officeBy);
    const progress = notify([progressFor(next, 'escalated', residentEscalation('manual', me.name, reason.trim()), sit.community, sit.now)]);
    return { next, effects: [progress, await alertEffect(deps, sit, next, '新事项')] };
  });

/**
 * A duty member on duty (or an office worker) takes a 回访 call-back task: exactly one of several takes it, and only
 * they see the resident's phone (and, for a private case, its details) — like a claim.
 */
export const takeCallBackCase = (deps: Deps, person: Person | null, caseId: string): Promise<CaseView> =>
  step(deps, person, caseId, 'takeCallBack', (c, me, sit) => {
    const take = (from: Case) => takeCallBack(from, actorOf(me), sit.now);
    return { next: take(c), explain: take };
  });

/** The member who took the call-back task records what the resident said on the phone (who called is recorded). */
export const recordCallBackCase = (deps: Deps, person: Person | null, caseId: string, input: FollowUpInput): Promise<CaseView> =>
  recordFollowUp(deps, person, caseId, input, { action: 'recordCallBack', how: 'call', commentName: '回访的记录' });
