/** Wire shapes (DTOs) shared by pages and cloud functions. Dates travel as ISO-8601 strings. */
import type { Category, CommunityConfig, Compound, Leave, QuickReplyStep } from './config';
import type { Audience } from './words';

export type Role = 'resident' | 'member' | 'office' | 'admin';

/** Case lifecycle states, as string literals (never numbers). */
export type CaseStatus = 'pending' | 'claimed' | 'resolved' | 'rejected' | 'cancelled' | 'merged';

/** Where a routed case waits: the studio's duty pool or the community office. */
export type RouteTarget = 'studio' | 'office';

/** Which routing rule decided. */
export type RouteRule =
  | 'office-only' // the category is handled by the community office only
  | 'emergency' // office now, and the duty group alerted
  | 'on-duty' // the pool of the group on duty now
  | 'next-shift' // outside duty hours: the pool of the next group on duty
  | 'urgent-off-hours' // outside duty hours and urgent: office
  | 'nobody-available' // the group due is all on leave, or no shift ahead: office
  | 'office-return' // the office sent it back to the studio pool
  | 'escalated' // moved up to the office by a member, the resident's second reopen, or the SLA clock
  | 'held-for-review'; // content security said "review": the office reads it first

/** What moved a case: a person, or the SLA clock. */
export type TransitionTrigger = 'manual' | 'claim-sla' | 'resolve-sla' | 'reopen' | 'no-duty';

export interface Place {
  /** Compound (小区) id from configuration, e.g. "hongqiao". */
  compoundId: string;
  /** Building, free text such as "3幢". */
  building: string;
  /** Unit / room, free text such as "2单元401". */
  unit: string;
}

/** 地点码: one poster's code, its place and its image (a temporary link to the PNG in cloud storage). */
export interface PlaceCodeView {
  code: string;
  building: string;
  /** '' for a whole building's poster. */
  unit: string;
  imageUrl: string;
}

/** A scanned 地点码 resolved: the place the report fills in, with the compound's current name. */
export interface ScannedPlace {
  code: string;
  place: Place;
  compoundName: string;
}

/** A category as the report page shows it (icon, name, examples) and routes it. */
export type CategoryView = Pick<Category, 'id' | 'name' | 'examples' | 'icon' | 'handler' | 'emergency'>;

export type CompoundView = Compound;

export interface RoutingView {
  target: RouteTarget;
  rule: RouteRule;
  /** Duty group whose pool holds the case (studio target), else null. */
  groupId: string | null;
  groupName: string | null;
  /** Group alerted although the office holds the case (emergencies). */
  alertGroupId: string | null;
  /** Plain Chinese sentence in the viewer's words (types/words.ts): who handles it and why. */
  reason: string;
}

/** What the case waits for next and by when (from the category's SLA, counted in duty time). */
export interface ExpectationView {
  kind: 'claim' | 'resolve';
  /** ISO instant. */
  by: string;
  /** Plain words, e.g. "预计11月27日 09:00前有人认领". */
  text: string;
}

export interface PersonRef {
  id: string;
  name: string;
}

/** When a case's photo was taken: with the report (the resident's), or when the case was resolved (办结, the holder's). */
export type PhotoStage = 'report' | 'resolve';

/** When a voice note was recorded: with the report (the resident's), with a progress note (写进展) or at 办结 (the holder's). */
export type VoiceStage = 'report' | 'note' | 'resolve';

/**
 * A voice note as one viewer may hear it: `url` (a temporary download link) only when this caller may hear it now;
 * otherwise null with `note` saying why (「语音正在做安全检查，通过后才能听」). `note` is '' when there is nothing to say.
 */
export interface VoiceView {
  url: string | null;
  /** Whole seconds, 1..60. */
  seconds: number;
  note: string;
}

