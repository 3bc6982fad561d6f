/**
 * 回访 after 办结 (Beijing 12345's closing call): is it solved, is the resident satisfied. Answerable from 办结; the
 * timer asks at `askAt` and, still unanswered at `callAt`, makes it a call-back task for the group on duty; a duty
 * member takes the task (and so sees the phone), calls, and records the answers. 没解决 reopens the case (to its
 * holder the first time, like the resident's own reopen); 不满意 puts it in the office's 督办 queue with the comment.
 */
import type { FollowUpAnswer, Satisfaction } from '../../../types/domain';
import type { FollowUpSettings } from '../../../types/config';
import { FollowUpClosedError, ForbiddenTransitionError, InvalidInputError } from '../errors';
import { reopenWith } from './resident';
import type { Actor, Case, FollowUp, ResolvedCase, TimelineEntry } from './state';

export const SATISFACTION_WORDS: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

/** The longest comment a 回访 keeps. */
export const FOLLOW_UP_COMMENT_MAX = 300;

const DAY_MS = 86_400_000;

/** `c` just resolved, with its 回访 waiting (answerable now; asked at askAt, called at callAt). */
export function openFollowUp<C extends Case>(c: C, now: Date, s: FollowUpSettings): C {
  const askAt = new Date(now.getTime() + s.askAfterMinutes * 60_000);
  const followUp: FollowUp = { stage: 'waiting', askAt, callAt: new Date(askAt.getTime() + s.callAfterDays * DAY_MS), caller: null, answer: null };
  return { ...c, followUp };
}

/** The answer as given (anything else — an object, a wrong word, a long comment — is refused before any write). */
export function checkedAnswer(a: { solved: unknown; satisfaction: unknown; comment?: unknown }): FollowUpAnswer {
  if (typeof a.solved !== 'boolean') throw new InvalidInputError('请选“解决了”或“没解决”');
  if (typeof a.satisfaction !== 'string' || !Object.prototype.hasOwnProperty.call(SATISFACTION_WORDS, a.satisfaction)) {
    throw new InvalidInputError('请选“满意”“基本满意”或“不满意”');
  }
  const comment = a.comment === undefined ? '' : a.comment;
  if (typeof comment !== 'string') throw new InvalidInputError('想说的话要是文字');
  if (comment.trim().length > FOLLOW_UP_COMMENT_MAX) throw new InvalidInputError(`想说的话请不要超过${FOLLOW_UP_COMMENT_MAX}个字`);
  return { solved: a.solved, satisfaction: a.satisfaction as Satisfaction, comment: comment.trim() };
}

function waitingFollowUp(c: Case): { c: ResolvedCase; f: FollowUp } {
  if (c.status !== 'resolved' || !c.followUp) throw new FollowUpClosedError();
  if (c.followUp.stage === 'done') throw new FollowUpClosedError('已经回访过了，谢谢');
  return { c, f: c.followUp };
}

/** The timer asks the resident (stage waiting → asked). */
export function askFollowUp(c: Case, now: Date): Case {
  const { f } = waitingFollowUp(c);
  if (f.stage !== 'waiting') throw new FollowUpClosedError('已经问过居民了');
  const step: TimelineEntry = { at: now, kind: 'follow-up', text: '请居民回访：问题解决了吗？满意吗？', by: null };
  return { ...c, version: c.version + 1, followUp: { ...f, stage: 'asked' }, timeline: [...c.timeline, step] };
}

/** Nobody answered in time: the 回访 becomes a call-back task for the group on duty (stage asked → calling). */
export function callBackDue(c: Case, now: Date): Case {
  const { f } = waitingFollowUp(c);
  if (f.stage !== 'asked') throw new FollowUpClosedError('现在还不用打电话回访');
  const step: TimelineEntry = { at: now, kind: 'follow-up', text: '居民没有回答回访，请值班成员打电话问一问', by: null };
  return { ...c, version: c.version + 1, followUp: { ...f, stage: 'calling' }, timeline: [...c.timeline, step] };
}

/** A duty member (or office worker) takes the call-back task; exactly one of several takes it. */
export function takeCallBack(c: Case, by: Actor, now: Date): Case {
  const { f } = waitingFollowUp(c);
  if (f.stage !== 'calling') throw new FollowUpClosedError('现在还不用打电话回访');
  if (f.caller) throw new FollowUpClosedError(f.caller.id === by.id ? '您已经接下这个回访电话了' : `${f.caller.name}已经接下这个回访电话了`);
  const step: TimelineEntry = { at: now, kind: 'call-back-taken', text: `${by.name}接下回访电话`, by };
  return { ...c, version: c.version + 1, followUp: { ...f, caller: by }, timeline: [...c.timeline, step] };
}

/** 「问题解决了，满意；意见：…」 */
export function answerWords(a: FollowUpAnswer): string {
  return `问题${a.solved ? '解决了' : '没解决'}，${SATISFACTION_WORDS[a.satisfaction]}${a.comment ? `；想说的话：${a.comment}` : ''}`;
}

/**
 * The 回访 is answered: by the reporter (`via: 'resident'`, from 办结 until answered), or recorded by the member who
 * took the call-back task (`via: 'call'`). 解决了 confirms it solved; 没解决 reopens it (`due`: the new deadlines);
 * 不满意 records the 督办 entry with the comment.
 */
export function answerFollowUp(
  c0: Case,
  by: Actor,
  answer: FollowUpAnswer,
  via: 'resident' | 'call',
  now: Date,
  due: { resolveDueAt: Date | null; officeExpectedBy: Date | null },
): Case {
  const { c, f } = waitingFollowUp(c0);
  if (via === 'resident' && c.reporter.id !== by.id) throw new ForbiddenTransitionError('只有反映人可以回答回访');
  if (via === 'call') {
    if (f.stage !== 'calling' || !f.caller) throw new FollowUpClosedError('请先接下回访电话，再记录回答');
    if (f.caller.id !== by.id) throw new FollowUpClosedError(`${f.caller.name}已经接下这个回访电话了`);
  }
  const words = answerWords(answer);
  const text = via === 'resident' ? `居民回访：${words}` : `${by.name}打电话回访，居民说：${words}`;
  const followUp: FollowUp = { ...f, stage: 'done', answer: { ...answer, at: now, by, via } };
  const supervision = answer.satisfaction === 'unsatisfied' ? { comment: answer.comment, satisfaction: answer.satisfaction, at: now } : c.supervision;
  const step: TimelineEntry = { at: now, kind: 'followed-up', text, by, ...(answer.comment ? { detail: answer.comment } : {}) };
  const answered: ResolvedCase = { ...c, followUp, supervision, timeline: [...c.timeline, step] };
  if (answer.solved) return { ...answered, version: c.version + 1, confirmedAt: c.confirmedAt ?? now };
  const why = answer.comment || '回访时说问题没解决';
  const entry: TimelineEntry = { at: now, kind: 'reopened', text: `回访说没解决：${why}`, by, trigger: 'reopen' };
  return reopenWith(answered, entry, by, why, now, due);
}

/** When the timer must act on this case's 回访 next (ask, or make it a call-back task); null when nothing is due. */
export function followUpDueAt(c: Case): Date | null {
  if (c.status !== 'resolved' || !c.followUp) return null;
  if (c.followUp.stage === 'waiting') return c.followUp.askAt;
  if (c.followUp.stage === 'asked') return c.followUp.callAt;
  return null;
}

/** True while the case's call-back task is open (in the duty board's 回访 list). */
export function callBackOpen(c: Case): boolean {
  return c.status === 'resolved' && c.followUp?.stage === 'calling';
}
