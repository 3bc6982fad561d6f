/** Cloud function `cases`: everything residents and duty members do to cases. */
import { invocation } from '../../adapters/wx/invocation';
import * as uc from '../../core/usecases';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('cases', invocation, {
  submit: { input: schemas.submit, run: ({ deps, me }, req) => uc.submitCase(deps, me, req) },
  place: { input: schemas.placeCode, run: ({ deps, me }, req) => uc.scannedPlace(deps, me, req.code) },
  listMine: { input: schemas.empty, run: ({ deps, me }) => uc.listMyCases(deps, me) },
  get: { input: schemas.caseRef, run: ({ deps, me }, req) => uc.getCase(deps, me, req.caseId) },
  dutyBoard: { input: schemas.empty, run: ({ deps, me }) => uc.dutyBoard(deps, me) },
  handled: { input: schemas.empty, run: ({ deps, me }) => uc.handledCases(deps, me) },
  claim: { input: schemas.caseRef, run: ({ deps, me }, req) => uc.claimCase(deps, me, req.caseId) },
  resolve: { input: schemas.resolve, run: ({ deps, me }, req) => uc.resolveCase(deps, me, req.caseId, req.note, req.photos, req.voice) },
  escalate: { input: schemas.escalate, run: ({ deps, me }, req) => uc.escalateCase(deps, me, req.caseId, req.reason) },
  reopen: { input: schemas.reopen, run: ({ deps, me }, req) => uc.reopenCase(deps, me, req.caseId, req.reason, req.subscriptions) },
  urge: { input: schemas.urge, run: ({ deps, me }, req) => uc.urgeCase(deps, me, req.caseId) },
  cancel: { input: schemas.cancel, run: ({ deps, me }, req) => uc.cancelCase(deps, me, req.caseId, req.reason ?? '') },
  confirm: { input: schemas.confirm, run: ({ deps, me }, req) => uc.confirmCase(deps, me, req.caseId) },
  rate: {
    input: schemas.rate,
    run: ({ deps, me }, req) => uc.rateCase(deps, me, req.caseId, { result: req.result, speed: req.speed, attitude: req.attitude, comment: req.comment ?? '' }),
  },
  followUp: { input: schemas.followUp, run: ({ deps, me }, req) => uc.answerFollowUpCase(deps, me, req.caseId, req) },
  takeCallBack: { input: schemas.caseRef, run: ({ deps, me }, req) => uc.takeCallBackCase(deps, me, req.caseId) },
  recordCallBack: { input: schemas.recordCallBack, run: ({ deps, me }, req) => uc.recordCallBackCase(deps, me, req.caseId, req) },
  submitOnBehalf: { input: schemas.submitOnBehalf, run: ({ deps, me }, req) => uc.submitOnBehalf(deps, me, req) },
  note: { input: schemas.note, run: ({ deps, me }, req) => uc.noteCase(deps, me, req.caseId, req.text, req.voice) },
  release: { input: schemas.release, run: ({ deps, me }, req) => uc.releaseCase(deps, me, req.caseId, req.reason) },
  similar: { input: schemas.similar, run: ({ deps, me }, req) => uc.similarCase(deps, me, req) },
  follow: { input: schemas.follow, run: ({ deps, me }, req) => uc.followCase(deps, me, req) },
  merge: { input: schemas.merge, run: ({ deps, me }, req) => uc.mergeCases(deps, me, req.caseId, req.intoCaseId) },
  handOver: { input: schemas.handOver, run: ({ deps, me }, req) => uc.handOverCase(deps, me, req.caseId, req.toMemberId, req.note) },
});