export type TimelineKind =
  | 'submitted'
  | 'routed'
  | 'claimed'
  | 'resolved'
  | 'escalated'
  | 'reopened'
  | 'returned'
  | 'recategorised'
  | 'released' // the holder put it back in the pool
  | 'handed-over' // the holder passed it to a named colleague
  | 'assigned' // the office gave it to an office worker
  | 'noted' // a progress note
  | 'rejected' // the office refused it (spam/abuse), with a reason the resident sees
  | 'urged' // the resident asked for it to be hurried (催单)
  | 'cancelled' // the resident withdrew it before anyone claimed it
  | 'confirmed' // the resident confirmed it is solved
  | 'rated' // the resident rated the service
  | 'shift-handover' // at a shift change, an unclaimed case passed to the incoming duty group (交接班)
  | 'follow-up' // the system asked the resident (回访), or an unanswered 回访 became a call-back task
  | 'call-back-taken' // a duty member took the call-back task (they see the phone)
  | 'followed-up' // the 回访 was answered: by the resident, or recorded by the member who called them
  | 'joined' // another resident said it is the same matter (「是这件事，一起等结果」)
  | 'merged' // merged into another case (the duplicate's step) or another case merged into it (the kept case's)
  | 'photo-removed' // a photo failed WeChat's content check (security.mediaCheckAsync) and was deleted
  | 'voice-removed' // a voice note failed WeChat's content check (mediaCheckAsync, media_type 1) and was deleted
  | 'transferred'; // the office handed it to an outside body (转办: 物业, 12345, 街道, a utility…) with its 工单号

/** Outside bodies the office hands a case to (转办); 'other' carries its own name. Names: TRANSFER_BODY_NAMES (types/words.ts). */
export type TransferBody = 'property' | 'hotline' | 'street' | 'water' | 'power' | 'gas' | 'other';

/** 转办 on the case page: to whom, the outside body's 工单号, when they expect to be done, and the line in the viewer's words. */
export interface TransferView {
  body: TransferBody;
  /** 「物业」「12345热线」… or the office's own words for another body. */
  bodyName: string;
  /** The outside body's work-order number. */
  ticket: string;
  /** The expected date, YYYY-MM-DD. */
  expectedDate: string;
  at: string;
  by: PersonRef;
  /** Staff: 「已转交 物业（工单号 …）」; the resident: 「已请物业处理（工单号 …），预计12月3日前办好」. */
  text: string;
}

export interface TimelineEntryView {
  at: string;
  kind: TimelineKind;
  /** Plain Chinese description of the step, including the reason where there is one. */
  text: string;
  /** Who acted; null when the system did (routing, the SLA clock). */
  by: PersonRef | null;
  /** What triggered an escalation or reopen. */
  trigger?: TransitionTrigger;
  /** A voice note recorded with this step (写进展, 办结), as this caller may hear it. */
  voice?: VoiceView;
}

export interface CaseSummary {
  id: string;
  /** Short number residents can read out on the phone, e.g. "A7K2Q9". */
  code: string;
  status: CaseStatus;
  /**
   * Status in the viewer's words (types/words.ts): a resident reads 「等工作室的书记接手」 / 「书记正在办」 /
   * 「已经办好了」, staff 等待认领 / 处理中 / 已办结.
   */
  statusText: string;
  /** Whose words this row and its case page use: the resident's plain words, or staff's working words. */
  audience: Audience;
  categoryId: string;
  categoryName: string;
  description: string;
  placeText: string;
  createdAt: string;
  /** Who holds the case now, in words: "第二组值班成员" / "王思瑛" / "社区办公室". */
  holderText: string;
  /** True when the case waits in a pool preferred for the caller (their stewarded compound). */
  preferred?: boolean;
  /** Emergency category, or the resident said it cannot wait. */
  urgent: boolean;
  /** Deadline of the next step (claim or resolve), ISO; null when none. */
  dueAt: string | null;
  /** The deadline has passed (督办's red). */
  overdue: boolean;
  /**
   * 督办's yellow: 75 % of the next step's duty-time budget is gone and the deadline has not passed. Staff only: always
   * false for a resident.
   */
  dueSoon: boolean;
  /** 督办 (staff only): the resident's words when a 回访 was answered 不满意 ('' when they said nothing more). */
  supervisionComment?: string;
}

/** A case a duty member handed over or escalated (「我经手的」): where it is now, and the member's last such step. */
export interface HandledCase extends CaseSummary {
  /** My last step: a hand-over, an escalation, or (when I did neither) filing it for a resident (代办). */
  myStep: { kind: 'handed-over' | 'escalated' | 'filed'; text: string; at: string };
}

