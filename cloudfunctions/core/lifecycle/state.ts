/** The case as a tagged union: its states, what every state shares, who holds it, its deadlines, a new case. */
import type { FollowUpAnswer, Place, Rating, RouteRule, RouteTarget, Satisfaction, TimelineKind, TransferBody, TransitionTrigger } from '../../../types/domain';
import type { Audience } from '../../../types/words';
import { STATUS_WORDS, statusKey } from '../../../types/words';
import type { Effect } from '../effects';
import type { Photo } from '../photo-checks';
import type { Voice } from '../voice-checks';

export interface Actor {
  id: string;
  name: string;
}

/** Where a case waits and why (the routing decision, or the escalation/return that replaced it). */
export interface RoutingDecision {
  target: RouteTarget;
  rule: RouteRule;
  /** Group whose pool holds the case (studio target). */
  groupId: string | null;
  /** Group alerted although the office holds the case (emergencies). */
  alertGroupId: string | null;
  /** Members preferred for this case (stewards of the compound first). */
  preferredMemberIds: string[];
  /** Plain Chinese reason, e.g. "由第二组值班成员处理：王思瑛等". */
  reason: string;
  /** When it should be claimed by (category SLA in duty time); null when no duty time lies ahead. */
  expectedBy: Date | null;
}

export interface TimelineEntry {
  at: Date;
  kind: TimelineKind;
  text: string;
  /** Who acted; null when the system did. */
  by: Actor | null;
  trigger?: TransitionTrigger;
  /** A 'routed' step: the rule that decided (the resident's words for it come from the glossary, types/words.ts). */
  rule?: RouteRule;
  /**
   * A person's own words in the step (an escalation's or release's reason, a resolution note, a refusal's reason),
   * kept apart from `text` so each audience's words can frame them. Absent in steps stored before it existed.
   */
  detail?: string;
  /** The file id of a voice note recorded with this step (写进展, 办结): one of the case's `voices`, while it is kept. */
  voice?: string;
}

/** Who a case is for when its reporter is not the person at the place (CaseBase.filedFor). */
export interface FiledFor {
  name: string;
  phone: string;
  /** 家人的地址's label (「我父母家」): set only on a resident's report for a saved place. */
  label?: string;
  /** A report for a saved place: the reporter's own phone, to call them too. */
  reporterPhone?: string;
}

export interface CaseBase {
  id: string;
  /** Short code residents can read out on the phone. */
  code: string;
  /** Bumped by every transition; the compare-and-set key. */
  version: number;
  reporter: Actor;
  categoryId: string;
  description: string;
  place: Place;
  contactPhone: string;
  routing: RoutingDecision;
  createdAt: Date;
  /** How many times the resident reopened it. */
  reopenCount: number;
  /** Emergency category, or the resident said it cannot wait. */
  urgent: boolean;
  /**
   * Who the case is for when the reporter is not the person at the place; the reporter stays the reporter (every
   * message goes to them). A member's 代办 for a resident without a smartphone: `{ name, phone }`. A resident's report
   * for one of their saved places (家人的地址, core/saved-places.ts): also the place's `label` (「我父母家」) and the
   * reporter's own phone (`reporterPhone`), since `contactPhone` is then the person at the place's.
   */
  filedFor: FiledFor | null;
  /** Private category (neighbour disputes, certificates): only the reporter, the holder and the office see details. */
  private: boolean;
  /**
   * The case's photos — the report's, then those taken at 办结 — each with its cloud storage file id, who uploaded it
   * and where WeChat's content check of it stands (photo-checks.ts).
   */
  photos: Photo[];
  /**
   * The case's voice notes — the report's, then those of 写进展 and 办结 — each with who recorded it and where WeChat's
   * content check of it stands (voice-checks.ts). Absent on cases stored before voices existed: none.
   */
  voices?: Voice[];
  /** When the reporter last urged it (催单). */
  urgedAt: Date | null;
  /** When the reporter confirmed it solved. */
  confirmedAt: Date | null;
  /** The reporter's rating of a resolved case (stored before 回访 replaced it; kept readable). */
  rating: Rating | null;
  /** The 回访 of the latest 办结 (null before any, and in cases resolved before 回访 existed). */
  followUp: FollowUp | null;
  /** 督办: a 回访 answered 不满意 puts the case in the office's 督办 queue with the resident's words. */
  supervision: Supervision | null;
  /** Append-only history of what happened. */
  timeline: TimelineEntry[];
  /** Effects recorded with a state change and not yet completed (see effects.ts). */
  effects: Effect[];
  /**
   * Residents who said 「是这件事，一起等结果」 (or whose case was merged into this one), by openid: they hear every step
   * the reporter hears of and see the case in 「我的事项」, but not the reporter's name or phone. Never the reporter.
   */
  followers: string[];
  /** Cases merged into this one (their ids): a second merge of the same case changes nothing. */
  mergedFrom: string[];
  /** 转办: the outside body it was handed to, while it is with them and after; absent on cases stored before it existed. */
  transfer?: Transfer | null;
  /** 督办 (core/watch.ts): the current deadline, where it turns yellow, and when its holder was reminded; absent on cases stored before it existed. */
  watch?: Watch | null;
  /**
   * The claim time first promised to the resident (「…前有人接手」) and the duty group whose pool it went to (null: the
   * office) — 响应率 counts against it (core/rates.ts). Kept as it was through shift changes, escalation and returns.
   * Absent on cases stored before it existed (read from their routing when nothing has moved it: case-doc.ts).
   */
  claimPromise?: { by: Date | null; groupId: string | null } | null;
}

