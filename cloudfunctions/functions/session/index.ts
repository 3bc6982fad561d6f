/** Cloud function `session`: who am I, and what the pages need to start. */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import { recordSubscriptions, whoAmI, whoIs } from '../../core/usecases';
import { redeemInvite } from '../../core/usecases/admin';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('session', () => ({ deps: wxDeps(), openid: caller().openid }), {
  me: { input: schemas.empty, run: async ({ deps, openid }) => whoAmI(deps, await whoIs(deps, openid)) },
  redeemInvite: {
    input: schemas.redeemInvite,
    run: async ({ deps, openid }, req) => redeemInvite(deps, await whoIs(deps, openid), req.code, req.name, req.phone),
  },
  subscribe: { input: schemas.subscribe, run: async ({ deps, openid }, req) => recordSubscriptions(deps, await whoIs(deps, openid), req.subscriptions) },
});
