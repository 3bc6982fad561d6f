/** Cloud function `cases`: report, read, claim, resolve, escalate, reopen, return and recategorise cases. */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import {
  claimCase,
  dutyBoard,
  escalateCase,
  getCase,
  listMyCases,
  recategoriseCase,
  reopenCase,
  resolveCase,
  returnCaseToStudio,
  submitCase,
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
  reopen: { input: schemas.reopen, run: async ({ deps, openid }, req) => reopenCase(deps, await whoIs(deps, openid), req.caseId, req.reason) },
  returnToStudio: {
    input: schemas.returnToStudio,
    run: async ({ deps, openid }, req) => returnCaseToStudio(deps, await whoIs(deps, openid), req.caseId, req.note),
  },
  recategorise: {
    input: schemas.recategorise,
    run: async ({ deps, openid }, req) => recategoriseCase(deps, await whoIs(deps, openid), req.caseId, req.categoryId, req.note),
  },
});