export interface CaseView extends CaseSummary {
  place: Place;
  residentName: string;
  /** Masked unless the caller holds the case. */
  contactPhone: string;
  routing: RoutingView;
  holder: PersonRef | null;
  resolution: { note: string; at: string; by: PersonRef } | null;
  /** Next step and its deadline, or null when nothing is awaited (resolved, or waiting on the office). */
  expectation: ExpectationView | null;
  timeline: TimelineEntryView[];
  /** How many times the resident reopened it. */
  reopenCount: number;
  /**
   * Who the case is for when the reporter is not the person at the place: a member's 代办 for a resident without a
   * smartphone, or a resident's report for one of their saved places (家人的地址: `label` is set, e.g. 「我父母家」).
   * Updates go to the reporter. The phone is masked unless the caller holds the case (or took its call-back task).
   */
  filedFor: { name: string; phone: string; label?: string } | null;
  /**
   * A report for a saved place (家人的地址): the reporter, who lives elsewhere, with their own phone (masked unless the
   * caller holds the case or took its call-back task); null otherwise, and for viewers without the details.
   */
  reporterContact: { name: string; phone: string } | null;
  /** Why the office refused it (status rejected). */
  rejection: { reason: string; at: string; by: PersonRef } | null;
  /**
   * Photo URLs to show (temporary download links): only the photos this caller may see now — the report's first,
   * then those taken at 办结 (see `photoStages`).
   */
  photos: string[];
  /**
   * One per entry of `photos`: a plain sentence about its content check for this caller, '' when there is nothing to
   * say (e.g. the uploader's own photo still being checked: 「正在做安全检查，通过后处理的人才能看到」).
   */
  photoNotes: string[];
  /** One per entry of `photos`: taken with the report ('report') or when the case was resolved ('resolve'). */
  photoStages: PhotoStage[];
  /**
   * The report's photos this caller may not see yet (WeChat's content check has not passed them): how many, and the
   * sentence to show in their place (「有1张照片还在检查，暂时看不到」); null when there are none (or the caller sees
   * no details).
   */
  photosWaiting: { count: number; text: string } | null;
  /** The same for the photos taken at 办结 (「办好后的照片有1张还在检查，暂时看不到」). */
  resolutionPhotosWaiting: { count: number; text: string } | null;
  /**
   * The report's voice note, as this caller may hear it (core/voice-checks.ts); null when there is none, or the caller
   * sees no details (a private case's pool).
   */
  voice: VoiceView | null;
  /** When the resident last urged it, and when they may urge again (at most once every 2 hours). */
  urge: { last: string | null; next: string | null };
  /**
   * For the reporter of an open studio case while nobody is on duty: when an urge will be seen, in words
   * (「现在是下班时间，明天 08:30 值班的人会先看到」); null on duty.
   */
  urgeNote: string | null;
  /** The resident confirmed it is solved (ISO), or null. */
  confirmedAt: string | null;
  /** The resident's rating, 1–5 stars each, or null (stored before 回访 replaced it; shown as before). */
  rating: Rating | null;
  /** The 回访 of the latest 办结, or null (never resolved, or resolved before 回访 existed). */
  followUp: FollowUpView | null;
  /** 督办: the resident was not satisfied, with their words — for staff only (null for residents and when none). */
  supervision: { comment: string; at: string; satisfaction: Satisfaction } | null;
  /** Private category, seen by someone who does not hold it: description, name and phone are hidden. */
  redacted: boolean;
  /** The full phone number may be dialled by the caller (the holder): tap to call. */
  canCall: boolean;
  /** Colleagues the holder may hand the case to (only filled when can.handOver). */
  handOverCandidates: PersonRef[];
  /** Office workers the case may be assigned to (only filled when can.assign). */
  assignees: PersonRef[];
  /** For this caller, so the page needs no second call: whether they reported it, the templates the reopen tap asks
   * for, whether its category is an emergency, and the office phone to offer (null for the office itself). */
  /** 转办: the outside body it was handed to (everyone who may see the case sees this), or null. */
  transfer: TransferView | null;
  forMe: { reported: boolean; reopenTemplates: string[]; emergency: boolean; officePhone: string | null; following: boolean };
  /** A case merged into another (status merged): the case to follow from now on. */
  mergedInto: { id: string; code: string } | null;
  /** What the caller may do now (computed by the core's permission table). */
  can: {
    claim: boolean;
    resolve: boolean;
    note: boolean;
    release: boolean;
    handOver: boolean;
    escalate: boolean;
    reopen: boolean;
    returnToStudio: boolean;
    recategorise: boolean;
    assign: boolean;
    reject: boolean;
    urge: boolean;
    cancel: boolean;
    confirm: boolean;
    rate: boolean;
    /** Merge this case (a duplicate) into another open case of the same matter (members involved, the office). */
    merge: boolean;
    transfer: boolean;
    transferOutcome: boolean;
    /** The reporter may answer the 回访 (from 办结 until answered). */
    followUp: boolean;
    /** A duty member (or office) may take the call-back task and see the phone. */
    takeCallBack: boolean;
    /** The member who took the call-back task may record the resident's answers. */
    recordCallBack: boolean;
    /** 督办: the office ends it, saying what was done about the resident's 不满意. */
    closeSupervision: boolean;
  };
}

