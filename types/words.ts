/**
 * The glossary: the words for a case's status, for why it went to the community office, and for the steps of its
 * history — one place, shared by the pages and the cloud functions, so the copy stays consistent.
 *
 * Two audiences. Residents — the reporter looking at their own case or list, and every message to the reporter —
 * read plain words: never 认领, 上报, 超时 or SLA. Staff (duty members, office, admin) keep their working words
 * (认领 is the name of their own button). Which audience a viewer is, the view builder decides
 * (`audienceOf` in cloudfunctions/core/views.ts) and sends with each case (`CaseSummary.audience`).
 */
import type { CaseStatus, RouteRule, RouteTarget, ThreeRates, TimelineKind, TransferBody, TransitionTrigger } from './domain';

export type Audience = 'resident' | 'staff';

/** The community office, as residents and staff name it (its phone button says the same). */
export const OFFICE = '社区办公室';

/** A status as the words tell it apart: waiting and held are split by where the case is (the studio or the office). */
export type StatusKey = 'pending-studio' | 'pending-office' | 'claimed-studio' | 'claimed-office' | 'resolved' | 'rejected' | 'cancelled' | 'merged';

export function statusKey(status: CaseStatus, target: RouteTarget): StatusKey {
  if (status === 'pending' || status === 'claimed') return `${status}-${target}`;
  return status;
}

/** The status in words, by audience. */
export const STATUS_WORDS: Record<Audience, Record<StatusKey, string>> = {
  resident: {
    'pending-studio': '等工作室的书记接手',
    'pending-office': `已交给${OFFICE}`,
    'claimed-studio': '书记正在办',
    'claimed-office': '社区正在办',
    resolved: '已经办好了',
    rejected: '社区说明了不能办的原因',
    cancelled: '您已撤回',
    merged: '和同一件事合在一起办了',
  },
  staff: {
    'pending-studio': '等待认领',
    'pending-office': '已上报社区',
    'claimed-studio': '处理中',
    'claimed-office': '处理中',
    resolved: '已办结',
    rejected: '不予受理',
    cancelled: '已撤回',
    merged: '已合并',
  },
};

/** The resident's status words in at most 5 Chinese characters: WeChat's `phrase` field in the reporter's messages. */
export const STATUS_PHRASES: Record<StatusKey, string> = {
  'pending-studio': '等书记接手',
  'pending-office': '交给社区了',
  'claimed-studio': '书记正在办',
  'claimed-office': '社区正在办',
  resolved: '已经办好了',
  rejected: '社区不能办',
  cancelled: '您已撤回',
  merged: '合在一起办',
};

/** The office dashboard's status rows (waiting counts both places). */
export const DASHBOARD_STATUS_WORDS: Record<'pending' | 'claimed' | 'resolved' | 'rejected', string> = {
  pending: '等待处理',
  claimed: STATUS_WORDS.staff['claimed-studio'],
  resolved: STATUS_WORDS.staff.resolved,
  rejected: STATUS_WORDS.staff.rejected,
};

/** What the case waits for next and by when (`at` already in words, e.g. 「11月27日 08:45」). */
export function expectationWords(audience: Audience, kind: 'claim' | 'resolve', target: RouteTarget, at: string): string {
  if (kind === 'resolve') return `预计${at}前办好`;
  if (target === 'office') return `${OFFICE}预计${at}前处理`;
  return audience === 'resident' ? `预计${at}前有书记接手` : `预计${at}前有人认领`;
}

/** Why a case went up to the office, as staff read it in the timeline (「系统」 or the member's name comes before). */
export const STAFF_ESCALATION_WORDS: Record<TransitionTrigger, string> = {
  manual: '上报社区',
  'claim-sla': '超时无人认领，自动上报社区',
  'resolve-sla': '超时未办结，自动上报社区',
  reopen: '居民再次反映，上报社区',
  'no-duty': '交接班时当班组成员都不在岗，上报社区',
};

