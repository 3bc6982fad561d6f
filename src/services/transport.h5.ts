import type { ApiResult } from '../../types/result';
import type { Transport } from './transport';
import { currentDevOpenid } from './dev-identity';

/** Local cloud: POST /fn/<name>; the dev role switcher's identity rides in a header only the local cloud reads. */
export const transport: Transport = async (name, event) => {
  try {
    const res = await fetch(`/fn/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-openid': currentDevOpenid() ?? '' },
      body: JSON.stringify(event),
    });
    return (await res.json()) as ApiResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '网络不太好，请稍后再试' } };
  }
};
