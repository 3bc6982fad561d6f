/**
 * The contract between pages and cloud functions: per function, per action, the request and the response.
 * NOTE: identity is never part of a request — functions take it from getWXContext().
 */
import type { Leave } from './config';
import type {
  AuditView,
  CaseSummary,
  CaseView,
  CommunityConfigView,
  DashboardView,
  DutyView,
  FollowUpAnswer,
  HandledCase,
  InviteView,
  MeView,
  MessageView,
  OfficeQueue,
  OfficeQueuesView,
  ReportListItem,
  PersonAdminView,
  Place,
  PlaceCodeView,
  ScannedPlace,
  RotaDayView,
  SavedPlace,
  ServiceRecordView,
  SimilarCase,
  TransferBody,
} from './domain';

/** What the resident's WeChat answered per template at the subscribe prompt. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

/** A recorded voice note uploaded before the step: its cloud storage file id (the caller's own) and its whole seconds, 1..60. */
export interface VoiceInput {
  fileId: string;
  seconds: number;
}

export interface SubmitCaseRequest {
  categoryId: string;
  /** What the resident wrote; may be empty (or left out) when a voice carries the report. */
  description?: string;
  place: Place;
  /** Optional contact phone; the resident's profile phone is used when empty. */
  contactPhone?: string;
  /** Result of requestSubscribeMessage at the submit tap, keyed by template id. */
  subscriptions?: Record<string, SubscribeAnswer>;
  /** The resident says it cannot wait for the next duty shift: outside duty hours it goes to the office. */
  urgent?: boolean;
  /** Made once per report by the client; a retry with the same id returns the same case (no duplicate). */
  clientRequestId?: string;
  /** Cloud storage file ids of up to 6 photos (PHOTO_LIMIT), uploaded before submitting. */
  photos?: string[];
  /** A voice note of up to 60 s (VOICE_LIMITS), uploaded before submitting: with it the description may be empty. */
  voice?: VoiceInput;
  /**
   * 为谁反映: the id of one of the caller's saved places (家人的地址). The server reads that place and its person from the
   * caller's own record (`place` and `contactPhone` are then not used); the caller stays the reporter.
   */
  forPlaceId?: string;
}

/** 家人的地址: a place to save (a new one without `id`; with `id`, that saved place is replaced). */
export interface SavePlaceRequest {
  id?: string;
  label: string;
  place: Place;
  name: string;
  phone: string;
}

export interface SubmitOnBehalfRequest {
  /** The resident the member is filing for. */
  residentName: string;
  residentPhone: string;
  categoryId: string;
  description: string;
  place: Place;
  urgent?: boolean;
}

