/** Cloud function `messages`: the in-app message centre (every notification, whether or not WeChat delivered it). */
import { invocation } from '../../adapters/wx/invocation';
import { listMessages, markMessagesRead } from '../../core/usecases';
import { defineFunction } from '../../runtime/defineFunction';
import { schemas } from '../../runtime/schemas';

export const main = defineFunction('messages', invocation, {
  list: { input: schemas.messagesPage, run: ({ deps, me }, req) => listMessages(deps, me, req.page ?? 0) },
  markRead: { input: schemas.markRead, run: ({ deps, me }, req) => markMessagesRead(deps, me, req.ids) },
});
