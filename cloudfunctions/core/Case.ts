/**
 * The case lifecycle as a tagged union with pure transitions. Persistence makes each transition a compare-and-set
 * on `version`, so of two members claiming one case exactly one succeeds.
 * NOTE: a claimed case has exactly one holder; a pending case has none.
 */
import type { Place, RouteRule, RouteTarget } from '../../types/domain';
import {
  CaseAlreadyClaimedError,
  CaseAlreadyResolvedError,
  CaseNotClaimableError,
  InvalidInputError,
  NotCaseHolderError,
} from './errors';

export interface Actor {
  id: string;
  name: string;
}

/** Where a case was routed and why (stored on the case, shown to the resident). */
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
}

export interface TimelineEntry {
  at: Date;
  kind: 'submitted' | 'routed' | 'claimed' | 'resolved';
  text: string;
  by: Actor | null;
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
  /** Append-only history of what happened. */
  timeline: TimelineEntry[];
}

export interface PendingCase extends CaseBase {
  status: 'pending';
}
export interface ClaimedCase extends CaseBase {
  status: 'claimed';
  holder: Actor;
  claimedAt: Date;
}
export interface ResolvedCase extends CaseBase {
  status: 'resolved';
  holder: Actor;
  claimedAt: Date;
  resolution: { note: string; by: Actor; at: Date };
}
export type Case = PendingCase | ClaimedCase | ResolvedCase;

export interface NewCase {
  id: string;
  code: string;
  reporter: Actor;
  categoryId: string;
  description: string;
  place: Place;
  contactPhone: string;
  routing: RoutingDecision;
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
    timeline: [
      { at: n.now, kind: 'submitted', text: '居民反映了问题', by: n.reporter },
      { at: n.now, kind: 'routed', text: n.routing.reason, by: null },
    ],
  };
}

/** `member` takes the case from the pool. Throws when someone holds it already or it is not in a pool. */
export function claim(c: Case, member: Actor, now: Date): ClaimedCase {
  if (c.status === 'claimed') throw new CaseAlreadyClaimedError(c.holder.id === member.id ? '您' : c.holder.name);
  if (c.status === 'resolved') throw new CaseAlreadyResolvedError();
  if (c.routing.target !== 'studio') throw new CaseNotClaimableError('这件事已上报社区，由社区办公室处理');
  return {
    ...c,
    status: 'claimed',
    version: c.version + 1,
    holder: member,
    claimedAt: now,
    timeline: [...c.timeline, { at: now, kind: 'claimed', text: `${member.name}认领了这件事`, by: member }],
  };
}

/** The holder resolves the case with a note saying what was done. */
export function resolve(c: Case, by: Actor, note: string, now: Date): ResolvedCase {
  if (c.status === 'resolved') throw new CaseAlreadyResolvedError();
  if (c.status !== 'claimed' || c.holder.id !== by.id) throw new NotCaseHolderError();
  const text = note.trim();
  if (text.length === 0) throw new InvalidInputError('请写一句办理结果');
  return {
    ...c,
    status: 'resolved',
    version: c.version + 1,
    resolution: { note: text, by, at: now },
    timeline: [...c.timeline, { at: now, kind: 'resolved', text: `${by.name}办结：${text}`, by }],
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
  }
}
