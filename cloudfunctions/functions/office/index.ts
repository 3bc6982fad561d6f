/**
 * Cloud function `office`: the community office's console — queues, assignment, rejection, return to the studio,
 * recategorising, 转办 and its outcome, the dashboard, the 通报 (listed, opened, made for a range), 志愿服务记录.
 */
import { invocationWith } from '../../adapters/wx/invocation';
import { reportRenderer } from '../../reports/renderer';
import {
  assignCase,
  closeCaseSupervision,
  dashboard,
  listReports,
  makeReport,
  memberServiceRecord,
  reportFileUrl,
  officeQueues,
  recategoriseCase,
  recordTransferOutcome,
  rejectCase,
  returnCaseToStudio,
  transferCase,
} from '../../core/usecases';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('office', invocationWith({ reportFiles: reportRenderer }), {
  queues: { input: schemas.queues, run: ({ deps, me }, req) => officeQueues(deps, me, req.queue, req.page ?? 0) },
  assign: { input: schemas.assign, run: ({ deps, me }, req) => assignCase(deps, me, req.caseId, req.assigneeId) },
  reject: { input: schemas.reject, run: ({ deps, me }, req) => rejectCase(deps, me, req.caseId, req.reason) },
  returnToStudio: { input: schemas.returnToStudio, run: ({ deps, me }, req) => returnCaseToStudio(deps, me, req.caseId, req.note) },
  recategorise: { input: schemas.recategorise, run: ({ deps, me }, req) => recategoriseCase(deps, me, req.caseId, req.categoryId, req.note) },
  dashboard: { input: schemas.dashboard, run: ({ deps, me }, req) => dashboard(deps, me, req) },
  transfer: { input: schemas.transfer, run: ({ deps, me }, req) => transferCase(deps, me, req) },
  transferOutcome: { input: schemas.transferOutcome, run: ({ deps, me }, req) => recordTransferOutcome(deps, me, req.caseId, req.outcome) },
  closeSupervision: { input: schemas.closeSupervision, run: ({ deps, me }, req) => closeCaseSupervision(deps, me, req.caseId, req.note) },
  reports: { input: schemas.empty, run: ({ deps, me }) => listReports(deps, me) },
  makeReport: { input: schemas.makeReport, run: ({ deps, me }, req) => makeReport(deps, me, req.from, req.to) },
  reportFile: { input: schemas.reportFile, run: ({ deps, me }, req) => reportFileUrl(deps, me, req.id, req.file) },
  serviceRecord: { input: schemas.serviceRecord, run: ({ deps, me }, req) => memberServiceRecord(deps, me, req.memberId, req.month) },
});
