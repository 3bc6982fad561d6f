/** Cloud function `session`: who am I, and what the pages need to start. */
import { invocation } from '../../adapters/wx/invocation';
import { recordSubscriptions, whoAmI } from '../../core/usecases';
import { redeemInvite } from '../../core/usecases/admin';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('session', invocation, {
  me: { input: schemas.empty, run: ({ deps, me }) => whoAmI(deps, me) },
  redeemInvite: { input: schemas.redeemInvite, run: ({ deps, me }, req) => redeemInvite(deps, me, req.code, req.name, req.phone) },
  subscribe: { input: schemas.subscribe, run: ({ deps, me }, req) => recordSubscriptions(deps, me, req.subscriptions) },
});
