/** Cloud function `messages`: the in-app message centre (every notification, whether or not WeChat delivered it). */
import { wxDeps } from '../../adapters/wx/deps';
import { caller } from '../../adapters/wx/sdk';
import { listMessages, markMessagesRead, whoIs } from '../../core/usecases';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('messages', () => ({ deps: wxDeps(), openid: caller().openid }), {
  list: { input: schemas.messagesPage, run: async ({ deps, openid }, req) => listMessages(deps, await whoIs(deps, openid), req.page ?? 0) },
  markRead: { input: schemas.markRead, run: async ({ deps, openid }, req) => markMessagesRead(deps, await whoIs(deps, openid), req.ids) },
});
