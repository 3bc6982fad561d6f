/**
 * The case lifecycle as a tagged union with pure transitions. Persistence makes each transition a compare-and-set
 * on `version`, so of two people acting on one case at once exactly one succeeds.
 * NOTE: an open case is held by exactly one party: a duty group's pool or the office (pending), or one member
 * (claimed). `responsibleParty` states it; the property tests check no transition sequence breaks it.
 * NOTE: the timeline is append-only: every transition returns the old timeline plus new entries.
 */
import type { Place, Rating, RouteRule, RouteTarget, TimelineKind, TransitionTrigger } from '../../types/domain';
import {
  CaseAlreadyClaimedError,
  CaseAlreadyResolvedError,
  CaseNotAtOfficeError,
  CaseNotClaimableError,
  CaseNotEscalatableError,
  CaseNotReopenableError,
  CaseClosedError,
  CaseNotOpenError,
  ForbiddenTransitionError,
  InvalidInputError,
  UrgeTooSoonError,
  NotCaseHolderError,
} from './errors';
import type { Effect } from './effects';

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
}

interface CaseBase {
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
  /** Filed by a member for a resident without a smartphone (代办): who it is for. The member is the reporter. */
  filedFor: { name: string; phone: string } | null;
  /** Private category (neighbour disputes, certificates): only the reporter, the holder and the office see details. */
  private: boolean;
  /** Cloud storage file ids of the resident's photos. */
  photos: string[];
  /** When the reporter last urged it (催单). */
  urgedAt: Date | null;
  /** When the reporter confirmed it solved. */
  confirmedAt: Date | null;
  /** The reporter's rating of a resolved case. */
  rating: Rating | null;
  /** Append-only history of what happened. */
  timeline: TimelineEntry[];
  /** Effects recorded with a state change and not yet completed (see effects.ts). */
  effects: Effect[];
}

export type { Rating } from '../../types/domain';

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
export type Case = PendingCase | ClaimedCase | ResolvedCase | RejectedCase | CancelledCase;

/** The fields every state shares (what is left when a case goes back to waiting). */
function baseOf(c: Case): CaseBase {
  const { id, code, version, reporter, categoryId, description, place, contactPhone, routing, createdAt, reopenCount, urgent, filedFor, timeline } = c;
  const { private: isPrivate, photos, urgedAt, confirmedAt, rating, effects } = c;
  return {
    id,
    code,
    version,
    reporter,
    categoryId,
    description,
    place,
    contactPhone,
    routing,
    createdAt,
    reopenCount,
    urgent,
    filedFor,
    private: isPrivate,
    photos,
    urgedAt,
    confirmedAt,
    rating,
    timeline,
    effects,
  };
}

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

export interface NewCase {
  id: string;
  code: string;
  reporter: Actor;
  categoryId: string;
  description: string;
  place: Place;
  contactPhone: string;
  routing: RoutingDecision;
  urgent: boolean;
  filedFor: { name: string; phone: string } | null;
  private?: boolean;
  photos?: string[];
  now: Date;
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
    createdAt: n.now,
    reopenCount: 0,
    urgent: n.urgent,
    filedFor: n.filedFor,
    private: n.private ?? false,
    photos: n.photos ?? [],
    urgedAt: null,
    confirmedAt: null,
    rating: null,
    timeline: [
      { at: n.now, kind: 'submitted', text: n.filedFor ? `${n.reporter.name}为${n.filedFor.name}代办登记` : '居民反映了问题', by: n.reporter },
      { at: n.now, kind: 'routed', text: n.routing.reason, by: null },
    ],
    effects: [],
  };
}

function required(text: string, what: string): string {
  const t = text.trim();
  if (t.length === 0) throw new InvalidInputError(`请写一句${what}`);
  return t;
}

/** `member` takes the case from the pool. Throws when someone holds it already or it is not in a pool. */
export function claim(c: Case, member: Actor, now: Date, resolveDueAt: Date | null): ClaimedCase {
  if (c.status === 'claimed') throw new CaseAlreadyClaimedError(c.holder.id === member.id ? '您' : c.holder.name);
  if (c.status === 'resolved') throw new CaseAlreadyResolvedError();
  if (c.status === 'rejected' || c.status === 'cancelled') throw new CaseClosedError();
  if (c.routing.target !== 'studio') throw new CaseNotClaimableError('这件事已上报社区，由社区办公室处理');
  return {
    ...c,
    status: 'claimed',
    version: c.version + 1,
    holder: member,
    claimedAt: now,
    resolveDueAt,
    timeline: [...c.timeline, { at: now, kind: 'claimed', text: `${member.name}认领了这件事`, by: member }],
  };
}