/** 转办: the office handed the case to an outside body (物业, 12345, 街道, a utility, another named body). */
export interface Transfer {
  body: TransferBody;
  /** The body's name as shown (the glossary's, or the office's words for 'other'). */
  bodyName: string;
  /** The outside body's 工单号. */
  ticket: string;
  /** When they expect to be done, YYYY-MM-DD (the community's calendar). */
  expectedDate: string;
  by: Actor;
  at: Date;
}

/** A deadline's warnings: the deadline, its yellow point (75 % of its duty-time budget), and the one reminder. */
export interface Watch {
  due: Date;
  yellowAt: Date;
  /** When the holder was reminded of this deadline at yellow; null until then. */
  remindedAt: Date | null;
}

export type { Rating } from '../../../types/domain';

/**
 * 回访 after 办结 (12345's closing call): answerable at once; at `askAt` the timer asks the resident (stage asked); at
 * `callAt`, still unanswered, it becomes a call-back task for the group on duty (stage calling); answered → done.
 */
export interface FollowUp {
  stage: 'waiting' | 'asked' | 'calling' | 'done';
  /** When the timer asks (办结 + askAfterMinutes). */
  askAt: Date;
  /** When an unanswered 回访 becomes a call-back task (askAt + callAfterDays). */
  callAt: Date;
  /** The member (or office worker) who took the call-back task: they see the phone, and record the answer. */
  caller: Actor | null;
  answer: (FollowUpAnswer & { at: Date; by: Actor; via: 'resident' | 'call' }) | null;
}

/** 督办: what the resident said when not satisfied, and when. */
export interface Supervision {
  comment: string;
  satisfaction: Satisfaction;
  at: Date;
}

export interface PendingCase extends CaseBase {
  status: 'pending';
}
/**
 * Held by one person: a studio member who claimed it (routing.target studio) or an office worker it was assigned
 * to (routing.target office).
 */
export interface ClaimedCase extends CaseBase {
  status: 'claimed';
  holder: Actor;
  claimedAt: Date;
  /** When it should be resolved by (category SLA in duty time from the claim); null if no duty time ahead. */
  resolveDueAt: Date | null;
}
export interface ResolvedCase extends CaseBase {
  status: 'resolved';
  holder: Actor;
  claimedAt: Date;
  resolution: { note: string; by: Actor; at: Date };
}
/** Refused by the office (spam, abuse), with a reason the resident is told. Terminal. */
export interface RejectedCase extends CaseBase {
  status: 'rejected';
  rejection: { reason: string; by: Actor; at: Date };
}
/** Withdrawn by the reporter before anyone claimed it. Terminal. */
export interface CancelledCase extends CaseBase {
  status: 'cancelled';
  cancellation: { reason: string; at: Date };
}
/**
 * Merged into another case by a member or the office (the same matter reported twice). Terminal; its reporter and
 * followers follow the kept case. NOTE: a merged case counts nowhere as a case of its own (lists, queues, dashboard).
 */
