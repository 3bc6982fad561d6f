/**
 * What the core needs from the outside world. Adapters (WeChat Cloud database, in-memory fakes) implement these.
 */
import type { SubscribeAnswer } from '../../types/api';
import type { OfficeQueue, Place, ReportData, ReportKind, SavedPlace } from '../../types/domain';
import type { Actor, Case } from './Case';
import type { Invite } from './admin';
import type { CommunityConfig, Person } from './community';
import type { SubscribeMessage } from './messages';
import type { ServiceAct } from './service-record';
import type { ServiceActKind } from '../../types/domain';
import type { Delivery } from './notify';
import type { PlaceCode } from './places';
import type { AnswerDimension, AnswerRow, RateDimension, ResponseRow } from './rates';

export interface Clock {
  /** The current instant. */
  now(): Date;
}

export interface Ids {
  /** A new invite code: 6 digits, read aloud in two groups (「483 920」); a taken one is refused by `Invites.add`. */
  inviteCode(): string;
  /** A new unique case id. */
  caseId(): string;
  /** The case id for a reporter's client request id: the same pair always gives the same id (idempotent submit). */
  caseIdFor(reporterId: string, clientRequestId: string): string;
  /** A short code people can read out ("A7K2Q9"); unique enough to tell cases apart in conversation. */
  caseCode(): string;
  /** A new 地点码 (core/places.ts: 7 characters of PLACE_CODE_ALPHABET); a taken one is refused by `Places.add`. */
  placeCode(): string;
}

export interface Cases {
  /** Store a new case with its pending effects; false when a case with this id exists already (an idempotent retry). */
  add(c: Case): Promise<boolean>;
  /**
   * Rewrite the stored query fields of up to `limit` cases stored by an older version of the functions (the fields
   * the dashboard, 三率 and 志愿服务记录 count are derived when a case is written): how many were rewritten. The case
   * itself is not changed (same version); one changed meanwhile was rewritten by its own write.
   */
  refreshStale(limit: number): Promise<number>;
  /** Cases reported in [start, end), oldest first, at most `limit` (the 通报's list; indexed pages of 100). */
  createdBetween(start: Date, end: Date, limit: number): Promise<Case[]>;
  /** The case with this id (with its pending effects), or null. */
  ofId(id: string): Promise<Case | null>;
  /** Cases a resident reported, newest first (at most `limit`). */
  ofReporter(reporterId: string, limit: number): Promise<Case[]>;
  /** Cases a resident follows (joined, or merged in from their own), newest first (at most `limit`). */
  ofFollower(personId: string, limit: number): Promise<Case[]>;
  /**
   * Open, non-private cases of a category at a compound's building reported since `since`, newest first (at most
   * `limit`): the candidates of 「是不是这件事？」 (one indexed query; the unit is compared by the core).
   */
  similarTo(key: { categoryId: string; compoundId: string; building: string }, since: Date, limit: number): Promise<Case[]>;
  /** Cases waiting in the studio's pool (any group), oldest first. */
  waiting(limit: number): Promise<Case[]>;
  /** Cases waiting in the studio's pool of any group but `groupId`: what a shift change hands over, oldest first. */
  waitingOutside(groupId: string, limit: number): Promise<Case[]>;
  /** Open cases a member holds, oldest first. */
  ofHolder(memberId: string, limit: number): Promise<Case[]>;
  /** The case holding a photo whose content check (WeChat's trace id) still waits for its verdict, or null. */
  ofPhotoCheck(traceId: string): Promise<Case | null>;
  /** Cases `memberId` handed over or escalated (whatever their state now), most recently reported first (at most `limit`). */
  handledBy(memberId: string, limit: number): Promise<Case[]>;
  /** How many open cases a person holds now. */
  countHeldBy(personId: string): Promise<number>;
  /** One page of an office queue as of `now` (at most `limit`, ≤ 100), and whether more follow. */
  ofOfficeQueue(queue: OfficeQueue, now: Date, page: number, limit: number): Promise<{ cases: Case[]; hasMore: boolean }>;
  /** How many cases each office queue holds as of `now`. */
  countOfficeQueues(now: Date): Promise<Record<OfficeQueue, number>>;
  /** Cases waiting in a studio pool whose claim deadline has passed, earliest first (indexed on the deadline). */
  dueForClaim(now: Date, limit: number): Promise<Case[]>;
  /** Claimed cases whose resolve deadline has passed, earliest first (indexed on the deadline). */
  dueForResolve(now: Date, limit: number): Promise<Case[]>;
  /** Open cases whose deadline turned yellow and whose holder has not been reminded (督办), earliest first (indexed). */
  dueForReminder(now: Date, limit: number): Promise<Case[]>;
  /** Resolved cases whose 回访 needs the timer now (to ask, or to become a call-back task), earliest first (indexed). */
  dueForFollowUp(now: Date, limit: number): Promise<Case[]>;
  /** Resolved cases with an open 回访 call-back task, oldest task first (indexed). */
  callBacks(limit: number): Promise<Case[]>;
  /**
   * Replace the stored case with `next` only if the stored version is still `next.version - 1`; the effects `next`
   * records (those of its version) are stored in the same write. Pending effects stored earlier stay.
   * NOTE: one conditional write; false means someone else changed the case first.
   */
  replaceIfVersion(next: Case): Promise<boolean>;
  /** Cases with effects still pending whose completion time has come (the timer completes them). */
  withPendingEffects(now: Date, limit: number): Promise<Case[]>;
  /** Every pending effect of `version` and before is complete: clear them, unless the case moved on meanwhile. */
  settleEffects(caseId: string, version: number): Promise<void>;
  /**
   * 志愿服务记录: how many cases `memberId` claimed and resolved, and how many 回访 calls they recorded (a 'followed-up'
   * step by them on a case they did not report), at instants in [from, to). Counted by the database (one aggregation
   * over the cases they acted on, indexed on `actorIds`).
   */
  serviceCounts(memberId: string, from: Date, to: Date): Promise<Record<ServiceActKind, number>>;
  /** The same acts themselves, oldest first, at most `limit`. */
  serviceActs(memberId: string, from: Date, to: Date, limit: number): Promise<ServiceAct[]>;
}

