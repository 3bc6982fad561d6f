/** A case's stored form and back: the record, its flat query fields, and its pending effects. */
import type { Place } from '../../../../types/domain';
import type { Case, TimelineEntry, Transfer } from '../../../core/Case';
import { callBackOpen, claimDueAt, dueAt, followUpDueAt, isOpen, resolveDueAt } from '../../../core/Case';
import type { Effect } from '../../../core/effects';
import type { Photo } from '../../../core/photo-checks';
import { awaitedTraceIds } from '../../../core/photo-checks';
import type { Voice } from '../../../core/voice-checks';
import { effectsOf } from '../../../core/effects';
import { remindAt } from '../../../core/watch';
import { answerOf, OFFICE_KEY, responseOf } from '../../../core/rates';
import type { Database, Doc } from '../db-types';
import type { Actor } from './shared';

const MINUTE = 60_000;

/**
 * The version of the derived query fields below. Raise it when a field is added or its meaning changes: the timer
 * rewrites older records (Cases.refreshStale), so counts never miss cases stored before. 2: 三率 and 志愿服务记录.
 */
export const DERIVED_VERSION = 2;

/**
 * The stored form of a case. Beside the case itself, flat fields exist for indexed queries and aggregation:
 * reporterId, poolGroupId, holderId, open, atOffice, rule, compoundId, the SLA deadlines claimDueAt / resolveDueAt
 * (null when the SLA clock has nothing to watch), dueAt (any open case's next deadline), and for the dashboard
 * claimMinutes / resolveMinutes (wall-clock minutes from report to first claim / to resolution) and solvedByStudio;
 * passedOnBy lists who handed the case over or escalated it, or filed it for a resident (代办) (「我经手的」); photoTraceIds the trace ids of photos
 * (and voice notes) whose content check still waits for WeChat's verdict (how a pushed verdict finds its case); building the place's
 * building trimmed (「是不是这件事？」 finds open cases by category, compound and building); followers the residents who
 * joined it (「我的事项」). A merged case (status merged) has no claimMinutes: it counts nowhere as a case of its own.
 * remindAt the yellow point of a deadline whose holder has not been reminded yet (督办, core/watch.ts; null otherwise);
 * transferBody the outside body of a 转办 (the dashboard counts them).
 * followUpDueAt when the timer must next act on the 回访 (ask, or make it a call-back task), callBackOpen / callBackAt
 * for the duty board's call-back tasks, and supervised / supervisedAt for the office's 督办 queue.
 * 三率 (core/rates.ts): respondBy the first claim time when the case counts in 响应率 (null otherwise), respondedInTime,
 * respondGroupId the pool's group it first went to ('office' for the office); answeredAt / answerSolved /
 * answerSatisfied its latest 回访 answer, answerCallerId who recorded it on the phone (null: the resident answered).
 * actorIds: everyone whose id is a timeline step's `by` (志愿服务记录 finds a member's acts from it).
 */
