/**
 * Notifications: what to tell whom when a case moves, and how delivery goes. Every notification lands in the
 * recipient's in-app message centre; it is also sent as a WeChat subscription message when the recipient has a
 * credit for its template (one accepted subscription = one message). Transient WeChat failures are retried by the
 * timer with backoff; permanent ones are marked. NOTE: nothing here can change or fail a case's state — callers
 * notify after the case is stored, and delivery never throws.
 */
import { RESIDENT_STEPS, STATUS_PHRASES, STATUS_WORDS } from '../../types/words';
import { describedAs } from './voice-checks';
import type { Case } from './Case';
import type { CommunityConfig, Templates } from './community';
import { fitField, wechatTime } from './messages';
import type { SubscribeMessage } from './messages';

export type TemplateKind = keyof Templates;

/** A notification to one person. */
export interface Outgoing {
  touser: string;
  caseId: string | null;
  /** Message centre title and text (plain Chinese). */
  title: string;
  text: string;
  /** The WeChat template it is also sent with; null: the message centre only (spends no subscription credit). */
  template: TemplateKind | null;
  /** Template field values before fitting (keys as in the template). */
  fields: Record<string, string>;
  /**
   * A step the reporter hears of: the case's followers hear it too, each a copy of their own (`toFollowers`, applied
   * to every write's effects in effects.ts `withEffects`).
   */
  residents?: true;
}

/** `items` with a copy of each message to the reporter marked `residents` for every follower of `c`. */
export function toFollowers(c: Case, items: Outgoing[]): Outgoing[] {
  if (c.followers.length === 0) return items;
  return items.flatMap((o) => (o.residents && o.touser === c.reporter.id ? [o, ...c.followers.map((f) => ({ ...o, touser: f }))] : [o]));
}

/** Tell a resident of a merged case where it went (the message centre only; it opens the kept case). */
export function mergedFor(touser: string, kept: { id: string; code: string }, text: string): Outgoing {
  return { touser, caseId: kept.id, title: '您反映的事合在一起办了', text, template: null, fields: {} };
}

/** 'sending': one worker owns the WeChat send now; a send interrupted there is never repeated (WeChat has no idempotency key). */
export type DeliveryStatus = 'sent' | 'retrying' | 'no-credit' | 'failed' | 'in-app' | 'sending';

export interface Delivery {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  errCode: number | null;
}

/** WeChat error codes that will not go away by retrying: bad user, bad template, page not released, no credit, bad field. */
export const PERMANENT_ERRORS = new Set([40003, 40037, 41030, 43101, 47003]);

/** Wait before retry number `attempt` (1-based); null once we give up. */
export function backoffMs(attempt: number): number | null {
  const schedule = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000];
  return attempt <= schedule.length ? schedule[attempt - 1] : null;
}

/** The WeChat message for an outgoing notification, every field fitted to its type's rule. */
export function toSubscribeMessage(o: Outgoing, templateId: string): SubscribeMessage {
  const data: Record<string, { value: string }> = {};
  for (const [k, v] of Object.entries(o.fields)) data[k] = { value: fitField(k, v) };
  return { touser: o.touser, templateId, page: o.caseId ? `pages/case/index?id=${o.caseId}` : 'pages/messages/index', data };
}

const categoryName = (c: Case, community: CommunityConfig) => community.categories.find((k) => k.id === c.categoryId)?.name ?? '事项';
/** The matter in a few words; a private case is named by its category only. */
const matter = (c: Case, community: CommunityConfig) => (c.private ? categoryName(c, community) : `${categoryName(c, community)}：${describedAs(c)}`);

