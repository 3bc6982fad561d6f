/** Messages on the WeChat Cloud database: the message centre and the WeChat outbox. */
import type { MessageRecord, Messages } from '../../../core/ports';
import type { Delivery } from '../../../core/notify';
import { COLLECTIONS } from '../collections';
import type { Database, Doc } from '../db-types';
import { addOnce, dueBy } from './shared';

/** When the outbox sweep should look at a message: its retry time, or when an in-flight send counts as cut off. */
const retryAtOf = (d: Delivery): Date | null => (d.status === 'retrying' || d.status === 'sending' ? d.nextAttemptAt : null);

function docToMessage(d: Doc): MessageRecord {
  const delivery = d.delivery as Delivery;
  return {
    id: d._id,
    touser: d.touser as string,
    caseId: (d.caseId as string | null) ?? null,
    title: d.title as string,
    text: d.text as string,
    at: new Date(d.at as Date),
    read: Boolean(d.read),
    wechat: (d.wechat as MessageRecord['wechat']) ?? null,
    delivery: { ...delivery, nextAttemptAt: delivery.nextAttemptAt ? new Date(delivery.nextAttemptAt) : null },
  };
}

/** The message centre and WeChat outbox: one record per notification per person. */
export class MessagesWxDb implements Messages {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.messages);
  }
  async add(r: MessageRecord): Promise<boolean> {
    const { id, ...rest } = r;
    // A second add of the same message (an effect completed twice) finds it there.
    return addOnce(this.col, id, { ...rest, retryAt: retryAtOf(r.delivery) });
  }
  async existing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const res = await this.col
      .where({ _id: this.db.command.in(ids) })
      .field({ _id: true })
      .limit(100)
      .get();
    return res.data.map((d) => d._id);
  }
  async setDelivery(id: string, d: Delivery): Promise<void> {
    await this.col.doc(id).update({ data: { delivery: this.db.command.set(d), retryAt: retryAtOf(d) } });
  }
  async claimRetry(id: string, attempts: number, leaseUntil: Date): Promise<boolean> {
    const res = await this.col
      .where({ _id: id, 'delivery.status': 'retrying', 'delivery.attempts': attempts })
      .update({ data: { delivery: { status: 'sending', nextAttemptAt: leaseUntil }, retryAt: leaseUntil } });
    return res.stats.updated === 1;
  }
  async dueForRetry(now: Date, limit: number): Promise<MessageRecord[]> {
    return (await dueBy(this.db, this.col, {}, 'retryAt', now, limit)).map(docToMessage);
  }
  async ofUser(personId: string, page: number, limit: number): Promise<{ items: MessageRecord[]; hasMore: boolean }> {
    const res = await this.col
      .where({ touser: personId })
      .orderBy('at', 'desc')
      .skip(page * limit)
      .limit(limit + 1)
      .get();
    return { items: res.data.slice(0, limit).map(docToMessage), hasMore: res.data.length > limit };
  }
  async unread(personId: string): Promise<number> {
    return (await this.col.where({ touser: personId, read: false }).count()).total;
  }
  async markRead(personId: string, ids?: string[]): Promise<void> {
    const where: Record<string, unknown> = { touser: personId, read: false };
    if (ids) where._id = this.db.command.in(ids);
    await this.col.where(where).update({ data: { read: true } });
  }
}
