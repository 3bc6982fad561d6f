/**
 * The one typed client pages use. Verb-first calls; each resolves with an ApiResult so pages show the Chinese
 * message of any failure without try/catch.
 */
import type {
  ActionName,
  FunctionName,
  RequestOf,
  ResponseOf,
  SavePlaceRequest,
  SubmitCaseRequest,
  VoiceInput,
  SubmitOnBehalfRequest,
  SubscribeAnswer,
  TransferRequest,
} from '../../types/api';
import type { FollowUpAnswer, OfficeQueue, Place, Rating } from '../../types/domain';
import type { ApiResult } from '../../types/result';
import { transport } from './transport';

/** Call `fn`'s `action` with a typed payload and get a typed envelope back. */
export async function call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, payload: RequestOf<F, A>): Promise<ApiResult<ResponseOf<F, A>>> {
  const res = await transport(fn, { action, payload });
  return res as ApiResult<ResponseOf<F, A>>;
}

export const fetchMe = () => call('session', 'me', {});
export const submitCase = (req: SubmitCaseRequest) => call('cases', 'submit', req);
export const fetchMyCases = () => call('cases', 'listMine', {});
export const fetchCase = (caseId: string) => call('cases', 'get', { caseId });
export const fetchDutyBoard = () => call('cases', 'dutyBoard', {});
/** 「我经手的」: cases I handed over or escalated, and where each is now. */
export const fetchHandled = () => call('cases', 'handled', {});
export const claimCase = (caseId: string) => call('cases', 'claim', { caseId });
/** 办结, with the file ids of the photos of the result (uploaded first; none: no photos). */
export const resolveCase = (caseId: string, note: string, photos: string[] = [], voice?: VoiceInput) =>
  call('cases', 'resolve', { caseId, note, ...(photos.length > 0 ? { photos } : {}), ...(voice ? { voice } : {}) });
export const escalateCase = (caseId: string, reason: string) => call('cases', 'escalate', { caseId, reason });
/** `subscriptions`: the answers of the subscribe prompt asked at the reopen tap (so the resident hears back again). */
export const reopenCase = (caseId: string, reason: string, subscriptions?: Record<string, SubscribeAnswer>) =>
  call('cases', 'reopen', subscriptions ? { caseId, reason, subscriptions } : { caseId, reason });
export const returnToStudio = (caseId: string, note: string) => call('office', 'returnToStudio', { caseId, note });
export const recategoriseCase = (caseId: string, categoryId: string, note: string) => call('office', 'recategorise', { caseId, categoryId, note });

// The resident's own steps on a case (cases function).
/** 催一催: at most once every 2 hours; the holder (or the pool's group) is told. */
export const urgeCase = (caseId: string) => call('cases', 'urge', { caseId });
/** 撤回 a case nobody has claimed yet. */
export const cancelCase = (caseId: string, reason?: string) => call('cases', 'cancel', reason ? { caseId, reason } : { caseId });
/** 回访: the resident's answers (or, with `call`, what the member who took the call-back task heard on the phone). */
export const answerFollowUp = (caseId: string, a: FollowUpAnswer, call_: 'resident' | 'call' = 'resident') => {
  const comment = a.comment.trim();
  const req = { caseId, solved: a.solved, satisfaction: a.satisfaction, ...(comment ? { comment } : {}) };
  return call_ === 'call' ? call('cases', 'recordCallBack', req) : call('cases', 'followUp', req);
};
/** 我来打这个电话: take a 回访 call-back task (only the taker sees the phone). */
export const takeCallBack = (caseId: string) => call('cases', 'takeCallBack', { caseId });
/** 问题解决了: the resident confirms a resolved case. */
export const confirmCase = (caseId: string) => call('cases', 'confirm', { caseId });
/** Stars 1–5 for result, speed and attitude, and an optional comment (left out when empty). */
export const rateCase = (caseId: string, rating: Omit<Rating, 'comment'> & { comment?: string }) => {
  const comment = (rating.comment ?? '').trim();
  return call('cases', 'rate', {
    caseId,
    result: rating.result,
    speed: rating.speed,
    attitude: rating.attitude,
    ...(comment ? { comment } : {}),
  });
};

// The message centre (messages function) and subscription credits (session function).
/** One page (0-based) of the message centre, newest first. */
export const fetchMessages = (page?: number) => call('messages', 'list', page === undefined ? {} : { page });
/** Mark these messages read, or all of them when `ids` is omitted; resolves with the unread count left. */
export const markMessagesRead = (ids?: string[]) => call('messages', 'markRead', ids ? { ids } : {});
/** Record a subscribe prompt's answers (a duty member topping up alerts); resolves with the credits now. */
export const subscribeAlerts = (subscriptions: Record<string, SubscribeAnswer>) => call('session', 'subscribe', { subscriptions });
/** 家人的地址: add a place (no id) or change one of mine; resolves with my saved places now. */
export const savePlace = (req: SavePlaceRequest) => call('session', 'savePlace', req);
/** 家人的地址: remove one of my saved places; resolves with my saved places now. */
export const removePlace = (id: string) => call('session', 'removePlace', { id });

