/** Transitions by studio members and the timer: claim, resolve, escalate, hand to the next shift, note, release, hand over. */
import {
  CaseAlreadyClaimedError,
  CaseAlreadyResolvedError,
  CaseNotClaimableError,
  CaseNotEscalatableError,
  CaseClosedError,
  InvalidInputError,
  NotCaseHolderError,
} from '../errors';
import type { Photo } from '../photo-checks';
import { baseOf, required, resolvedText, withVoice } from './base';
import type { Voice } from '../voice-checks';
import { voiceWords } from '../voice-checks';
import type { Actor, Case, ClaimedCase, PendingCase, ResolvedCase } from './state';
import type { TransitionTrigger } from '../../../types/domain';
import { STAFF_ESCALATION_WORDS } from '../../../types/words';

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

/**
 * The holder resolves the case with a note saying what was done, and the photos taken then (already asked to be
 * checked: core/photo-checks.ts), added after the case's own.
 */
export function resolve(c: Case, by: Actor, note: string, now: Date, photos: readonly Photo[] = [], voice: Voice | null = null): ResolvedCase {
  if (c.status === 'resolved') throw new CaseAlreadyResolvedError();
  if (c.status === 'rejected' || c.status === 'cancelled') throw new CaseClosedError();
  if (c.status !== 'claimed' || c.holder.id !== by.id) throw new NotCaseHolderError();
  const text = required(note, '办理结果');
  return {
    ...c,
    status: 'resolved',
    version: c.version + 1,
    resolution: { note: text, by, at: now },
    photos: [...c.photos, ...photos],
    ...withVoice(c, voice),
    timeline: [
      ...c.timeline,
      { at: now, kind: 'resolved', text: resolvedText(by, text, photos, voice), by, detail: text, ...(voice ? { voice: voice.fileID } : {}) },
    ],
  };
}

/** Why a case went up to the office, and who or what sent it. */
export interface Escalation {
  trigger: TransitionTrigger;
  /** The person who escalated; null when the SLA clock did. */
  by: Actor | null;
  reason: string;
}

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
    timeline: [
      ...c.timeline,
      { at: now, kind: 'escalated', text: `${who}${STAFF_ESCALATION_WORDS[e.trigger]}：${reason}`, by: e.by, trigger: e.trigger, detail: reason },
    ],
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

/** The holder adds a progress note (visible in the timeline). */
export function addNote(c: Case, by: Actor, text: string, now: Date, voice: Voice | null = null): Case {
  if (c.status !== 'claimed' || c.holder.id !== by.id) throw new NotCaseHolderError('只有正在处理这件事的人可以写进展');
  // With a voice note the words may be left out (写进展 by voice): 「王思瑛：（语音12秒）」.
  const note = voice && !text.trim() ? '' : required(text, '进展');
  const said = [note, voice ? voiceWords(voice.seconds) : ''].filter(Boolean).join('');
  return {
    ...c,
    version: c.version + 1,
    ...withVoice(c, voice),
    timeline: [...c.timeline, { at: now, kind: 'noted', text: `${by.name}：${said}`, by, ...(voice ? { voice: voice.fileID } : {}) }],
  };
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
    timeline: [...c.timeline, { at: now, kind: 'released', text: `${by.name}放回待认领：${why}`, by, detail: why }],
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