export function caseToDoc(c: Case): Record<string, unknown> {
  const holder = c.status === 'claimed' || c.status === 'resolved' ? c.holder : null;
  const firstClaim = c.status === 'merged' ? undefined : c.timeline.find((t) => t.kind === 'claimed' || t.kind === 'assigned');
  const everEscalated = c.timeline.some((t) => t.kind === 'escalated');
  const open = isOpen(c);
  const response = responseOf(c);
  const answer = answerOf(c);
  return {
    derived: DERIVED_VERSION,
    code: c.code,
    version: c.version,
    status: c.status,
    reporter: c.reporter,
    reporterId: c.reporter.id,
    categoryId: c.categoryId,
    description: c.description,
    place: c.place,
    compoundId: c.place.compoundId,
    building: c.place.building.trim(),
    contactPhone: c.contactPhone,
    routing: c.routing,
    rule: c.routing.rule,
    poolGroupId: c.status === 'pending' && c.routing.target === 'studio' ? c.routing.groupId : null,
    open,
    atOffice: open && c.routing.target === 'office',
    urgent: c.urgent,
    filedFor: c.filedFor,
    private: c.private,
    photos: c.photos,
    ...(c.voices !== undefined ? { voices: c.voices } : {}),
    photoTraceIds: awaitedTraceIds(c),
    urgedAt: c.urgedAt,
    confirmedAt: c.confirmedAt,
    rating: c.rating,
    followUp: c.followUp,
    followUpDueAt: followUpDueAt(c),
    callBackOpen: callBackOpen(c),
    callBackAt: callBackOpen(c) ? c.followUp!.callAt : null,
    supervision: c.supervision,
    supervised: c.supervision !== null,
    supervisedAt: c.supervision?.at ?? null,
    cancellation: c.status === 'cancelled' ? c.cancellation : null,
    createdAt: c.createdAt,
    reopenCount: c.reopenCount,
    timeline: c.timeline,
    passedOnBy: [
      ...new Set([
        ...(c.filedFor && c.filedFor.label === undefined ? [c.reporter.id] : []), // a member's 代办, not a resident's 家人的地址
        ...c.timeline.flatMap((t) => ((t.kind === 'handed-over' || t.kind === 'escalated') && t.by ? [t.by.id] : [])),
      ]),
    ],
    claimDueAt: claimDueAt(c),
    resolveDueAt: resolveDueAt(c),
    heldDueAt: c.status === 'claimed' ? c.resolveDueAt : null,
    dueAt: open ? dueAt(c) : null,
    watch: c.watch ?? null,
    transfer: c.transfer ?? null,
    transferBody: c.transfer?.body ?? null,
    remindAt: remindAt(c),
    holder,
    holderId: holder?.id ?? null,
    claimedAt: c.status === 'claimed' || c.status === 'resolved' ? c.claimedAt : null,
    claimMinutes: firstClaim ? Math.round((firstClaim.at.getTime() - c.createdAt.getTime()) / MINUTE) : null,
    resolution: c.status === 'resolved' ? c.resolution : null,
    resolvedAt: c.status === 'resolved' ? c.resolution.at : null,
    resolveMinutes: c.status === 'resolved' ? Math.round((c.resolution.at.getTime() - c.createdAt.getTime()) / MINUTE) : null,
    solvedByStudio: c.status === 'resolved' && c.routing.target === 'studio' && !everEscalated,
    rejection: c.status === 'rejected' ? c.rejection : null,
    merge: c.status === 'merged' ? c.merge : null,
    followers: c.followers,
    mergedFrom: c.mergedFrom,
    claimPromise: c.claimPromise ?? null,
    respondBy: response?.due ?? null,
    respondedInTime: response?.inTime ?? false,
    respondGroupId: response ? (response.groupId ?? OFFICE_KEY) : null,
    answeredAt: answer?.at ?? null,
    answerSolved: answer?.solved ?? false,
    answerSatisfied: answer?.satisfied ?? false,
    answerCallerId: answer?.callerId ?? null,
    // 志愿服务记录: everyone who acted on the case (a step's `by`), so a member's acts are found by one indexed match.
    actorIds: [...new Set(c.timeline.flatMap((t) => (t.by ? [t.by.id] : [])))],
  };
}

/**
 * The claim time a stored case was first promised. Cases stored before it was kept: their routing's, when nothing
 * has moved the case since it came (no escalation, return, recategorising or shift change); otherwise unknown.
 */
function storedPromise(d: Doc, routing: Case['routing']): Case['claimPromise'] {
  const p = d.claimPromise as { by: Date | string | null; groupId: string | null } | null | undefined;
  if (p) return { by: p.by ? new Date(p.by) : null, groupId: p.groupId ?? null };
  const moved = (d.timeline as TimelineEntry[]).some((t) => ['escalated', 'returned', 'recategorised', 'shift-handover'].includes(t.kind));
  return moved ? null : { by: routing.expectedBy, groupId: routing.target === 'studio' ? routing.groupId : null };
}

/** Stored dates may come back as Date or ISO string depending on the path; make the field a Date (or null). */
function dateField<T extends object>(o: T, key: keyof T & string): T {
  const v = (o as Record<string, unknown>)[key];
  return { ...o, [key]: v ? new Date(v as Date) : null };
}