/**
 * An open case that may be the matter a resident is about to report (「是不是这件事？」): never a private case, and
 * never who reported it — the category, the place, the description's first words, the status in the resident's
 * words, and when it was reported.
 */
export interface SimilarCase {
  id: string;
  code: string;
  categoryName: string;
  placeText: string;
  /** The description's first words (at most SIMILAR_EXCERPT characters, then 「…」). */
  excerpt: string;
  statusText: string;
  createdAt: string;
  /** When it was reported, in words (「11月27日 08:45」). */
  reportedText: string;
}

/** 回访's second question: 满意 / 基本满意 / 不满意. */
export type Satisfaction = 'satisfied' | 'basic' | 'unsatisfied';

/** What a 回访 asks: is it solved, is the resident satisfied, anything else to say (optional). */
export interface FollowUpAnswer {
  solved: boolean;
  satisfaction: Satisfaction;
  comment: string;
}

/**
 * The 回访 of a resolved case: waiting (answerable, not asked yet), asked (the resident was sent the question),
 * calling (nobody answered: a call-back task for the group on duty), done (answered).
 */
export interface FollowUpView {
  stage: 'waiting' | 'asked' | 'calling' | 'done';
  /** The answer once given; `calledBy` is the member who phoned the resident (null when the resident answered). */
  answer: (FollowUpAnswer & { at: string; calledBy: PersonRef | null }) | null;
  /** The member who took the call-back task, or null. */
  caller: PersonRef | null;
}

export interface Rating {
  /** Stars 1–5 for the result, the speed and the attitude. */
  result: number;
  speed: number;
  attitude: number;
  comment: string;
}

/** One entry of the in-app message centre (every notification, whether or not WeChat delivered it). */
export interface MessageView {
  id: string;
  at: string;
  title: string;
  text: string;
  caseId: string | null;
  read: boolean;
  /** How the WeChat message went: sent, waiting for a retry, not sent for lack of a subscription, or failed. */
  delivery: 'sent' | 'retrying' | 'no-credit' | 'failed' | 'in-app' | 'sending';
}

export interface DutyView {
  /** Group on duty now, or null outside duty hours. */
  groupId: string | null;
  groupName: string | null;
  /** Duty hours as text, e.g. "08:30–17:30". */
  hours: string;
  /** Members of the group on duty (those on leave today are left out). */
  members: PersonRef[];
  /** The community office's phone, for anything the studio cannot handle. */
  officePhone: string;
  /** The caller's own situation. */
  me: {
    groupName: string | null;
    /** My group is on duty now and I am not on leave. */
    onDuty: boolean;
    onLeave: boolean;
    /** Open cases I hold, and the most I may hold. */
    openCount: number;
    cap: number;
    /** Why I cannot claim now, in words; null when I can. */
    cannotClaimBecause: string | null;
    /** The templates the 「开启新事项提醒」 tap asks for (empty when none is configured). */
    alertTemplates: string[];
  };
}

