/** Cloud function `office`: the community office's console — queues, assignment, rejection, the dashboard. */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import { assignCase, dashboard, officeQueues, rejectCase, whoIs } from '../../core/usecases';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('office', () => ({ deps: wxDeps(), openid: caller().openid }), {
  queues: { input: schemas.queues, run: async ({ deps, openid }, req) => officeQueues(deps, await whoIs(deps, openid), req.queue, req.page ?? 0) },
  assign: { input: schemas.assign, run: async ({ deps, openid }, req) => assignCase(deps, await whoIs(deps, openid), req.caseId, req.assigneeId) },
  reject: { input: schemas.reject, run: async ({ deps, openid }, req) => rejectCase(deps, await whoIs(deps, openid), req.caseId, req.reason) },
  dashboard: { input: schemas.dashboard, run: async ({ deps, openid }, req) => dashboard(deps, await whoIs(deps, openid), req.days ?? 30) },
});