/**
 * Claim-cap slots, one record per member: the cases they hold, counted by a conditional write that only matches
 * below the cap — so the cap holds under parallel claims and hand-overs.
 */
export interface Holdings {
  /**
   * Reserve a slot for `caseId` if the member holds fewer than `cap` cases; true when reserved (or already held).
   * A reservation whose case write never happened is reclaimed once older than `staleBefore`.
   */
  reserve(memberId: string, caseId: string, cap: number, now: Date, staleBefore: Date): Promise<boolean>;
  /** Take a slot without the cap (a case handed back to its holder). Idempotent. */
  take(memberId: string, caseId: string, now: Date): Promise<void>;
  /** Free the slot for `caseId`. Idempotent. */
  free(memberId: string, caseId: string): Promise<void>;
}

export interface People {
  /** The person with this openid, or null for someone never seen before. */
  ofId(id: string): Promise<Person | null>;
  /** Members of a duty group. */
  ofGroup(groupId: string): Promise<Person[]>;
  /** Every studio member (for routing: groups, stewarded compounds, leave). */
  members(): Promise<Person[]>;
  /** Office workers and admins (assignees for office cases). */
  staff(): Promise<Person[]>;
  /** Save a person's role and details (creates the record if needed). */
  save(p: Person): Promise<void>;
  /** Remember where a person reported from (creates their record on first use). */
  rememberPlace(id: string, place: Place): Promise<void>;
  /** 家人的地址: the places this person saved to report for someone else ([] when none, or no record yet). */
  savedPlaces(id: string): Promise<SavedPlace[]>;
  /** 家人的地址: replace this person's saved places (creates their record on first use, like `rememberPlace`). */
  setSavedPlaces(id: string, places: SavedPlace[]): Promise<void>;
}

export interface Community {
  /** The current configuration (groups, rota, categories, compounds, templates). */
  current(): Promise<CommunityConfig>;
  /** Replace the configuration. */
  save(config: CommunityConfig): Promise<void>;
  /** Clear the pending audit entry `id` from the configuration record, if it still carries that entry. */
  clearPendingAudit(id: string): Promise<void>;
}

export interface Subscriptions {
  /**
   * Record a subscribe prompt's answers: each accept is one credit for that template. With `grantId`, a second
   * record of the same grant does nothing (an effect completed twice).
   */
  record(personId: string, answers: Record<string, SubscribeAnswer>, grantId?: string): Promise<void>;
  /** Take one credit if there is one; false when there is none. NOTE: atomic. */
  take(personId: string, templateId: string): Promise<boolean>;
  /** WeChat said there is no credit (43101): believe it. */
  clear(personId: string, templateId: string): Promise<void>;
  /** Remaining credits per template, as we count them. */
  credits(personId: string): Promise<Record<string, number>>;
}

