/**
 * The one typed client pages use. Verb-first calls; each resolves with an ApiResult so pages show the Chinese
 * message of any failure without try/catch.
 */
import type { ActionName, FunctionName, RequestOf, ResponseOf, SubmitCaseRequest } from '../../types/api';
import type { ApiResult } from '../../types/result';
import { transport } from './transport';

/** Call `fn`'s `action` with a typed payload and get a typed envelope back. */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  payload: RequestOf<F, A>,
): Promise<ApiResult<ResponseOf<F, A>>> {
  const res = await transport(fn, { action, payload });
  return res as ApiResult<ResponseOf<F, A>>;
}

export const fetchMe = () => call('session', 'me', {});
export const submitCase = (req: SubmitCaseRequest) => call('cases', 'submit', req);
export const fetchMyCases = () => call('cases', 'listMine', {});
export const fetchCase = (caseId: string) => call('cases', 'get', { caseId });
export const fetchDutyBoard = () => call('cases', 'dutyBoard', {});
export const claimCase = (caseId: string) => call('cases', 'claim', { caseId });
export const resolveCase = (caseId: string, note: string) => call('cases', 'resolve', { caseId, note });
export const escalateCase = (caseId: string, reason: string) => call('cases', 'escalate', { caseId, reason });
export const reopenCase = (caseId: string, reason: string) => call('cases', 'reopen', { caseId, reason });
export const returnToStudio = (caseId: string, note: string) => call('cases', 'returnToStudio', { caseId, note });
export const recategoriseCase = (caseId: string, categoryId: string, note: string) =>
  call('cases', 'recategorise', { caseId, categoryId, note });
