/** Transitions by the community office: return to the studio, recategorise, assign, resolve from the queue, reject. */
import {
  CaseAlreadyClaimedError,
  CaseAlreadyResolvedError,
  CaseAlreadyTransferredError,
  CaseNotAtOfficeError,
  CaseNotClaimableError,
  CaseClosedError,
  CaseNotOpenError,
  InvalidInputError,
} from '../errors';
import type { Photo } from '../photo-checks';
import type { Voice } from '../voice-checks';
import { baseOf, required, resolvedText, withVoice } from './base';
import { isOpen } from './state';
import type { Actor, Case, ClaimedCase, PendingCase, RejectedCase, ResolvedCase, RoutingDecision, Transfer } from './state';

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
      { at: now, kind: 'routed', text: decision.reason, by: null, rule: decision.rule },
    ],
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

/**
 * An office worker resolves a case waiting in the office's queue (escalated, office-only) without assigning it first:
 * they become its holder, taking it and resolving it at the same moment (with the photos taken then, as `resolve`).
 */
export function resolveAtOffice(c: Case, by: Actor, note: string, now: Date, photos: readonly Photo[] = [], voice: Voice | null = null): ResolvedCase {
  if (c.status === 'resolved') throw new CaseAlreadyResolvedError();
  if (c.status === 'rejected' || c.status === 'cancelled') throw new CaseClosedError();
  if (c.status === 'claimed') throw new CaseAlreadyClaimedError(c.holder.id === by.id ? '您' : c.holder.name);
  if (c.routing.target !== 'office') throw new CaseNotAtOfficeError('这件事在工作室，由值班成员处理');
  const text = required(note, '办理结果');
  return {
    ...baseOf(c),
    status: 'resolved',
    version: c.version + 1,
    holder: by,
    claimedAt: now,
    resolution: { note: text, by, at: now },
    photos: [...c.photos, ...photos],
    ...withVoice(c, voice),
    timeline: [
      ...c.timeline,
      { at: now, kind: 'assigned', text: `${by.name}接手处理`, by },
      { at: now, kind: 'resolved', text: resolvedText(by, text, photos, voice), by, detail: text, ...(voice ? { voice: voice.fileID } : {}) },
    ],
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
    timeline: [...c.timeline, { at: now, kind: 'rejected', text: `不予受理：${why}`, by, detail: why }],
  };
}

/**
 * 转办: the office records that an open case it has (waiting in its queue, or held by the recorder) was handed to an
 * outside body, with the body's 工单号 and expected date (`today`: the community's date now; earlier is refused). The
 * case stays where it is; its outcome is recorded later by 办结 (resolveAtOffice / resolve).
 */
/**
 * 转办: the case goes to an outside body until `expectedEnd` (the end of the expected date, in the community's zone):
 * its deadline follows the body's date, so the office's queues and 督办 do not call it overdue before then.
 */
export function transferOut(c: Case, t: Omit<Transfer, 'at'>, now: Date, today: string, expectedEnd: Date): Case {
  if (c.status === 'resolved') throw new CaseAlreadyResolvedError();
  if (c.status === 'rejected' || c.status === 'cancelled') throw new CaseClosedError();
  if (c.routing.target !== 'office') throw new CaseNotAtOfficeError('这件事在工作室，要转交外单位请先上报社区');
  if (c.status === 'claimed' && c.holder.id !== t.by.id) throw new CaseAlreadyClaimedError(c.holder.name);
  if (c.transfer) throw new CaseAlreadyTransferredError(c.transfer.bodyName);
  const bodyName = t.bodyName.trim();
  const ticket = t.ticket.trim();
  if (!bodyName) throw new InvalidInputError('请写一下转交给哪个单位');
  if (!ticket) throw new InvalidInputError('请填写对方的工单号');
  if (t.expectedDate < today) throw new InvalidInputError('预计办好的日期不能早于今天');
  const yearAhead = new Date(Date.parse(`${today}T00:00:00Z`) + 366 * 86_400_000).toISOString().slice(0, 10);
  if (t.expectedDate > yearAhead) throw new InvalidInputError('预计办好的日期太远了，请选一年以内的日期');
  const transfer: Transfer = { ...t, bodyName, ticket, at: now };
  const due = c.status === 'claimed' ? { resolveDueAt: expectedEnd } : c.status === 'pending' ? { routing: { ...c.routing, expectedBy: expectedEnd } } : {};
  return {
    ...c,
    ...due,
    version: c.version + 1,
    transfer,
    timeline: [...c.timeline, { at: now, kind: 'transferred', text: `${t.by.name}转交${bodyName}（工单号 ${ticket}），预计${t.expectedDate}前办好`, by: t.by }],
  };
}

/** How a closed 督办 starts in the staff's history (residents read 「社区回复了您的意见：…」: views.ts). */
export const SUPERVISION_CLOSED = '督办结束：';

/** 督办 ends: the office says what it did about the resident's 不满意; the case leaves the 督办 queue (its history keeps both). */
export function closeSupervision(c: Case, by: Actor, note: string, now: Date): Case {
  if (!c.supervision) throw new CaseNotOpenError('这件事没有在督办，不用结束');
  const text = required(note, '督办的处理结果');
  return {
    ...c,
    version: c.version + 1,
    supervision: null,
    timeline: [...c.timeline, { at: now, kind: 'noted', text: `${SUPERVISION_CLOSED}${text}`, by, detail: text }],
  };
}