/** The holder resolves the case with a note saying what was done. */
export function resolve(c: Case, by: Actor, note: string, now: Date): ResolvedCase {
  if (c.status === 'resolved') throw new CaseAlreadyResolvedError();
  if (c.status === 'rejected' || c.status === 'cancelled') throw new CaseClosedError();
  if (c.status !== 'claimed' || c.holder.id !== by.id) throw new NotCaseHolderError();
  const text = required(note, '办理结果');
  return {
    ...c,
    status: 'resolved',
    version: c.version + 1,
    resolution: { note: text, by, at: now },
    timeline: [...c.timeline, { at: now, kind: 'resolved', text: `${by.name}办结：${text}`, by }],
  };
}

/** Why a case went up to the office, and who or what sent it. */
export interface Escalation {
  trigger: TransitionTrigger;
  /** The person who escalated; null when the SLA clock did. */
  by: Actor | null;
  reason: string;
}

const TRIGGER_WORDS: Record<TransitionTrigger, string> = {
  manual: '上报社区',
  'claim-sla': '超时无人认领，自动上报社区',
  'resolve-sla': '超时未办结，自动上报社区',
  reopen: '居民再次反映，上报社区',
  'no-duty': '交接班时当班组成员都不在岗，上报社区',
};

/**
 * Move an open studio case (in a pool, or claimed by a member) up to the office queue. The SLA triggers only apply
 * to the state they watch: claim-sla to a pool case, resolve-sla to a claimed one.
 */
export function escalate(c: Case, e: Escalation, now: Date, officeExpectedBy: Date | null): PendingCase {
  if (c.status === 'rejected' || c.status === 'cancelled') throw new CaseClosedError();
  if (c.status === 'resolved' && e.trigger !== 'reopen') throw new CaseAlreadyResolvedError();
  if (c.status !== 'resolved' && c.routing.target === 'office') throw new CaseNotEscalatableError('这件事已经在社区办公室了');
  if (e.trigger === 'claim-sla' && c.status !== 'pending') throw new CaseNotEscalatableError('已有人认领，不需要超时上报');
  if (e.trigger === 'resolve-sla' && c.status !== 'claimed') throw new CaseNotEscalatableError('不在处理中，不需要超时上报');
  const reason = required(e.reason, '上报的原因');
  const who = e.by ? `${e.by.name}` : '系统';
  return {
    ...baseOf(c),
    status: 'pending',
    version: c.version + 1,
    routing: {
      target: 'office',
      rule: 'escalated',
      groupId: null,
      alertGroupId: null,
      preferredMemberIds: [],
      reason: `已上报社区：${reason}`,
      expectedBy: officeExpectedBy,
    },
    timeline: [...c.timeline, { at: now, kind: 'escalated', text: `${who}${TRIGGER_WORDS[e.trigger]}：${reason}`, by: e.by, trigger: e.trigger }],
  };
}

/**
 * The resident says a resolved case is not solved. The first time it goes back to the member who resolved it; the
 * second time it goes up to the office.
 */
export function reopen(c: Case, resident: Actor, reason: string, now: Date, due: { resolveDueAt: Date | null; officeExpectedBy: Date | null }): Case {
  if (c.status !== 'resolved') throw new CaseNotReopenableError();
  if (c.reporter.id !== resident.id) throw new CaseNotReopenableError('只有反映人可以重新反映');
  if (now.getTime() - c.resolution.at.getTime() > REOPEN_WINDOW_MS) throw new CaseNotReopenableError('办结已超过7天，请重新反映一件新的事');
  const why = required(reason, '还没解决的地方');
  const entry: TimelineEntry = { at: now, kind: 'reopened', text: `居民重新反映：${why}`, by: resident, trigger: 'reopen' };
  if (c.reopenCount === 0) {
    const { resolution: _r, ...base } = c;
    return {
      ...base,
      status: 'claimed',
      version: c.version + 1,
      reopenCount: 1,
      confirmedAt: null,
      claimedAt: now,
      resolveDueAt: due.resolveDueAt,
      timeline: [...c.timeline, { ...entry, text: `${entry.text}（退回${c.holder.name}继续处理）` }],
    };
  }
  const up = escalate(
    { ...c, timeline: [...c.timeline, entry] },
    { trigger: 'reopen', by: resident, reason: `第${c.reopenCount + 1}次重新反映：${why}` },
    now,
    due.officeExpectedBy,
  );
  return { ...up, version: c.version + 1, reopenCount: c.reopenCount + 1 };
}