export type SendOutcome = { ok: true } | { ok: false; errCode: number; errMsg: string };

export interface Notifier {
  /** Send a subscription message through WeChat; never throws. */
  send(msg: SubscribeMessage): Promise<SendOutcome>;
}

/** One entry of a person's message centre, with its WeChat delivery state (the outbox). */
export interface MessageRecord {
  id: string;
  touser: string;
  caseId: string | null;
  title: string;
  text: string;
  at: Date;
  read: boolean;
  /** The WeChat message, when the notification has a template (kept for retries). */
  wechat: SubscribeMessage | null;
  delivery: Delivery;
}

export interface Messages {
  /** Store a message centre entry under `r.id`; false when that id exists already (nothing is changed). */
  add(r: MessageRecord): Promise<boolean>;
  /** Record a delivery attempt's outcome. */
  setDelivery(id: string, d: Delivery): Promise<void>;
  /** Take the WeChat send of a message waiting for retry number `attempts + 1`: true for exactly one caller. */
  claimRetry(id: string, attempts: number, leaseUntil: Date): Promise<boolean>;
  /** Entries waiting for a WeChat retry whose time has come, and sends interrupted long ago, oldest first. */
  dueForRetry(now: Date, limit: number): Promise<MessageRecord[]>;
  /** Which of these ids (at most 100) are stored already (keyed records: the office's daily digest of reds). */
  existing(ids: string[]): Promise<string[]>;
  /** A person's messages, newest first. */
  ofUser(personId: string, page: number, limit: number): Promise<{ items: MessageRecord[]; hasMore: boolean }>;
  /** How many unread messages a person has. */
  unread(personId: string): Promise<number>;
  /** Mark a person's messages read (all of them when `ids` is absent). */
  markRead(personId: string, ids?: string[]): Promise<void>;
}

/** WeChat's content security: msgSecCheck v2 (text, synchronous) and mediaCheckAsync v2 (images and audio, asynchronous). */
export interface ContentCheck {
  text(content: string, openid: string, scene: 1 | 2 | 3 | 4): Promise<'pass' | 'review' | 'risky'>;
  /**
   * Ask WeChat to check the media at `url` (an http(s) URL WeChat can download; ≤ 10 MB) for `openid`, who must have
   * used the mini-program in the last 2 hours: an image (media_type 2, the default) or audio (1, a voice note).
   * Answers WeChat's trace id; the verdict is pushed later, carrying it. Any failure throws.
   */
  imageAsync(url: string, openid: string, scene: 1 | 2 | 3 | 4, mediaType?: 1 | 2): Promise<{ traceId: string }>;
}

/** Cloud storage: temporary URLs for stored files, deleting them, and storing a file the functions made (通报). */
export interface Files {
  /** Store `content` at `cloudPath` (an existing file there is replaced); its fileID. */
  upload(cloudPath: string, content: Uint8Array | string): Promise<string>;
  /** Temporary download URLs in the same order; '' for a file that does not exist. */
  urls(fileIDs: string[]): Promise<string[]>;
  /** Delete files; one that does not exist (deleted already) is no failure. */
  remove(fileIDs: string[]): Promise<void>;
}

/** Figures for the dashboard, computed by the database (aggregation, counts, indexed pages) — never by reading every case. Windows are [since, until) of createdAt. */
export interface CaseStats {
  /** Cases created since `since`, counted by a field. */
  countBy(field: 'status' | 'categoryId' | 'compoundId', since: Date, until: Date): Promise<Array<{ key: string; count: number }>>;
  /** Cases created since `since` and resolved, and how many of those the studio solved without any escalation. */
  solved(since: Date, until: Date): Promise<{ resolved: number; byStudio: number }>;
  /** Median and 90th percentile, in minutes, of time to first claim / to resolution, for cases created since. */
  durations(kind: 'claim' | 'resolve', since: Date, until: Date): Promise<{ n: number; median: number | null; p90: number | null }>;
  /** Open cases past their deadline, most overdue first. */
  overdue(now: Date, limit: number): Promise<Case[]>;
  /** Per person: open cases held now, and cases they resolved among those created since. */
  perHolder(since: Date, until: Date): Promise<Array<{ id: string; open: number; solved: number }>>;
  /** 转办 among cases created since, per outside body (TransferBody): how many were handed over, how many are still open. */
  transfers(since: Date, until: Date): Promise<Array<{ body: string; count: number; open: number }>>;
  /**
   * 响应率's rows (core/rates.ts): cases whose first claim time ended in [start, end), per duty group (the office:
   * 'office'), category, compound or week (its number counted from `weekOrigin`): `of` counted, `n` taken up in time.
   */
  responses(by: RateDimension, start: Date, end: Date, weekOrigin: Date): Promise<ResponseRow[]>;
  /** 回访 calls recorded in [start, end), per member (or office worker) who made the call. */
  calls(start: Date, end: Date): Promise<Array<{ id: string; count: number }>>;
  /** 解决率 and 满意率's rows: 回访 answers given in [start, end), per holder, category, compound or week. */
  answers(by: AnswerDimension, start: Date, end: Date, weekOrigin: Date): Promise<AnswerRow[]>;
}