export interface Api {
  session: {
    /** Who am I, plus what the pages need to start (categories, compounds, template ids, unread count). */
    me: { req: Record<string, never>; res: MeView };
    /** Take the role an invite code grants (single use); name and phone are how colleagues will know you. */
    redeemInvite: { req: { code: string; name: string; phone: string }; res: MeView };
    /** Record a subscribe prompt's answers (e.g. a duty member topping up alerts); returns the credits now. */
    subscribe: { req: { subscriptions: Record<string, SubscribeAnswer> }; res: { credits: Record<string, number> } };
    /** 家人的地址: add a saved place, or change one of mine (with its id); returns my saved places now. */
    savePlace: { req: SavePlaceRequest; res: { savedPlaces: SavedPlace[] } };
    /** 家人的地址: remove one of my saved places; returns my saved places now. */
    removePlace: { req: { id: string }; res: { savedPlaces: SavedPlace[] } };
  };
  admin: {
    /** The editable configuration and everyone with a role. */
    /** The admin's home: the configuration, everyone with a role, recent invite codes, and the admin's own openid. */
    overview: { req: Record<string, never>; res: { config: CommunityConfigView; people: PersonAdminView[]; invites: InviteView[]; you: string } };
    /** Replace one section of the configuration; every problem is listed in Chinese; the change is audited. */
    saveConfig: {
      req: { section: 'groups' | 'rota' | 'categories' | 'compounds' | 'templates' | 'settings' | 'quickReplies'; value?: unknown };
      res: CommunityConfigView;
    };
    /** Change a member's details (name, phone, group, compounds stewarded, leave); audited. */
    updatePerson: {
      req: { personId: string; name: string; phone: string; groupId: string | null; compounds: string[]; leave: Leave[] };
      res: PersonAdminView;
    };
    /** Create a single-use invite code for a role (and group, for members), valid for some days. */
    createInvite: { req: { role: 'member' | 'office' | 'admin'; groupId?: string; days: number }; res: InviteView };
    /** Void an unused invite code. */
    voidInvite: { req: { code: string }; res: InviteView };
    /** Take a person's role away (back to resident); a member's open cases return to the pool. Audited. */
    revokeRole: { req: { personId: string; reason: string }; res: { person: PersonAdminView; casesReturned: number } };
    /** The rota page: who is on duty each day for the next `days` days, and the configuration it edits. */
    rotaPreview: { req: { days?: number }; res: { days: RotaDayView[]; config: CommunityConfigView } };
    /** The audit log, newest first. */
    audit: { req: { page?: number }; res: { items: AuditView[]; hasMore: boolean } };
    /**
     * 地点码 for stairwell posters: a stable code per building (× unit when units are given; at most 30 buildings,
     * 30 units and 60 posters a call) — a place that has one keeps it — with its image stored in cloud storage.
     */
    placeCodes: {
      req: { compoundId: string; buildings: string[]; units?: string[] };
      res: { compoundId: string; compoundName: string; officePhone: string; codes: PlaceCodeView[] };
    };
    /**
     * Retire a 地点码 (a poster torn down, put up in the wrong place): scanning it then opens the normal form with the
     * clear word, and the next posters of that place get a new code. Audited; retiring a retired code changes nothing.
     */
    retirePlaceCode: { req: { code: string }; res: { code: string; place: string; retiredNow: boolean } };
  };
  messages: {
    /** The message centre, newest first, 20 per page. */
    list: { req: { page?: number }; res: { items: MessageView[]; unread: number; hasMore: boolean } };
    /** Mark messages read (all when no ids). */
    markRead: { req: { ids?: string[] }; res: { unread: number } };
  };
  cases: {
    submit: { req: SubmitCaseRequest; res: CaseView };
    /** A scanned 地点码 (the QR code's `scene`): the place it fills in; unknown or retired → PLACE_CODE_UNKNOWN. */
    place: { req: { code: string }; res: ScannedPlace };
    listMine: { req: Record<string, never>; res: { cases: CaseSummary[] } };
    get: { req: { caseId: string }; res: CaseView };
    /** The duty member's workspace: who is on duty, my group's pool, my open cases. */
    dutyBoard: { req: Record<string, never>; res: { duty: DutyView; pool: CaseSummary[]; mine: CaseSummary[]; callBacks: CaseSummary[] } };
    /** 「我经手的」: cases the member handed over or escalated, newest step first, with where each is now. */
    handled: { req: Record<string, never>; res: { cases: HandledCase[] } };
    claim: { req: { caseId: string }; res: CaseView };
    /** The holder (or the office, from its queue) resolves it: what was done, and up to 6 photos (PHOTO_LIMIT) uploaded before. */
    resolve: { req: { caseId: string; note: string; photos?: string[]; voice?: VoiceInput }; res: CaseView };
    /** A member (holder, or of the pool's group) hands the case up to the community office. */
    escalate: { req: { caseId: string; reason: string }; res: CaseView };
    /** The resident says a resolved case is not solved (within 7 days): back to its holder first, to the office the second time. */
    reopen: { req: { caseId: string; reason: string; subscriptions?: Record<string, SubscribeAnswer> }; res: CaseView };
    /** The resident hurries the case (催单): at most once every 2 hours; the holder (or the pool's group) is told. */
    urge: { req: { caseId: string }; res: CaseView };
    /** The resident withdraws a case nobody has claimed yet. */
    cancel: { req: { caseId: string; reason?: string }; res: CaseView };
    /** The resident confirms a resolved case is solved. */
    confirm: { req: { caseId: string }; res: CaseView };
    /** The resident rates a resolved case: 1–5 stars for result, speed and attitude, and a comment. */
    rate: { req: { caseId: string; result: number; speed: number; attitude: number; comment?: string }; res: CaseView };
    /** The reporter answers the 回访 of a resolved case: solved or not, how satisfied, and an optional comment. */
    followUp: { req: { caseId: string } & Omit<FollowUpAnswer, 'comment'> & { comment?: string }; res: CaseView };
    /** A duty member of the group on duty (or office) takes an unanswered 回访's call-back task: they see the phone. */
    takeCallBack: { req: { caseId: string }; res: CaseView };
    /** The member who took the call-back task records what the resident said. */
    recordCallBack: { req: { caseId: string } & Omit<FollowUpAnswer, 'comment'> & { comment?: string }; res: CaseView };
    /** A member records a case for a resident without a smartphone (代办); updates go to the member. */
    submitOnBehalf: { req: SubmitOnBehalfRequest; res: CaseView };
    /**
     * 「是不是这件事？」: before a resident files (`categoryId` + `place`), the open case that may be the same matter (at
     * most one, never a private one); for staff beside a case (`caseId`), the open cases it may duplicate.
     */
    similar: { req: { caseId?: string; categoryId?: string; place?: Place }; res: { cases: SimilarCase[] } };
    /** 「是这件事，一起等结果」: a resident follows that case instead of filing (told every step the reporter is told). */
    follow: { req: { caseId: string; categoryId: string; place: Place; subscriptions?: Record<string, SubscribeAnswer> }; res: CaseView };
    /** A member or the office merges a duplicate (`caseId`) into the kept case; its people follow the kept one. */
    merge: { req: { caseId: string; intoCaseId: string }; res: CaseView };
    /** The holder adds a progress note: words, a voice note of up to 60 s, or both (an empty text needs the voice). */
    note: { req: { caseId: string; text: string; voice?: VoiceInput }; res: CaseView };
    /** The holder puts the case back in its pool, with a reason. */
    release: { req: { caseId: string; reason: string }; res: CaseView };
    /** The holder passes the case to a named colleague. */
    handOver: { req: { caseId: string; toMemberId: string; note: string }; res: CaseView };
  };
  office: {
    /** The office sends a case back to the studio's duty pool with a note. */
    returnToStudio: { req: { caseId: string; note: string }; res: CaseView };
    /** The office changes the category; routing runs again, history is kept. */
    recategorise: { req: { caseId: string; categoryId: string; note: string }; res: CaseView };
    /** One queue of the office console, paginated (≤ 100 per page), with every queue's count. */
    queues: { req: { queue: OfficeQueue; page?: number }; res: OfficeQueuesView };
    /** Give an office case to an office worker (or take it yourself). */
    assign: { req: { caseId: string; assigneeId: string }; res: CaseView };
    /** Refuse a case as spam or abuse, with a reason the resident is told. */
    reject: { req: { caseId: string; reason: string }; res: CaseView };
    /** How the neighbourhood is doing over the last `days` days (default 30), or over local dates from–to (both included, ≤ 366 days). */
    dashboard: { req: { days?: 7 | 30 | 90 | 365; from?: string; to?: string }; res: DashboardView };
    /** 转办: record that an open office case was handed to an outside body, with its 工单号 and expected date. */
    transfer: { req: TransferRequest; res: CaseView };
    /** Record what the outside body did: this resolves the case (办结) by the normal path. */
    transferOutcome: { req: { caseId: string; outcome: string }; res: CaseView };
    /** 督办 ends: what the office did about the resident's 不满意; the case leaves the 督办 queue. */
    closeSupervision: { req: { caseId: string; note: string }; res: CaseView };
    /** The stored 通报, newest first (the timer's weekly and monthly ones, and those made for a range). */
    reports: { req: Record<string, never>; res: { reports: ReportListItem[] } };
    /** Make a 通报 of local dates from–to (both included, to ≤ today); a range made again is replaced. */
    makeReport: { req: { from: string; to: string }; res: ReportListItem };
    /** A temporary link (getTempFileURL) to open the printable page or download the Excel file. */
    reportFile: { req: { id: string; file: 'html' | 'xlsx' }; res: { url: string } };
    /** 志愿服务记录: a member's month (YYYY-MM; this month when absent) — shifts served, cases claimed and resolved, 回访 calls. Office and admin: anyone's; a member: their own. */
    serviceRecord: { req: { memberId: string; month?: string }; res: ServiceRecordView };
  };
}

/** 转办: to whom (another body names itself in `bodyName`), its 工单号, and the date it expects to be done (YYYY-MM-DD). */
export interface TransferRequest {
  caseId: string;
  body: TransferBody;
  /** Required for 'other' (≤ 20 characters); ignored otherwise. */
  bodyName?: string;
  ticket: string;
  expectedDate: string;
}

export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type RequestOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { req: infer R } ? R : never;
export type ResponseOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { res: infer R } ? R : never;
