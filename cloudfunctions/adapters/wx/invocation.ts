/** What every deployed function starts from: the ports on WeChat Cloud and the caller, resolved once per invocation. */
import type { Person } from '../../core/community';
import type { Deps, PlaceCodeImages, ReportRenderer } from '../../core/ports';
import { whoIs } from '../../core/usecases';
import { wxDeps } from './deps';
import { caller } from './sdk';

export interface Invocation {
  deps: Deps;
  /** The person behind WeChat's OPENID (a first-time visitor is a resident); null without one. Never from the payload. */
  me: Person | null;
}

/** The ports and the caller for this invocation (one read of the caller's record). */
export async function invocation(): Promise<Invocation> {
  return invocationWith({})();
}

/** The same, for a function that also makes 通报 (it passes the renderer, which only it bundles) or 地点码 images (admin). */
export function invocationWith(opts: { reportFiles?: ReportRenderer; placeImages?: PlaceCodeImages }): () => Promise<Invocation> {
  return async () => {
    const deps = wxDeps(opts);
    return { deps, me: await whoIs(deps, caller().openid) };
  };
}