/** One of the office console's queues. */
export type OfficeQueue = 'escalated' | 'office-only' | 'emergency' | 'overdue' | 'open' | 'supervise';

export interface OfficeQueuesView {
  queue: OfficeQueue;
  /** How many cases each queue holds now. */
  counts: Record<OfficeQueue, number>;
  cases: CaseSummary[];
  /** Page number (0-based) and whether another page follows (≤ 100 per page). */
  page: number;
  hasMore: boolean;
  /** 「交给我的」: the office cases the caller holds now (assigned to them, or taken), oldest first. */
  mine: CaseSummary[];
}

export interface Counted {
  key: string;
  /** Plain words for the key (status text, category or compound name). */
  label: string;
  count: number;
}

export interface DurationStats {
  /** Minutes; null when there is no case to measure. */
  median: number | null;
  p90: number | null;
  /** How many cases were measured. */
  n: number;
}

export interface DashboardView {
  /** Start of the window (ISO); cases created since then (and before `until`) are counted. */
  since: string;
  /** End of the window (ISO, not included). */
  until: string;
  /** The window as local dates, both included. */
  from: string;
  to: string;
  days: number;
  /** 三率 over the window, broken down and week by week. */
  rates: RatesView;
  total: number;
  byStatus: Counted[];
  byCategory: Counted[];
  byCompound: Counted[];
  /** 「小事不出楼道」率: resolved cases the studio solved without any escalation, over all resolved cases. */
  studioSolved: { count: number; resolved: number; share: number | null };
  /** Wall-clock minutes from report to first claim, and from report to resolution. */
  timeToClaim: DurationStats;
  timeToResolve: DurationStats;
  /** Open cases past their deadline, most overdue first (at most 20). */
  overdue: CaseSummary[];
  /** 转办 among the cases reported in the window, by outside body: how many were handed over and how many are still open. */
  transfers: Array<{ body: TransferBody; label: string; count: number; open: number }>;
  /** Per member: open cases held now and cases resolved in the window (a basis for volunteer-hours credit). */
  members: Array<{ id: string; name: string; groupName: string | null; open: number; solved: number }>;
}

export interface MeView {
  openid: string;
  role: Role;
  name: string;
  /** Member's duty group, if a member. */
  groupId: string | null;
  groupName: string | null;
  /** Last place the resident used, to prefill the form. */
  lastPlace: Place | null;
  categories: CategoryView[];
  compounds: CompoundView[];
  /** Subscription template ids the client asks for at the submit tap. */
  subscribeTemplateIds: string[];
  /** Which templates to ask for at which tap: submit and reopen (residents), top-up (duty members' alerts). */
  subscribe: { onSubmit: string[]; onReopen: string[]; memberAlerts: string[] };
  /** Remaining one-time subscription credits per template, as this server counts them. */
  credits: Record<string, number>;
  /** Unread messages in the message centre (the badge). */
  unreadMessages: number;
  /** The community office's phone (the call-now banner for emergencies). */
  officePhone: string;
  /** 常用语 per step for staff (the case page's chips above a step's text); null for residents. */
  quickReplies: Record<QuickReplyStep, string[]> | null;
  /** 家人的地址: the places this resident saved to report for someone else (only ever their own; [] for staff). */
  savedPlaces: SavedPlace[];
}

/**
 * 家人的地址 (issue 14 item 3): a place a resident reports for, away from their own — a label (「我父母家」), the place and
 * the person there (王大伯, 138…). Stored on the resident's own record; only they ever see the list.
 */
export interface SavedPlace {
  id: string;
  label: string;
  place: Place;
  name: string;
  phone: string;
}

/** An invite code an admin created: whoever redeems it takes the role (single use, until it expires). */
export interface InviteView {
  code: string;
  role: 'member' | 'office' | 'admin';
  groupId: string | null;
  expiresAt: string;
  createdBy: PersonRef;
  usedBy: PersonRef | null;
  usedAt: string | null;
  /** 可以使用 / 已使用 / 已过期 / 已作废 */
  stateText: string;
}