export type ProgressKind = 'received' | 'claimed' | 'assigned' | 'noted' | 'escalated' | 'handed-over' | 'rejected' | 'held' | 'reopened' | 'transferred';
const SAYS = STATUS_WORDS.resident;
/**
 * Each step the reporter hears of, in the resident's words of the glossary (types/words.ts) where it names a status.
 * `wechat: false` writes the message centre only: a one-time WeChat credit is scarce (one accepted subscription = one
 * message), so it is kept for the steps worth a phone buzz — someone takes it (a member's 认领, or the office's first
 * 指派), it goes to the office, it is refused, held for review, reopened — and never spent on 受理 (the reporter is
 * looking at the receipt on the case page then), on a progress note (进展) or on a change of hands between colleagues
 * (转交, the office's 指派 to another colleague). 办结 has its own template (resolvedFor).
 */
const PROGRESS_WORDS: Record<ProgressKind, { phrase: string; title: string; wechat: boolean }> = {
  received: { phrase: '已收到', title: '您反映的事已收到', wechat: false },
  claimed: { phrase: STATUS_PHRASES['claimed-studio'], title: `${SAYS['claimed-studio']}您反映的事`, wechat: true },
  assigned: { phrase: STATUS_PHRASES['claimed-office'], title: `${SAYS['claimed-office']}您反映的事`, wechat: true },
  noted: { phrase: '有进展', title: '您反映的事有新进展', wechat: false },
  escalated: { phrase: STATUS_PHRASES['pending-office'], title: `您反映的事${SAYS['pending-office']}`, wechat: true },
  'handed-over': { phrase: '换人在办', title: '您反映的事换人处理了', wechat: false },
  rejected: { phrase: STATUS_PHRASES.rejected, title: SAYS.rejected, wechat: true },
  held: { phrase: '社区先看看', title: '社区要先看一下您反映的事', wechat: true },
  reopened: { phrase: '重新在办', title: '您重新反映的事已在处理', wechat: true },
  // 转办: the message centre only (the reporter is told again at 办结, through WeChat with a credit).
  transferred: { phrase: '外单位在办', title: '您反映的事已请有关单位处理', wechat: false },
};

/** Tell the reporter how their case moved (through WeChat too, with a credit, for the steps marked `wechat`). */
export function progressFor(c: Case, kind: ProgressKind, detail: string, community: CommunityConfig, now: Date): Outgoing {
  const w = PROGRESS_WORDS[kind];
  return {
    touser: c.reporter.id,
    residents: true,
    caseId: c.id,
    title: w.title,
    text: `「${categoryName(c, community)}」${detail}`,
    template: w.wechat ? 'caseProgress' : null,
    fields: w.wechat
      ? { character_string1: c.code, thing2: matter(c, community), phrase3: w.phrase, thing4: detail, time5: wechatTime(now, community.rota.timezone) }
      : {},
  };
}

/**
 * Tell the person who uploaded a photo (`touser`: the reporter, or who resolved the case with it) that it failed
 * WeChat's content check and was deleted: the message centre only.
 */
export function photoRemovedFor(c: Case, touser: string, text: string, title = '您的一张照片已删除'): Outgoing {
  return { touser, caseId: c.id, title, text, template: null, fields: {} };
}

/** Tell the reporter their case is resolved. */
export function resolvedFor(c: Case & { status: 'resolved' }, community: CommunityConfig): Outgoing {
  return {
    touser: c.reporter.id,
    residents: true,
    caseId: c.id,
    title: `您反映的事${SAYS.resolved}`,
    text: `「${categoryName(c, community)}」${RESIDENT_STEPS.resolved(c.resolution.by.name, c.resolution.note)}`,
    template: 'caseResolved',
    fields: {
      character_string1: c.code,
      thing2: matter(c, community),
      phrase3: STATUS_PHRASES.resolved,
      thing4: c.resolution.note,
      time5: wechatTime(c.resolution.at, community.rota.timezone),
    },
  };
}

export type AlertKind = '新事项' | '紧急' | '催办' | '重新反映' | '转交给您' | '待审核' | '回访' | '督办';