/** Why a case went up to the office, in the resident's words (a member's own reason follows 「：」). */
const RESIDENT_ESCALATION_WORDS: Record<TransitionTrigger, string> = {
  manual: `交给${OFFICE}来办`,
  'claim-sla': `值班的书记没能及时接手，已交给${OFFICE}`,
  'resolve-sla': `书记没能及时办好，已交给${OFFICE}接着办`,
  reopen: `您又反映了一次，已交给${OFFICE}`,
  'no-duty': `值班的书记都不在，已交给${OFFICE}`,
};

/**
 * An escalation in the resident's words: the SLA clock and 交接班 say why without 超时 or 认领; a member's escalation
 * names them (or 「书记」) and quotes their reason.
 */
export function residentEscalation(trigger: TransitionTrigger, by: string | null, reason: string | null): string {
  if (trigger !== 'manual') return RESIDENT_ESCALATION_WORDS[trigger];
  return `${by ?? '书记'}${RESIDENT_ESCALATION_WORDS.manual}${reason ? `：${reason}` : ''}`;
}

/** The routing rules that send a new case to the office, in the resident's words. */
export type OfficeRule = Exclude<RouteRule, 'on-duty' | 'next-shift' | 'office-return' | 'escalated'>;
export const RESIDENT_OFFICE_WORDS: Record<OfficeRule, string> = {
  emergency: `紧急情况，已交给${OFFICE}马上处理`,
  'office-only': `这类事由${OFFICE}办`,
  'urgent-off-hours': `不在值班时间，事情急，已交给${OFFICE}`,
  'nobody-available': `值班的书记都不在，已交给${OFFICE}`,
  'held-for-review': `${OFFICE}先看一下，再安排人办`,
};

/**
 * Why a new case went straight to the office, in the resident's words; null for a rule that keeps it in the studio
 * (those reasons — 「由第二组值班成员处理：王思瑛等」 — are plain already) and for escalations (`residentEscalation`).
 * `officeReason`: the category's own reason, for office-only categories (「证明需社区出具」).
 */
export function residentOfficeReason(rule: RouteRule, opts: { officeReason?: string | null; alerted?: boolean } = {}): string | null {
  if (!(rule in RESIDENT_OFFICE_WORDS)) return null;
  const words = RESIDENT_OFFICE_WORDS[rule as OfficeRule];
  if (rule === 'office-only' && opts.officeReason) return `${opts.officeReason}，已交给${OFFICE}`;
  if (rule === 'emergency' && opts.alerted) return `${words}，也告诉了值班的书记`;
  return words;
}

/** Steps of a case's history in the resident's words, where the staff words would say 认领, 办结 or 不予受理. */
export const RESIDENT_STEPS = {
  claimed: (name: string) => `${name}接手了这件事`,
  released: (name: string, reason: string | null) => `${name}暂时办不了，请其他书记接手${reason ? `：${reason}` : ''}`,
  resolved: (name: string, note: string) => `${name}办好了：${note}`,
  rejected: (reason: string) => `${STATUS_WORDS.resident.rejected}：${reason}`,
  /** The office gave it to a colleague, or one of them took it. */
  assigned: (name: string) => `社区的${name}在办`,
  /** The office gave it from one colleague to another. */
  reassigned: (name: string) => `改由社区的${name}来办`,
};

/** Tags on the steps that moved a case (the case page's 「经过」), by audience. */
export const TIMELINE_TAGS: Record<Audience, Partial<Record<TimelineKind, string>>> = {
  staff: {
    escalated: '上报社区',
    reopened: '重新反映',
    returned: '退回工作室',
    recategorised: '改类别',
    released: '放回',
    'handed-over': '转交',
    assigned: '指派',
    transferred: '转办',
    noted: '进展',
    rejected: '不予受理',
    urged: '催一催',
    cancelled: '撤回',
    confirmed: '已确认解决',
    rated: '评价',
    joined: '同一件事',
    merged: '合并',
    'follow-up': '回访',
    'call-back-taken': '回访电话',
    'followed-up': '回访',
  },
  resident: {
    escalated: '交给社区',
    reopened: '重新反映',
    returned: '交回工作室',
    recategorised: '改类别',
    released: '另请书记',
    'handed-over': '换人办',
    assigned: '社区安排',
    transferred: '请外单位办',
    noted: '进展',
    rejected: '不能办',
    urged: '催一催',
    cancelled: '撤回',
    confirmed: '已确认解决',
    rated: '评价',
    joined: '同一件事',
    merged: '合在一起办',
    'follow-up': '回访',
    'call-back-taken': '回访电话',
    'followed-up': '回访',
  },
};