/** A stored case record as the core's Case. */
export function docToCase(d: Doc): Case {
  const base = {
    id: d._id,
    code: d.code as string,
    version: d.version as number,
    reporter: d.reporter as Actor,
    categoryId: d.categoryId as string,
    description: d.description as string,
    place: d.place as Place,
    contactPhone: d.contactPhone as string,
    routing: dateField(d.routing as Case['routing'], 'expectedBy'),
    claimPromise: storedPromise(d, dateField(d.routing as Case['routing'], 'expectedBy')),
    createdAt: new Date(d.createdAt as Date),
    reopenCount: (d.reopenCount as number | undefined) ?? 0,
    urgent: Boolean(d.urgent),
    filedFor: (d.filedFor as Case['filedFor']) ?? null,
    private: Boolean(d.private),
    photos: storedPhotos(d.photos, new Date(d.createdAt as Date)),
    ...(Array.isArray(d.voices) ? { voices: (d.voices as Voice[]).map((v) => ({ ...v, askedAt: new Date(v.askedAt) })) } : {}),
    urgedAt: d.urgedAt ? new Date(d.urgedAt as Date) : null,
    confirmedAt: d.confirmedAt ? new Date(d.confirmedAt as Date) : null,
    rating: (d.rating as Case['rating']) ?? null,
    followUp: storedFollowUp(d.followUp),
    supervision: d.supervision ? (dateField(d.supervision as NonNullable<Case['supervision']>, 'at') as NonNullable<Case['supervision']>) : null,
    timeline: (d.timeline as TimelineEntry[]).map((t) => ({ ...t, at: new Date(t.at) })),
    effects: storedEffects(d.effects),
    // Cases stored before duplicates existed have neither.
    followers: Array.isArray(d.followers) ? (d.followers as string[]) : [],
    mergedFrom: Array.isArray(d.mergedFrom) ? (d.mergedFrom as string[]) : [],
    watch: storedWatch(d.watch),
    transfer: d.transfer ? { ...(d.transfer as Transfer), at: new Date((d.transfer as Transfer).at) } : null,
  };
  switch (d.status) {
    case 'pending':
      return { ...base, status: 'pending' };
    case 'claimed':
      return {
        ...base,
        status: 'claimed',
        holder: d.holder as Actor,
        claimedAt: new Date(d.claimedAt as Date),
        resolveDueAt: d.heldDueAt ? new Date(d.heldDueAt as Date) : d.resolveDueAt ? new Date(d.resolveDueAt as Date) : null,
      };
    case 'resolved': {
      const r = d.resolution as { note: string; by: Actor; at: Date };
      return { ...base, status: 'resolved', holder: d.holder as Actor, claimedAt: new Date(d.claimedAt as Date), resolution: { ...r, at: new Date(r.at) } };
    }
    case 'rejected': {
      const r = d.rejection as { reason: string; by: Actor; at: Date };
      return { ...base, status: 'rejected', rejection: { ...r, at: new Date(r.at) } };
    }
    case 'cancelled': {
      const r = d.cancellation as { reason: string; at: Date };
      return { ...base, status: 'cancelled', cancellation: { ...r, at: new Date(r.at) } };
    }
    case 'merged': {
      const m = d.merge as { into: { id: string; code: string }; by: Actor; at: Date };
      return { ...base, status: 'merged', merge: { ...m, at: new Date(m.at) } };
    }
    default:
      throw new Error(`stored case ${d._id} has unknown status ${String(d.status)}`);
  }
}

/** A 回访 as stored (cases resolved before it existed have none). */
function storedFollowUp(f: unknown): Case['followUp'] {
  if (!f || typeof f !== 'object') return null;
  const x = f as NonNullable<Case['followUp']>;
  return {
    ...x,
    askAt: new Date(x.askAt),
    callAt: new Date(x.callAt),
    caller: x.caller ?? null,
    answer: x.answer ? { ...x.answer, at: new Date(x.answer.at) } : null,
  };
}

/**
 * Photos as stored. Cases filed before the asynchronous check stored bare fileIDs, each checked at submit by
 * imgSecCheck v1 (a risky one was refused): they read as passed.
 */
function storedPhotos(list: unknown, createdAt: Date): Photo[] {
  if (!Array.isArray(list)) return [];
  return list.map((p: unknown) =>
    typeof p === 'string'
      ? { fileID: p, check: 'passed' as const, traceId: null, askedAt: createdAt }
      : { ...(p as Photo), askedAt: new Date((p as Photo).askedAt) },
  );
}

/** The 督办 watch as stored (cases stored before it existed have none). */
function storedWatch(w: unknown): Case['watch'] {
  if (!w || typeof w !== 'object') return null;
  const o = w as Record<string, Date | string | null>;
  return { due: new Date(o.due as Date), yellowAt: new Date(o.yellowAt as Date), remindedAt: o.remindedAt ? new Date(o.remindedAt) : null };
}

/** Pending effects as stored (a map by effect id, so each is added and cleared on its own), in recording order. */
function storedEffects(map: unknown): Effect[] {
  if (!map || typeof map !== 'object') return [];
  const order = (e: Effect) => [e.v, Number(e.id.split('_')[1] ?? 0)];
  return Object.values(map as Record<string, Effect>)
    .map((e) => ({ ...e, due: new Date(e.due) }))
    .sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
}

/** The fields that record `c`'s new effects in its write: each by id, and when the timer may complete them. */
export function effectFields(db: Database, c: Case): Record<string, unknown> {
  const fresh = effectsOf(c);
  if (fresh.length === 0) return {};
  const due = new Date(Math.min(...fresh.map((e) => e.due.getTime())));
  return { effects: Object.fromEntries(fresh.map((e) => [e.id, db.command.set(e)])), effectsDueAt: due };
}

/** Wrap object values in command.set so an update replaces them instead of merging field by field. */
export function replacing(db: Database, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? db.command.set(v) : v;
  }
  return out;
}
