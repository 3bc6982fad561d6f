/** Cloud function `session`: who am I, and what the pages need to start. */
import { invocation } from '../../adapters/wx/invocation';
import { recordSubscriptions, removePlace, savePlace, whoAmI } from '../../core/usecases';
import { redeemInvite } from '../../core/usecases/admin';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('session', invocation, {
  me: { input: schemas.empty, run: ({ deps, me }) => whoAmI(deps, me) },
  redeemInvite: { input: schemas.redeemInvite, run: ({ deps, me }, req) => redeemInvite(deps, me, req.code, req.name, req.phone) },
  subscribe: { input: schemas.subscribe, run: ({ deps, me }, req) => recordSubscriptions(deps, me, req.subscriptions) },
  // 家人的地址: the caller's own saved places (issue 14 item 3).
  savePlace: { input: schemas.savePlace, run: ({ deps, me }, req) => savePlace(deps, me, req) },
  removePlace: { input: schemas.removePlace, run: ({ deps, me }, req) => removePlace(deps, me, req.id) },
});