/** A 通报 as stored: what the list shows, and where its two files are in cloud storage. */
export interface StoredReport {
  /** week_<Monday>, month_<YYYY-MM> or range_<from>_<to>: one per period (making it again replaces it). */
  id: string;
  kind: ReportKind;
  title: string;
  from: string;
  to: string;
  generatedAt: Date;
  /** Null: made by the timer. */
  generatedBy: Actor | null;
  htmlFileID: string;
  xlsxFileID: string;
  sizes: { html: number; xlsx: number };
}

/** The stored 通报. */
export interface Reports {
  /** Store a report; one with the same id is replaced. */
  put(r: StoredReport): Promise<void>;
  ofId(id: string): Promise<StoredReport | null>;
  /** Which of `ids` are stored (one query). */
  existing(ids: string[]): Promise<string[]>;
  /** The newest first. */
  recent(limit: number): Promise<StoredReport[]>;
}

/** Makes a 通报's two files from its data: the printable page (HTML) and the Excel file, with their storage paths. */
export interface ReportRenderer {
  render(data: ReportData): Promise<{ html: string; xlsx: Uint8Array; htmlPath: string; xlsxPath: string }>;
}

export interface Invites {
  /** Store a new invite; false when the code is taken (try another). */
  add(inv: Invite): Promise<boolean>;
  ofCode(code: string): Promise<Invite | null>;
  /** Mark the code used by `by` only if it is unused and not voided. NOTE: atomic — two people, one winner. */
  redeem(code: string, by: Actor, now: Date): Promise<boolean>;
  /** Void an unused code; false when it was used meanwhile. */
  void(code: string): Promise<boolean>;
  /** The most recent invites. */
  recent(limit: number): Promise<Invite[]>;
}

/** 地点码: stable short codes for places, _id = the code. */
export interface Places {
  ofCode(code: string): Promise<PlaceCode | null>;
  /** The live (not retired) code of a place, or null (the oldest when two were made at once). */
  ofPlace(compoundId: string, building: string, unit: string): Promise<PlaceCode | null>;
  /** Store a new code; false when the code is taken (try another). */
  add(p: PlaceCode): Promise<boolean>;
  /** Mark a live code retired (one conditional write); false when it was retired already (or is unknown). */
  retire(code: string, at: Date, by: Actor): Promise<boolean>;
}

/** The printable image of a place code: WeChat's mini-program code (wxacode.getUnlimited), or a QR code locally. */
export interface PlaceCodeImages {
  /** A PNG of the code that opens the report page with `scene` = the code. Any failure throws. */
  make(scene: string, page: string): Promise<Uint8Array>;
}

export interface AuditEntry {
  at: Date;
  by: Actor;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export interface AuditLog {
  add(e: AuditEntry): Promise<void>;
  page(page: number, limit: number): Promise<{ items: AuditEntry[]; hasMore: boolean }>;
}

/** Everything a use case may need; each use case takes what it uses. */
export interface Deps {
  clock: Clock;
  ids: Ids;
  cases: Cases;
  holdings: Holdings;
  people: People;
  community: Community;
  subscriptions: Subscriptions;
  notifier: Notifier;
  stats: CaseStats;
  messages: Messages;
  content: ContentCheck;
  files: Files;
  invites: Invites;
  audit: AuditLog;
  reports: Reports;
  places: Places;
  placeImages: PlaceCodeImages;
  /** Only the functions that make 通报 (office, sweeper) carry a renderer (it holds exceljs); elsewhere it refuses. */
  reportFiles: ReportRenderer;
  /** Openids that are admins by deployment configuration (the first admin, before any invite exists). */
  bootstrapAdmins: string[];
}