export interface MergedCase extends CaseBase {
  status: 'merged';
  merge: { into: { id: string; code: string }; by: Actor; at: Date };
}
export type Case = PendingCase | ClaimedCase | ResolvedCase | RejectedCase | CancelledCase | MergedCase;

/** True while the case still needs someone (not resolved, not rejected). */
export function isOpen(c: Case): c is PendingCase | ClaimedCase {
  return c.status === 'pending' || c.status === 'claimed';
}

/** Who is responsible for an open case right now. */
export type Party = { kind: 'pool'; groupId: string } | { kind: 'office' } | { kind: 'person'; id: string };

/** The single party holding an open case; null once resolved. */
export function responsibleParty(c: Case): Party | null {
  switch (c.status) {
    case 'resolved':
    case 'rejected':
    case 'cancelled':
    case 'merged':
      return null;
    case 'claimed':
      return { kind: 'person', id: c.holder.id };
    case 'pending':
      return c.routing.target === 'studio' && c.routing.groupId ? { kind: 'pool', groupId: c.routing.groupId } : { kind: 'office' };
  }
}

/** The claim deadline the SLA clock watches: studio pool cases only. */
export function claimDueAt(c: Case): Date | null {
  return c.status === 'pending' && c.routing.target === 'studio' ? c.routing.expectedBy : null;
}

/** The resolve deadline the SLA clock watches: cases claimed by a studio member only (the office is the top). */
export function resolveDueAt(c: Case): Date | null {
  return c.status === 'claimed' && c.routing.target === 'studio' ? c.resolveDueAt : null;
}

/** The deadline of the next step, whoever holds it (for "overdue" lists): claim, resolve, or the office's. */
export function dueAt(c: Case): Date | null {
  if (c.status === 'claimed') return c.resolveDueAt;
  if (c.status === 'pending') return c.routing.expectedBy;
  return null;
}

/** What a new case is made from: the report, its routing decision, and when. */
export type NewCase = Pick<CaseBase, 'id' | 'code' | 'reporter' | 'categoryId' | 'description' | 'place' | 'contactPhone' | 'routing' | 'urgent' | 'filedFor'> &
  Partial<Pick<CaseBase, 'private' | 'photos' | 'voices'>> & { now: Date };

/** The first step's words: a resident's own report, a member's 代办, or a report for a saved place (家人的地址). */
function submittedText(n: NewCase): string {
  const f = n.filedFor;
  if (!f) return '居民反映了问题';
  if (f.label !== undefined) return `${n.reporter.name}帮${f.name}反映（${f.label}）`;
  return `${n.reporter.name}为${f.name}代办登记`;
}

/** A freshly reported case, already routed. */
export function openCase(n: NewCase): PendingCase {
  return {
    id: n.id,
    code: n.code,
    version: 0,
    status: 'pending',
    reporter: n.reporter,
    categoryId: n.categoryId,
    description: n.description,
    place: n.place,
    contactPhone: n.contactPhone,
    routing: n.routing,
    claimPromise: { by: n.routing.expectedBy, groupId: n.routing.target === 'studio' ? n.routing.groupId : null },
    createdAt: n.now,
    reopenCount: 0,
    urgent: n.urgent,
    filedFor: n.filedFor,
    private: n.private ?? false,
    photos: n.photos ?? [],
    ...(n.voices && n.voices.length > 0 ? { voices: n.voices } : {}),
    urgedAt: null,
    confirmedAt: null,
    rating: null,
    followers: [],
    mergedFrom: [],
    watch: null,
    transfer: null,
    followUp: null,
    supervision: null,
    timeline: [
      { at: n.now, kind: 'submitted', text: submittedText(n), by: n.reporter },
      { at: n.now, kind: 'routed', text: n.routing.reason, by: null, rule: n.routing.rule },
    ],
    effects: [],
  };
}

/** The status in `audience`'s words (types/words.ts): residents read plain words, staff their working words. */
export function statusText(c: Case, audience: Audience): string {
  return STATUS_WORDS[audience][statusKey(c.status, c.routing.target)];
}