const ALERT_TEXT: Partial<Record<AlertKind, string>> = {
  催办: '居民在催，请尽快处理',
  紧急: '是紧急情况，请马上关注',
  回访: '居民没有回答回访，请打电话问一问',
  督办: '居民回访说不满意，请督办',
};

/**
 * 回访: ask the reporter whether the resolved case is solved and whether they are satisfied (WeChat too, with a credit
 * for the 回访 template; the message centre only when none is configured).
 */
export function followUpAskFor(c: Case & { status: 'resolved' }, community: CommunityConfig, now: Date): Outgoing {
  return {
    touser: c.reporter.id,
    caseId: c.id,
    title: '回访：问题解决了吗？',
    text: `「${categoryName(c, community)}」${RESIDENT_STEPS.resolved(c.resolution.by.name, c.resolution.note)}。问题解决了吗？您满意吗？打开这件事点一下就能回答。`,
    template: 'followUp',
    fields: { character_string1: c.code, thing2: matter(c, community), thing3: '问题解决了吗？您满意吗？', time4: wechatTime(now, community.rota.timezone) },
  };
}

/** Alert a duty member or office worker about a case. */
export function alertFor(c: Case, kind: AlertKind, touser: string, community: CommunityConfig, now: Date): Outgoing {
  const place = community.compounds.find((x) => x.id === c.place.compoundId)?.name ?? '';
  return {
    touser,
    caseId: c.id,
    title: `${kind}：${categoryName(c, community)}`,
    text: `${place}的「${categoryName(c, community)}」${ALERT_TEXT[kind] ?? '需要处理'}`,
    template: 'dutyAlert',
    fields: { thing1: matter(c, community), thing2: place || '社区', phrase3: kind, time4: wechatTime(now, community.rota.timezone) },
  };
}

/**
 * 督办 at yellow: remind whoever holds the case (the holder, the pool's group, or the office) that 75 % of its time is
 * gone, with the deadline. A duty alert: through WeChat too where they have a credit.
 */
export function reminderFor(c: Case, touser: string, due: string, community: CommunityConfig, now: Date): Outgoing {
  const place = community.compounds.find((x) => x.id === c.place.compoundId)?.name ?? '';
  const step = c.status === 'claimed' ? '办结' : '认领';
  return {
    touser,
    caseId: c.id,
    title: `快到时间了：${categoryName(c, community)}`,
    text: `${place}的「${categoryName(c, community)}」快到时间了，应在 ${due} 前${step}，请尽快处理`,
    template: 'dutyAlert',
    fields: { thing1: matter(c, community), thing2: place || '社区', phrase3: '快到时间', time4: wechatTime(now, community.rota.timezone) },
  };
}

/**
 * The office's daily digest of reds: one message-centre entry per office worker per day, listing the cases past their
 * deadline, most overdue first, by number and category (`more`: the list goes on beyond these).
 */
export function redDigestFor(touser: string, reds: Case[], more: boolean, community: CommunityConfig): Outgoing {
  const list = reds.map((c) => `${c.code} ${categoryName(c, community)}`).join('；');
  const count = `${reds.length}件${more ? '以上' : ''}`;
  return {
    touser,
    caseId: null,
    title: `已超时还没办完：${count}`,
    text: `今天已超时还没办完的事有${count}：${list}${more ? '等' : ''}。请打开「社区待办」的「已超时」看看。`,
    template: null,
    fields: {},
  };
}

/** 交接班: one alert per member of the incoming group, however many cases the outgoing shift left waiting. */
export function handoverDigestFor(touser: string, groupName: string, count: number, community: CommunityConfig, now: Date): Outgoing {
  return {
    touser,
    caseId: null,
    title: `交接班：${count}件事等待认领`,
    text: `上一班还有${count}件事没人认领，已交接给${groupName}。请打开「值班待办」认领。`,
    template: 'dutyAlert',
    fields: { thing1: `${count}件事等待认领`, thing2: '值班待办', phrase3: '交接班', time4: wechatTime(now, community.rota.timezone) },
  };
}