/** A person as the admin pages list them. */
export interface PersonAdminView {
  /** The person's WeChat openid (also the id of their user record). */
  id: string;
  role: Role;
  name: string;
  phone: string;
  /** Duty group, for members. */
  groupId: string | null;
  /** Compounds this member stewards (楼道红管家). */
  compounds: string[];
  /** Periods a member is off (local dates, inclusive). */
  leave: Leave[];
}

/** One entry of the audit log: who changed what, when, before and after. */
export interface AuditView {
  at: string;
  by: PersonRef;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  /** Who did what to whom, in words with names (no ids): 「社区信息员 把 陈奶奶 设为 工作室成员（第二组）」. */
  summary: string;
  /** What changed, one readable line each: 「轮换单位：天 → 周」. */
  changes: string[];
}

/** The editable community configuration (what the admin pages edit): the one definition in types/config.ts. */
export type CommunityConfigView = CommunityConfig;

/** Who is on duty on each of the next days (calendar preview of the rota). */
export interface RotaDayView {
  date: string;
  weekday: string;
  groupId: string | null;
  groupName: string | null;
  hours: string | null;
  /** Members of that group not on leave that day. */
  members: PersonRef[];
  note: string | null;
}

/** One 三率 figure: `n` of `of`; `rate` = n / of, null when nothing was counted (of = 0). */
export interface Rate {
  n: number;
  of: number;
  rate: number | null;
}

/** 三率 as 12345 接诉即办 judges a unit (definitions: RATE_DEFINITIONS in types/words.ts). */
export interface ThreeRates {
  /** 响应率: cases claimed or acted on within their claim time / cases whose claim time ended in the window. */
  response: Rate;
  /** 解决率: 回访 answers 「解决了」 / cases with a 回访 answer in the window. */
  solved: Rate;
  /** 满意率: (满意 + 基本满意) / 回访 answers in the window. */
  satisfied: Rate;
}

/** 三率 of one part: a duty group, a member, a category, a compound, or a week (key = the Monday, YYYY-MM-DD). */
export interface RatesRow extends ThreeRates {
  key: string;
  label: string;
}

/** 三率 over a window [from, to): the whole, broken down, and week by week. */
export interface RatesView {
  /** Local dates (YYYY-MM-DD), both included. */
  from: string;
  to: string;
  total: ThreeRates;
  /** By the duty group whose pool the case first went to (响应率) and the group of the one who resolved it (解决率, 满意率); the office is a row of its own. */
  byGroup: RatesRow[];
  /** By the member who resolved the case (响应率 is not counted per person: a case nobody claimed has no person). */
  byMember: RatesRow[];
  byCategory: RatesRow[];
  byCompound: RatesRow[];
  /** Week by week (Monday to Sunday in the community's time zone), oldest first; every week of the window has a row. */
  weeks: RatesRow[];
}

/** A 通报 for the 街道: weekly (made by the timer on Mondays), monthly (on the 1st), or for a range the office chose. */
export type ReportKind = 'week' | 'month' | 'range';

/** One case as a report lists it (the Excel file's 「事项」 sheet). No reporter's name or phone; a private case has no description. */
export interface ReportCaseRow {
  code: string;
  /** Local date and time reported, 「2026-11-23 09:15」. */
  reportedAt: string;
  category: string;
  compound: string;
  /** Building only (no unit or room). */
  building: string;
  /** A short summary (≤ 40 characters); 「（隐私事项）」 for a private case. */
  summary: string;
  /** Staff words for the status (等待认领, 处理中, 已办结, 已上报社区 …). */
  status: string;
  /** Who resolved it or holds it now; '' when nobody. */
  holder: string;
  /** The duty group or 社区办公室. */
  group: string;
  /** Responded within the claim time: 是 / 否 / '' (its claim time has not ended). */
  respondedInTime: '是' | '否' | '';
  /** Local date and time resolved, or ''. */
  resolvedAt: string;
  /** 回访: 解决了 / 没解决 / ''. */
  solved: string;
  /** 回访: 满意 / 基本满意 / 不满意 / ''. */
  satisfaction: string;
  /** 转办: 「物业 工单号 WY-1234」 or ''. */
  transfer: string;
  /** Overdue now: 是 or ''. */
  overdue: '是' | '';
}

