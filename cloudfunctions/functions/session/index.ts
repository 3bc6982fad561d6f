/** Cloud function `session`: who am I, and what the pages need to start. */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import { recordSubscriptions, whoAmI, whoIs } from '../../core/usecases';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('session', () => ({ deps: wxDeps(), openid: caller().openid }), {
  me: { input: schemas.empty, run: async ({ deps, openid }) => whoAmI(deps, await whoIs(deps, openid)) },
  subscribe: { input: schemas.subscribe, run: async ({ deps, openid }, req) => recordSubscriptions(deps, await whoIs(deps, openid), req.subscriptions) },
});