/** The office sends a case it holds back to a studio pool (the decision comes from routing), with a note. */
export function returnToStudio(c: Case, by: Actor, note: string, decision: RoutingDecision, now: Date): PendingCase {
  if (c.status !== 'pending' || c.routing.target !== 'office') throw new CaseNotAtOfficeError();
  if (decision.target !== 'studio') throw new CaseNotAtOfficeError('现在工作室没有人可以接手，请稍后再退回');
  const text = required(note, '退回的说明');
  return {
    ...c,
    version: c.version + 1,
    routing: { ...decision, reason: `社区退回工作室：${text}。${decision.reason}` },
    timeline: [...c.timeline, { at: now, kind: 'returned', text: `${by.name}退回工作室：${text}；${decision.reason}`, by }],
  };
}

/**
 * 交接班: at a shift start, a case still waiting in the outgoing group's pool passes to the incoming group. The
 * claim deadline stays: it is counted in duty time, so the promise made to the resident holds.
 */
export function handToShift(c: Case, to: { groupId: string; groupName: string; preferredMemberIds: string[] }, now: Date): PendingCase {
  if (c.status !== 'pending' || c.routing.target !== 'studio') throw new CaseNotClaimableError('只有等待认领的事项才交接');
  if (c.routing.groupId === to.groupId) throw new CaseNotClaimableError(`这件事已经在${to.groupName}`);
  return {
    ...c,
    version: c.version + 1,
    routing: { ...c.routing, groupId: to.groupId, preferredMemberIds: to.preferredMemberIds, reason: `交接班：由${to.groupName}值班成员处理` },
    timeline: [...c.timeline, { at: now, kind: 'shift-handover', text: `交接给${to.groupName}`, by: null }],
  };
}

/** The office changes a waiting case's category; the new routing decision replaces the old, history is kept. */
export function recategorise(c: Case, by: Actor, category: { id: string; name: string }, note: string, decision: RoutingDecision, now: Date): PendingCase {
  if (c.status !== 'pending') throw new CaseNotClaimableError('只有等待处理的事项可以改类别');
  const text = required(note, '改类别的原因');
  return {
    ...c,
    version: c.version + 1,
    categoryId: category.id,
    routing: decision,
    timeline: [
      ...c.timeline,
      { at: now, kind: 'recategorised', text: `${by.name}把类别改为「${category.name}」：${text}`, by },
      { at: now, kind: 'routed', text: decision.reason, by: null },
    ],
  };
}

/** Status in the plain words residents see. */
export function statusText(c: Case): string {
  switch (c.status) {
    case 'pending':
      return c.routing.target === 'office' ? '已上报社区' : '等待认领';
    case 'claimed':
      return '处理中';
    case 'resolved':
      return '已办结';
    case 'rejected':
      return '不予受理';
    case 'cancelled':
      return '已撤回';
  }
}

/** How often the reporter may urge a case. */
export const URGE_INTERVAL_MS = 2 * 3600_000;
/** How long after resolution the reporter may reopen it. */
export const REOPEN_WINDOW_MS = 7 * 86_400_000;

/** When the reporter may urge again (null = now). */
export function nextUrgeAt(c: Case): Date | null {
  if (!c.urgedAt) return null;
  return new Date(c.urgedAt.getTime() + URGE_INTERVAL_MS);
}

/** The reporter hurries an open case (催单), at most once every 2 hours. */
export function urge(c: Case, by: Actor, now: Date): Case {
  if (!isOpen(c)) throw new CaseNotOpenError('这件事已经结束了，不需要再催');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以催办');
  const next = nextUrgeAt(c);
  if (next && next.getTime() > now.getTime()) throw new UrgeTooSoonError(next);
  return { ...c, version: c.version + 1, urgedAt: now, timeline: [...c.timeline, { at: now, kind: 'urged', text: '居民催了一下，希望尽快处理', by }] };
}

/** The reporter withdraws a case nobody has claimed yet. */
export function cancel(c: Case, by: Actor, reason: string, now: Date): CancelledCase {
  if (c.status === 'claimed') throw new CaseAlreadyClaimedError(c.holder.name);
  if (c.status !== 'pending') throw new CaseNotOpenError('这件事已经结束了，不能撤回');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以撤回');
  const why = reason.trim();
  return {
    ...baseOf(c),
    status: 'cancelled',
    version: c.version + 1,
    cancellation: { reason: why, at: now },
    timeline: [...c.timeline, { at: now, kind: 'cancelled', text: why ? `居民撤回了：${why}` : '居民撤回了这件事', by }],
  };
}

/** The reporter confirms a resolved case is solved. */
export function confirmSolved(c: Case, by: Actor, now: Date): Case {
  if (c.status !== 'resolved') throw new CaseNotOpenError('只有已办结的事项可以确认');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以确认');
  if (c.confirmedAt) throw new CaseNotOpenError('已经确认过了');
  return { ...c, version: c.version + 1, confirmedAt: now, timeline: [...c.timeline, { at: now, kind: 'confirmed', text: '居民确认问题已解决', by }] };
}

