import type { ApiResult } from '../../types/result';
import type { Transport } from './transport';
import { currentDevOpenid } from './dev-identity';
import { classifyFetchError, classifyHttpFailure, cloudFailure, isEnvelope } from './cloud-errors';

/**
 * Local cloud: POST /fn/<name>; the dev role switcher's identity rides in a header only the local cloud reads. A call
 * that fails before the function answers is told apart like WeChat's (cloud-errors.ts): fetch throwing is the network,
 * a 404 a function the local cloud does not have, its `{ errCode, errMsg }` answers (-501000, -504003, -504002…) and
 * other statuses (504 timeout, 5xx crash) what they say.
 */
export const transport: Transport = async (name, event) => {
  let res: Response;
  try {
    res = await fetch(`/fn/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-openid': currentDevOpenid() ?? '' },
      body: JSON.stringify(event),
    });
  } catch (err) {
    return cloudFailure(classifyFetchError(err));
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    return cloudFailure(classifyFetchError(err)); // the answer broke off mid-way
  }
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (e.g. empty): the status still says something
  }
  if (!res.ok) return cloudFailure(classifyHttpFailure(res.status, body));
  // A function that returned nothing (or not our envelope) is a failure of the function, not a success.
  return isEnvelope(body) ? (body as ApiResult<unknown>) : cloudFailure('crashed');
};
