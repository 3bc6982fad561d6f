/** The Notifier port: subscription messages through WeChat's openapi, every attempt logged in `notifications`. */
import type { SubscribeMessage } from '../../core/messages';
import type { Notifier, SendOutcome } from '../../core/ports';
import { COLLECTIONS } from './collections';
import type { Database } from './db-types';

/** How a message reaches WeChat (openapi.subscribeMessage.send in production). */
export type SendFn = (msg: SubscribeMessage & { miniprogramState: 'developer' | 'trial' | 'formal' }) => Promise<SendOutcome>;

export class NotifierWx implements Notifier {
  constructor(
    private readonly db: Database,
    private readonly sendFn: SendFn,
    private readonly miniprogramState: 'developer' | 'trial' | 'formal',
  ) {}
  send(msg: SubscribeMessage): Promise<SendOutcome> {
    return this.sendFn({ ...msg, miniprogramState: this.miniprogramState });
  }
  async log(entry: { msg: SubscribeMessage; caseId: string; outcome: SendOutcome | { ok: false; skipped: 'no-credit' } }): Promise<void> {
    await this.db.collection(COLLECTIONS.notifications).add({
      data: {
        touser: entry.msg.touser,
        templateId: entry.msg.templateId,
        caseId: entry.caseId,
        data: entry.msg.data,
        outcome: entry.outcome,
        createdAt: this.db.serverDate(),
      },
    });
  }
}