/** Everything a 通报 holds; the printable page and the Excel file are both made from it. */
export interface ReportData {
  kind: ReportKind;
  /** 「2026年第48周通报（11月23日—11月29日）」 */
  title: string;
  /** The community's name, printed at the top. */
  community: string;
  /** Local dates, both included. */
  from: string;
  to: string;
  /** ISO instant; by the timer when generatedBy is null. */
  generatedAt: string;
  generatedBy: PersonRef | null;
  totals: {
    /** Cases reported in the window (a merged duplicate counts once, as its kept case). */
    reported: number;
    resolved: number;
    /** Still open at the end of the window. */
    open: number;
    cancelled: number;
    rejected: number;
    /** 「小事不出楼道」: resolved cases the studio solved without escalation, over all resolved. */
    studioSolved: Rate;
  };
  rates: RatesView;
  /** Cases reported, by category / compound (count) — rates by the same keys are in `rates`. */
  byCategory: Counted[];
  byCompound: Counted[];
  /** Per duty group and member: resolved in the window, and 回访 calls made. */
  members: Array<{ name: string; groupName: string; resolved: number; calls: number }>;
  /** Open cases past their deadline at the end of the window, most overdue first. */
  overdue: Array<{ code: string; category: string; compound: string; holder: string; dueAt: string; overdueText: string }>;
  /** 转办 by outside body, and each one of the window. */
  transfers: Array<{ body: string; count: number; open: number }>;
  transferList: Array<{ code: string; body: string; ticket: string; expected: string; outcome: string }>;
  /** Cases worth the 街道's attention: 不满意 with its comment, reopened, longest to resolve, urgent. */
  notable: Array<{ code: string; category: string; why: string; summary: string }>;
  /** Every case reported in the window (the 「事项」 sheet), oldest first; at most REPORT_CASE_LIMIT. */
  cases: ReportCaseRow[];
  /** True when there were more cases than the sheet lists. */
  casesTruncated: boolean;
}

/** A stored 通报 as the office and admin list it. */
export interface ReportListItem {
  id: string;
  kind: ReportKind;
  title: string;
  from: string;
  to: string;
  generatedAt: string;
  /** 「自动生成」 or who made it. */
  madeBy: string;
  /** Bytes of the printable page and of the Excel file. */
  sizes: { html: number; xlsx: number };
}

/** 志愿服务记录: what a member did, one of their acts on a case (认领, 办结, a 回访 call). */
export type ServiceActKind = 'claimed' | 'resolved' | 'call';

/** One duty shift a member served: the local date, its weekday, the duty hours 「08:30–17:30」 and their length in hours. */
export interface ServiceShiftView {
  date: string;
  weekday: string;
  hours: string;
  length: number;
}

/** One act on a case, as the record lists it. */
export interface ServiceItemView {
  at: string;
  /** Local date, YYYY-MM-DD. */
  date: string;
  caseId: string;
  code: string;
  /** The category's name. */
  category: string;
  kind: ServiceActKind;
  /** 认领 / 办结 / 回访电话 */
  what: string;
}

/** 志愿服务记录 of one member for one month (民政部令第67号): the shifts served, the acts counted, each act listed. */
export interface ServiceRecordView {
  member: PersonRef;
  groupName: string | null;
  /** YYYY-MM, and 「2026年11月」. */
  month: string;
  monthText: string;
  /** The month is the current one (its later days are not counted yet; no later month has a record). */
  current: boolean;
  community: string;
  /** Who keeps the record: 「社区书记工作室」. */
  keeper: string;
  /** Duty shifts served (days up to today; leave days left out), oldest first. */
  shifts: ServiceShiftView[];
  totals: { shifts: number; hours: number };
  /** Cases claimed, cases resolved, 回访 calls made in the month. */
  counts: { claimed: number; resolved: number; calls: number };
  /** Each act, oldest first (at most SERVICE_ITEM_LIMIT: itemsTruncated says when more were counted). */
  items: ServiceItemView[];
  itemsTruncated: boolean;
  generatedAt: string;
  /** How the record was made, one sentence each (「值班按现在的分组和排班推算」…). */
  footnote: string[];
}
