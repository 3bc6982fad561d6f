/** Stable machine codes for every failure a caller can see. The Chinese message travels beside the code. */
export type ErrorCode =
  | 'INVALID_INPUT' // the payload failed validation; nothing was changed
  | 'UNKNOWN_ACTION' // the function has no such action
  | 'NOT_SIGNED_IN' // no WeChat identity on the call
  | 'FORBIDDEN' // the caller's role may not do this
  | 'CASE_NOT_FOUND' // no such case, or not visible to the caller
  | 'CASE_ALREADY_CLAIMED' // someone else claimed it first
  | 'CASE_NOT_CLAIMABLE' // not waiting for a claim (resolved, or routed to the office)
  | 'NOT_CASE_HOLDER' // only the member holding the case may do this
  | 'CASE_ALREADY_RESOLVED' // the case is already resolved
  | 'CASE_CHANGED' // the case changed while the caller acted; reload and retry
  | 'UNKNOWN_CATEGORY' // category id not in the configuration
  | 'UNKNOWN_COMPOUND' // compound not in the configuration
  | 'CONTENT_RISKY' // content security rejected the text
  | 'CONFIG_INVALID' // the community configuration is broken; an admin must fix it
  | 'CASE_NOT_ESCALATABLE' // the case cannot go up to the office now
  | 'CASE_NOT_REOPENABLE' // only a resolved case can be reopened
  | 'CASE_NOT_AT_OFFICE' // the office can only return cases it holds
  | 'CASE_CLOSED' // the case was rejected or withdrawn; nothing more can happen to it
  | 'CASE_NOT_OPEN' // the step needs another state (urge an open case, rate or confirm a resolved one, once)
  | 'NOT_REPORTER' // only the person who reported the case may do this
  | 'CLAIM_CAP_REACHED' // the member already holds the most open cases allowed
  | 'NOT_ON_DUTY' // the member is off duty or on leave
  | 'URGE_TOO_SOON' // urged less than 2 hours ago
  | 'CASE_NOT_SIMILAR' // 「一起等结果」 on a case that is not the same matter as the report (or not open, or private)
  | 'CASE_NOT_MERGEABLE' // a merge of a case into itself, into a closed or private case, or of a closed one
  | 'FOLLOW_UP_CLOSED' // the 回访 was answered already, or there is none to answer (or call-back task taken by someone else)
  | 'INVITE_NOT_FOUND' // no such invite code
  | 'INVITE_USED' // the code was used already (single use)
  | 'INVITE_EXPIRED' // the code expired or was voided
  | 'CASE_ALREADY_TRANSFERRED' // 转办: the case is with an outside body already (record its outcome first)
  | 'CASE_NOT_TRANSFERRED' // 转办's outcome: the case was not handed to an outside body
  | 'INVITE_WRONG_ROLE' // the code's role does not fit the person (e.g. an admin would lose their role)
  | 'REPORT_NOT_FOUND' // no such 通报, or its file is gone from storage (make it again)
  | 'PLACE_CODE_UNKNOWN' // a scanned 地点码 that is unknown or retired (the report form asks for the place as usual)
  | 'NOTHING_SAID' // a report (or 写进展) with neither words nor a voice note: 「请说一段话或写几个字」
  | 'SAVED_PLACE_NOT_FOUND' // 家人的地址: no such saved place among the caller's own (removed, or never theirs)
  | 'SAVED_PLACES_FULL' // 家人的地址: the caller already keeps the most places allowed (SAVED_PLACE_LIMITS)
  | 'INTERNAL' // unexpected failure; the message says to try again
  // The call itself failed before any function answered (set by the client's transport, never by a function; see
  // src/services/cloud-errors.ts for the messages):
  | 'NETWORK_FAILED' // the phone could not reach the cloud (no signal, network off); try again
  | 'CLOUD_TIMEOUT' // no answer in time (the platform's or the function's own timeout); the step may still have happened
  | 'CLOUD_BUSY' // the environment's quota or concurrency limit was hit; try again in a few minutes
  | 'CLOUD_NOT_DEPLOYED' // no such function in this environment (not deployed, or the environment is wrong)
  | 'CLOUD_NO_PERMISSION' // the function may not use an API or the database (its permissions or config must be fixed)
  | 'CLOUD_CRASHED' // the function threw or exited without an answer
  | 'CLOUD_FAILED'; // any other failure of the call itself

/** A structured error as returned by every cloud function. */
export interface ApiError {
  code: ErrorCode;
  /** Simplified Chinese, written for the person in front of the screen. */
  message: string;
}

/** Every cloud function answers with this envelope; it never throws to the client. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };
