import type { ErrorCode } from '../../types/result';

/** A failure the caller should see: a stable code plus a Chinese message for the person on the screen. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No such 通报 (or its file is gone from storage). */
export class ReportNotFoundError extends DomainError {
  constructor(message = '没有找到这份通报') {
    super('REPORT_NOT_FOUND', message);
  }
}
/** A report (or a progress note) with neither words nor a voice note. */
export class NothingSaidError extends DomainError {
  constructor(message = '请说一段话或写几个字') {
    super('NOTHING_SAID', message);
  }
}
/** A scanned 地点码 that is unknown, retired, or of a compound no longer configured. */
export class PlaceCodeUnknownError extends DomainError {
  constructor(message: string) {
    super('PLACE_CODE_UNKNOWN', message);
  }
}
/** 家人的地址: no such saved place among the caller's own. */
export class SavedPlaceNotFoundError extends DomainError {
  constructor() {
    super('SAVED_PLACE_NOT_FOUND', '没有找到这个地址，可能已经删掉了，请重新选一下');
  }
}
/** 家人的地址: the caller keeps the most places allowed already. */
export class SavedPlacesFullError extends DomainError {
  constructor(limit: number) {
    super('SAVED_PLACES_FULL', `最多保存${limit}个地址，请先删掉一个不用的`);
  }
}
export class InvalidInputError extends DomainError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}
export class NotSignedInError extends DomainError {
  constructor() {
    super('NOT_SIGNED_IN', '没有识别到您的微信身份，请重新打开小程序');
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = '您没有权限做这件事') {
    super('FORBIDDEN', message);
  }
}
export class CaseNotFoundError extends DomainError {
  constructor() {
    super('CASE_NOT_FOUND', '没有找到这件事项，可能已被撤回');
  }
}
export class CaseAlreadyClaimedError extends DomainError {
  /** `message` replaces the members' words (「……认领了，请看看其他事项」) where a resident reads it. */
  constructor(holderName: string, message = `这件事已经由${holderName}认领了，请看看其他事项`) {
    super('CASE_ALREADY_CLAIMED', message);
  }
}
export class CaseNotClaimableError extends DomainError {
  constructor(message = '这件事现在不能认领') {
    super('CASE_NOT_CLAIMABLE', message);
  }
}
export class NotCaseHolderError extends DomainError {
  constructor(message = '只有正在处理这件事的成员才能办结') {
    super('NOT_CASE_HOLDER', message);
  }
}
export class CaseAlreadyResolvedError extends DomainError {
  constructor() {
    super('CASE_ALREADY_RESOLVED', '这件事已经办结了');
  }
}
/** 转办 twice: the case is with an outside body already. */
export class CaseAlreadyTransferredError extends DomainError {
  constructor(bodyName: string) {
    super('CASE_ALREADY_TRANSFERRED', `这件事已经转交${bodyName}了，请先记下他们的办理结果`);
  }
}
/** 转办's outcome for a case that was never handed to an outside body. */
export class CaseNotTransferredError extends DomainError {
  constructor() {
    super('CASE_NOT_TRANSFERRED', '这件事没有转交外单位，请用“办结”记下办理结果');
  }
}
export class UnknownCategoryError extends DomainError {
  constructor() {
    super('UNKNOWN_CATEGORY', '请选择一个事项类别');
  }
}
export class UnknownCompoundError extends DomainError {
  constructor() {
    super('UNKNOWN_COMPOUND', '请选择您住的小区');
  }
}
export class CaseChangedError extends DomainError {
  constructor() {
    super('CASE_CHANGED', '这件事刚刚有了变化，请刷新后再试');
  }
}
export class CommunityConfigInvalidError extends DomainError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `社区配置有问题，请管理员修改：${problems.join('；')}`);
  }
}
export class CaseNotEscalatableError extends DomainError {
  constructor(message = '这件事现在不能上报社区') {
    super('CASE_NOT_ESCALATABLE', message);
  }
}
export class CaseNotReopenableError extends DomainError {
  constructor(message = '只有已办结的事项才能重新反映') {
    super('CASE_NOT_REOPENABLE', message);
  }
}
export class CaseNotAtOfficeError extends DomainError {
  constructor(message = '这件事不在社区办公室，不能退回') {
    super('CASE_NOT_AT_OFFICE', message);
  }
}
export class CaseClosedError extends DomainError {
  constructor(message = '这件事已经结束（不予受理或已撤回），不能再处理') {
    super('CASE_CLOSED', message);
  }
}
export class CaseNotOpenError extends DomainError {
  constructor(message: string) {
    super('CASE_NOT_OPEN', message);
  }
}
export class ForbiddenTransitionError extends DomainError {
  constructor(message: string) {
    super('NOT_REPORTER', message);
  }
}
export class UrgeTooSoonError extends DomainError {
  constructor(readonly next: Date) {
    super('URGE_TOO_SOON', '刚刚催过了，两小时内只能催一次，处理人已经收到提醒');
  }
}
export class ContentRiskyError extends DomainError {
  constructor(what = '内容') {
    super('CONTENT_RISKY', `${what}里有不适合发布的词语，请修改后再提交`);
  }
}
export class ClaimCapReachedError extends DomainError {
  constructor(cap: number, who = '您') {
    super('CLAIM_CAP_REACHED', `${who}手上已有${cap}件没办完的事，先办完一些再接新的`);
  }
}
export class NotOnDutyError extends DomainError {
  constructor(message: string) {
    super('NOT_ON_DUTY', message);
  }
}
export class InviteError extends DomainError {
  constructor(code: 'INVITE_NOT_FOUND' | 'INVITE_USED' | 'INVITE_EXPIRED' | 'INVITE_WRONG_ROLE', message: string) {
    super(code, message);
  }
}
export class ConfigProblemsError extends DomainError {
  constructor(problems: string[]) {
    super('INVALID_INPUT', problems.join('；'));
  }
}
export class CaseNotSimilarError extends DomainError {
  constructor(message = '这件事和您要反映的不是同一件事，请单独反映') {
    super('CASE_NOT_SIMILAR', message);
  }
}
export class CaseNotMergeableError extends DomainError {
  constructor(message: string) {
    super('CASE_NOT_MERGEABLE', message);
  }
}
export class FollowUpClosedError extends DomainError {
  constructor(message = '这件事现在不用回访') {
    super('FOLLOW_UP_CLOSED', message);
  }
}