// 代办 and the holder's own steps (cases function).
export const submitOnBehalf = (req: SubmitOnBehalfRequest) => call('cases', 'submitOnBehalf', req);
/** 写进展: words, a voice note (uploaded before), or both. */
export const addNote = (caseId: string, text: string, voice?: VoiceInput) => call('cases', 'note', voice ? { caseId, text, voice } : { caseId, text });
export const releaseCase = (caseId: string, reason: string) => call('cases', 'release', { caseId, reason });
/** 「是不是这件事？」 before a report: the open case that may be the same matter (none, or one). */
/** A scanned 地点码 (the QR code's scene): its place, or PLACE_CODE_UNKNOWN with the words to show. */
export const fetchScannedPlace = (code: string) => call('cases', 'place', { code });
/** 地点码 for stairwell posters (admin). */
export const makePlaceCodes = (compoundId: string, buildings: string[], units: string[]) =>
  call('admin', 'placeCodes', units.length > 0 ? { compoundId, buildings, units } : { compoundId, buildings });
/** Retire a 地点码 (admin): its posters then open the normal form. */
export const retirePlaceCode = (code: string) => call('admin', 'retirePlaceCode', { code });
export const fetchSimilar = (categoryId: string, place: Place) => call('cases', 'similar', { categoryId, place });
/** Staff beside a case: the open cases it may duplicate. */
export const fetchDuplicatesOf = (caseId: string) => call('cases', 'similar', { caseId });
/** 「是这件事，一起等结果」. */
export const followCase = (caseId: string, categoryId: string, place: Place, subscriptions?: Record<string, SubscribeAnswer>) =>
  call('cases', 'follow', subscriptions ? { caseId, categoryId, place, subscriptions } : { caseId, categoryId, place });
/** Merge a duplicate into the kept case. */
export const mergeCase = (caseId: string, intoCaseId: string) => call('cases', 'merge', { caseId, intoCaseId });
export const handOverCase = (caseId: string, toMemberId: string, note: string) => call('cases', 'handOver', { caseId, toMemberId, note });

// The community office's console (office function).
/** One page (0-based) of an office queue, plus every queue's count. */
export const fetchOfficeQueue = (queue: OfficeQueue, page?: number) => call('office', 'queues', page === undefined ? { queue } : { queue, page });
export const assignCase = (caseId: string, assigneeId: string) => call('office', 'assign', { caseId, assigneeId });
export const rejectCase = (caseId: string, reason: string) => call('office', 'reject', { caseId, reason });
/** 转办: the case was handed to an outside body, with its 工单号 and expected date. */
export const transferCase = (req: TransferRequest) => call('office', 'transfer', req);
/** What the outside body did: resolves the case (办结). */
export const recordTransferOutcome = (caseId: string, outcome: string) => call('office', 'transferOutcome', { caseId, outcome });
/** 督办 ends, with what the office did about the resident's 不满意. */
export const closeSupervision = (caseId: string, note: string) => call('office', 'closeSupervision', { caseId, note });
/** The stored 通报, newest first. */
export const fetchReports = () => call('office', 'reports', {});
/** Make a 通报 of local dates from–to (both included). */
export const makeReport = (from: string, to: string) => call('office', 'makeReport', { from, to });
/** A temporary link to a 通报's printable page or Excel file. */
export const reportFileLink = (id: string, file: 'html' | 'xlsx') => call('office', 'reportFile', { id, file });

/** The dashboard over the last `days` days (the server's default window when omitted), or over local dates from–to. */
export const fetchDashboard = (window?: { days: 7 | 30 | 90 | 365 } | { from: string; to: string }) => call('office', 'dashboard', window ?? {});
/** 志愿服务记录: a member's month (YYYY-MM); a member asks for their own. */
export const fetchServiceRecord = (memberId: string, month?: string) => call('office', 'serviceRecord', month ? { memberId, month } : { memberId });

// Invite codes: anyone may redeem one (session function).
/** Take the role an invite code grants; name and phone are how colleagues will know you. Resolves with the new MeView. */
export const redeemInvite = (code: string, name: string, phone: string) => call('session', 'redeemInvite', { code, name, phone });

// The admin pages (admin function).
/** A section of the community configuration that `saveConfigSection` replaces whole. */
export type ConfigSection = RequestOf<'admin', 'saveConfig'>['section'];
/** The roles an invite code can grant. */
export type InviteRole = RequestOf<'admin', 'createInvite'>['role'];
/** The editable configuration, everyone with a role, and the invite codes: what every admin page starts from. */
export const fetchAdminOverview = () => call('admin', 'overview', {});
/** Replace one section; a refusal lists every problem in Chinese, joined by '；'. Resolves with the whole configuration. */
export const saveConfigSection = (section: ConfigSection, value: unknown) => call('admin', 'saveConfig', { section, value });
export const updatePerson = (req: RequestOf<'admin', 'updatePerson'>) => call('admin', 'updatePerson', req);
/** A single-use code for `role` (and `groupId`, for members), valid for `days` days. */
export const createInvite = (role: InviteRole, groupId: string | null | undefined, days: number) =>
  call('admin', 'createInvite', groupId ? { role, groupId, days } : { role, days });
export const voidInvite = (code: string) => call('admin', 'voidInvite', { code });
/** Back to resident; a member's open cases return to the pool (`casesReturned`). */
export const revokeRole = (personId: string, reason: string) => call('admin', 'revokeRole', { personId, reason });
/** Who is on duty on each of the next `days` days (the server's default when omitted). */
export const fetchRotaPreview = (days?: number) => call('admin', 'rotaPreview', days === undefined ? {} : { days });
/** One page (0-based) of the audit log, newest first. */
export const fetchAudit = (page?: number) => call('admin', 'audit', page === undefined ? {} : { page });