/** The reporter rates a resolved case (1–5 stars each) with an optional comment; once. */
export function rate(c: Case, by: Actor, r: Rating, now: Date): Case {
  if (c.status !== 'resolved') throw new CaseNotOpenError('办结以后才能评价');
  if (c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以评价');
  if (c.rating) throw new CaseNotOpenError('已经评价过了，谢谢您');
  for (const v of [r.result, r.speed, r.attitude]) if (!Number.isInteger(v) || v < 1 || v > 5) throw new InvalidInputError('请给每一项选1到5颗星');
  const rating = { ...r, comment: r.comment.trim() };
  const words = `办事结果${rating.result}星、速度${rating.speed}星、态度${rating.attitude}星`;
  return {
    ...c,
    version: c.version + 1,
    rating,
    timeline: [...c.timeline, { at: now, kind: 'rated', text: `居民评价：${words}${rating.comment ? `；${rating.comment}` : ''}`, by }],
  };
}

/** The holder adds a progress note (visible in the timeline). */
export function addNote(c: Case, by: Actor, text: string, now: Date): Case {
  if (c.status !== 'claimed' || c.holder.id !== by.id) throw new NotCaseHolderError('只有正在处理这件事的人可以写进展');
  const note = required(text, '进展');
  return { ...c, version: c.version + 1, timeline: [...c.timeline, { at: now, kind: 'noted', text: `${by.name}：${note}`, by }] };
}

/** The holder puts a studio case back in its pool, with a reason; the claim clock starts again. */
export function release(c: Case, by: Actor, reason: string, now: Date, expectedBy: Date | null): PendingCase {
  if (c.status !== 'claimed' || c.holder.id !== by.id) throw new NotCaseHolderError('只有正在处理这件事的成员可以放回');
  if (c.routing.target !== 'studio') throw new CaseNotClaimableError('社区办公室的事项不能放回工作室的池子');
  const why = required(reason, '放回的原因');
  return {
    ...baseOf(c),
    status: 'pending',
    version: c.version + 1,
    routing: { ...c.routing, expectedBy },
    timeline: [...c.timeline, { at: now, kind: 'released', text: `${by.name}放回待认领：${why}`, by }],
  };
}

/** The holder passes a studio case to a named colleague. */
export function handOver(c: Case, by: Actor, to: Actor, note: string, now: Date): ClaimedCase {
  if (c.status !== 'claimed' || c.holder.id !== by.id) throw new NotCaseHolderError('只有正在处理这件事的成员可以转交');
  if (c.routing.target !== 'studio') throw new CaseNotClaimableError('社区办公室的事项请用「交给社区工作人员」');
  if (to.id === by.id) throw new InvalidInputError('请选择另一位成员');
  const why = required(note, '转交的说明');
  return {
    ...c,
    version: c.version + 1,
    holder: to,
    timeline: [...c.timeline, { at: now, kind: 'handed-over', text: `${by.name}转交给${to.name}：${why}`, by }],
  };
}

/** The office gives an office case (waiting, or held by a colleague) to an office worker. */
export function assign(c: Case, by: Actor, to: Actor, now: Date, resolveDueAt: Date | null): ClaimedCase {
  if (!isOpen(c)) throw c.status === 'resolved' ? new CaseAlreadyResolvedError() : new CaseClosedError();
  if (c.routing.target !== 'office') throw new CaseNotAtOfficeError('这件事在工作室，由值班成员处理');
  if (c.status === 'claimed' && c.holder.id === to.id) throw new CaseAlreadyClaimedError(to.id === by.id ? '您' : to.name);
  return {
    ...baseOf(c),
    status: 'claimed',
    version: c.version + 1,
    holder: to,
    claimedAt: now,
    resolveDueAt,
    timeline: [...c.timeline, { at: now, kind: 'assigned', text: to.id === by.id ? `${by.name}接手处理` : `${by.name}交给${to.name}处理`, by }],
  };
}

/** The office refuses a waiting case as spam or abuse; the reason is shown to the resident. */
export function reject(c: Case, by: Actor, reason: string, now: Date): RejectedCase {
  if (c.status !== 'pending') throw c.status === 'claimed' ? new CaseAlreadyClaimedError(c.holder.name) : new CaseClosedError();
  const why = required(reason, '不予受理的原因');
  return {
    ...baseOf(c),
    status: 'rejected',
    version: c.version + 1,
    rejection: { reason: why, by, at: now },
    timeline: [...c.timeline, { at: now, kind: 'rejected', text: `不予受理：${why}`, by }],
  };
}
