/** Cloud function `cases`: everything residents and duty members do to cases (and the office's return/recategorise). */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import {
  cancelCase,
  claimCase,
  confirmCase,
  rateCase,
  urgeCase,
  dutyBoard,
  escalateCase,
  getCase,
  handOverCase,
  listMyCases,
  noteCase,
  recategoriseCase,
  reopenCase,
  releaseCase,
  resolveCase,
  returnCaseToStudio,
  submitCase,
  submitOnBehalf,
  whoIs,
} from '../../core/usecases';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('cases', () => ({ deps: wxDeps(), openid: caller().openid }), {
  submit: { input: schemas.submit, run: async ({ deps, openid }, req) => submitCase(deps, await whoIs(deps, openid), req) },
  listMine: { input: schemas.empty, run: async ({ deps, openid }) => listMyCases(deps, await whoIs(deps, openid)) },
  get: { input: schemas.caseRef, run: async ({ deps, openid }, req) => getCase(deps, await whoIs(deps, openid), req.caseId) },
  dutyBoard: { input: schemas.empty, run: async ({ deps, openid }) => dutyBoard(deps, await whoIs(deps, openid)) },
  claim: { input: schemas.caseRef, run: async ({ deps, openid }, req) => claimCase(deps, await whoIs(deps, openid), req.caseId) },
  resolve: {
    input: schemas.resolve,
    run: async ({ deps, openid }, req) => resolveCase(deps, await whoIs(deps, openid), req.caseId, req.note),
  },
  escalate: {
    input: schemas.escalate,
    run: async ({ deps, openid }, req) => escalateCase(deps, await whoIs(deps, openid), req.caseId, req.reason),
  },
  reopen: {
    input: schemas.reopen,
    run: async ({ deps, openid }, req) => reopenCase(deps, await whoIs(deps, openid), req.caseId, req.reason, req.subscriptions),
  },
  urge: { input: schemas.urge, run: async ({ deps, openid }, req) => urgeCase(deps, await whoIs(deps, openid), req.caseId) },
  cancel: { input: schemas.cancel, run: async ({ deps, openid }, req) => cancelCase(deps, await whoIs(deps, openid), req.caseId, req.reason ?? '') },
  confirm: { input: schemas.confirm, run: async ({ deps, openid }, req) => confirmCase(deps, await whoIs(deps, openid), req.caseId) },
  rate: {
    input: schemas.rate,
    run: async ({ deps, openid }, req) =>
      rateCase(deps, await whoIs(deps, openid), req.caseId, { result: req.result, speed: req.speed, attitude: req.attitude, comment: req.comment ?? '' }),
  },
  returnToStudio: {
    input: schemas.returnToStudio,
    run: async ({ deps, openid }, req) => returnCaseToStudio(deps, await whoIs(deps, openid), req.caseId, req.note),
  },
  recategorise: {
    input: schemas.recategorise,
    run: async ({ deps, openid }, req) => recategoriseCase(deps, await whoIs(deps, openid), req.caseId, req.categoryId, req.note),
  },
  submitOnBehalf: { input: schemas.submitOnBehalf, run: async ({ deps, openid }, req) => submitOnBehalf(deps, await whoIs(deps, openid), req) },
  note: { input: schemas.note, run: async ({ deps, openid }, req) => noteCase(deps, await whoIs(deps, openid), req.caseId, req.text) },
  release: { input: schemas.release, run: async ({ deps, openid }, req) => releaseCase(deps, await whoIs(deps, openid), req.caseId, req.reason) },
  handOver: {
    input: schemas.handOver,
    run: async ({ deps, openid }, req) => handOverCase(deps, await whoIs(deps, openid), req.caseId, req.toMemberId, req.note),
  },
});