/** The question a resident is asked before filing when an open case looks like the same matter, and its two answers. */
export const DUPLICATE_WORDS = {
  question: '是不是这件事？',
  join: '是这件事，一起等结果',
  separate: '不是，我要单独反映',
  /** What a follower reads on the case page instead of the reporter's name. */
  otherResident: '其他居民',
  /** Told to the people of a merged case (message centre): where to look from now on. */
  mergedInto: (code: string) => `这件事和事项${code}是同一件事，已合在一起办，以后的进展都会告诉您`,
};

/** The extra tag on an escalation the SLA clock made: staff only (the resident's step says why in words). */
export const SLA_TAG: Record<Audience, string | null> = { staff: '超时自动上报', resident: null };

/** The mark on a case past its next step's deadline. */
export const OVERDUE_MARK: Record<Audience, string> = { staff: '已超时', resident: '过了预计时间' };

/**
 * 督办's yellow mark: 75 % of the next step's time is gone. Staff only — a resident is shown nothing alarming before
 * the deadline (the view sends them no yellow).
 */
export const DUE_SOON_MARK = '快到时间了';

/** The heading over the office's reason for refusing a case. */
export const REJECTION_HEADING: Record<Audience, string> = { staff: '不予受理的原因', resident: '不能办的原因' };

/** The outside bodies the office hands cases to (转办), as everyone names them. */
export const TRANSFER_BODY_NAMES: Record<Exclude<TransferBody, 'other'>, string> = {
  property: '物业',
  hotline: '12345热线',
  street: '街道',
  water: '自来水公司',
  power: '供电公司',
  gas: '燃气公司',
};

/** 「12月3日」 from YYYY-MM-DD. */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/**
 * 转办 in each audience's words: staff 「已转交 物业（工单号 W123）」, the resident 「已请物业处理（工单号 W123），预计12月3日前办好」.
 */
export function transferWords(audience: Audience, bodyName: string, ticket: string, expectedDate: string): string {
  return audience === 'staff'
    ? `已转交 ${bodyName}（工单号 ${ticket}），预计${monthDay(expectedDate)}前办好`
    : `已请${bodyName}处理（工单号 ${ticket}），预计${monthDay(expectedDate)}前办好`;
}

/** The 办结 note of a transferred case: what the outside body did, in the office's words (「物业回复：已换新水管」). */
export function transferOutcomeNote(bodyName: string, outcome: string): string {
  return `${bodyName}回复：${outcome}`;
}

/** The 三率 in the order a 通报 prints them. */
export const RATE_KEYS: ReadonlyArray<keyof ThreeRates> = ['response', 'solved', 'satisfied'];

/**
 * The 三率 as 12345 接诉即办 judges a unit: each one's name and how it is counted, in plain words. The 通报 prints the
 * definition beside each figure (the printable page and the Excel file), so the 街道 reads what was counted.
 */
export const RATE_DEFINITIONS: Record<keyof ThreeRates, { name: string; definition: string }> = {
  response: { name: '响应率', definition: '在认领时限内认领或处理的事项 ÷ 认领时限在本期内到期的事项' },
  solved: { name: '解决率', definition: '回访时答「解决了」的事项 ÷ 本期有回访答复的事项' },
  satisfied: { name: '满意率', definition: '回访时答「满意」或「基本满意」的事项 ÷ 本期有回访答复的事项' },
};
