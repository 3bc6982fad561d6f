/**
 * The community's configuration: one definition, shared by the core (which validates and uses it) and the pages
 * (which edit it). The admin function's schemas in cloudfunctions/core/admin.ts check every field of it.
 */

export interface Swap {
  /** Local date (YYYY-MM-DD) of the swap. */
  date: string;
  /** The group that covers that date instead of the rota's group. */
  groupId: string;
}

export interface Rota {
  /** IANA time zone of the community; duty hours and dates are read in it. */
  timezone: string;
  /** How long one group's turn lasts. */
  unit: 'day' | 'week';
  /** Local date (YYYY-MM-DD) on which order[0] starts its turn. */
  start: string;
  /** Group ids in the order they take turns. */
  order: string[];
  /** Daily duty hours, local "HH:mm", start inclusive, end exclusive. */
  hours: { start: string; end: string };
  /** Local dates when nobody is on duty (public holidays, studio closed). */
  closedDates: string[];
  /** Weekdays closed every week (0 = Sunday … 6 = Saturday). */
  closedWeekdays: number[];
  /** One-off swaps: group X covers date D. A swap opens a date even if it is otherwise closed. */
  swaps: Swap[];
}

/** A member's leave: from and to are local dates (YYYY-MM-DD), both included. */
export interface Leave {
  from: string;
  to: string;
}

export interface Group {
  id: string;
  /** e.g. "第二组". */
  name: string;
}

export interface Category {
  id: string;
  name: string;
  icon: string;
  examples: string[];
  /** Who handles it: the studio's duty pool, or the community office only (e.g. certificates). */
  handler: 'studio' | 'office';
  /** Emergencies go to the office at once and the duty group is alerted. */
  emergency: boolean;
  /** Why the office handles it, said to the resident (office-only categories). */
  officeReason?: string;
  /** Service levels, in minutes of duty time: to be claimed, and to be resolved once claimed. */
  sla: { claimMinutes: number; resolveMinutes: number };
  /** Private by default: only the resident, the holder and the office see it. */
  private: boolean;
}

export interface Compound {
  id: string;
  name: string;
}

/** Subscription-message template ids configured for this deployment. */
export interface Templates {
  /** 「事项办结通知」: sent to the resident when a case is resolved. */
  caseResolved: string;
  /** 「事项进度通知」: claimed, escalated, rejected, held for review. Empty = in-app only. */
  caseProgress: string;
  /** 「新事项提醒」 for duty members and office workers: new case, emergency, urged, reopened. Empty = in-app only. */
  dutyAlert: string;
  /** 「回访通知」: the resident is asked whether a resolved case is solved and whether they are satisfied. Empty or absent = in-app only. */
  followUp?: string;
}

/** 回访 after 办结: when the resident is asked, and when an unanswered ask becomes a call-back task for the group on duty. */
export interface FollowUpSettings {
  /** Minutes after 办结 before the resident is asked (message centre, and WeChat with a credit). Default 1440. */
  askAfterMinutes: number;
  /** Days after the ask before an unanswered 回访 becomes a call-back task. Default 3. */
  callAfterDays: number;
}

export interface CommunityConfig {
  /** The community's name (「南河头社区」), printed at the top of the 通报 and the service records; absent in configurations stored before it existed (「本社区」). */
  name?: string;
  groups: Group[];
  rota: Rota;
  categories: Category[];
  compounds: Compound[];
  templates: Templates;
  /** The community office's phone number, shown to duty members and residents. */
  officePhone: string;
  limits: {
    /** Most open cases one member may hold at once (claims beyond it are refused). */
    openCasesPerMember: number;
  };
  /** 回访 timing; absent in configurations stored before it existed (the defaults apply: core/community.ts). */
  followUp?: FollowUpSettings;
  /** 常用语 per step, set by the admin; absent in configurations stored before it existed (the defaults apply: types/quick-replies.ts). */
  quickReplies?: QuickReplies;
}

/** The steps whose text a member may fill with 常用语: 写进展, 办结's result, 转交, 放回 and 上报's reasons. */
export type QuickReplyStep = 'note' | 'resolve' | 'handOver' | 'release' | 'escalate';

/** 常用语: a short list of phrases per step (each ≤ 20 characters, ≤ 12 per step); a step left out takes the default list. */
export type QuickReplies = Partial<Record<QuickReplyStep, string[]>>;
