/** Subscription-message credits on the WeChat Cloud database. */
import type { SubscribeAnswer } from '../../../../types/api';
import type { Subscriptions } from '../../../core/ports';
import { COLLECTIONS } from '../collections';
import type { Database } from '../db-types';
import { findDoc } from './shared';

/** Credit ledger: record `{ _id: openid, credits: { [templateId]: n } }`. */
export class SubscriptionsWxDb implements Subscriptions {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.subscriptions);
  }
  async record(personId: string, answers: Record<string, SubscribeAnswer>, grantId?: string): Promise<void> {
    const _ = this.db.command;
    const accepted = Object.keys(answers).filter((t) => answers[t] === 'accept');
    if (accepted.length === 0) return;
    const inc: Record<string, unknown> = {};
    for (const t of accepted) inc[t] = _.inc(1);
    // NOTE: with a grant id the increment and the grant's mark are one conditional write: a second record of the
    // same grant matches nothing.
    const where = grantId ? { _id: personId, [`grants.${grantId}`]: _.exists(false) } : { _id: personId };
    const data = grantId ? { credits: inc, grants: { [grantId]: true } } : { credits: inc };
    for (let attempt = 0; attempt < 2; attempt++) {
      if ((await this.col.where(where).update({ data })).stats.updated === 1) return;
      const existing = (await this.col.where({ _id: personId }).limit(1).get()).data[0];
      if (existing) {
        if (grantId && (existing.grants as Record<string, unknown> | undefined)?.[grantId]) return; // recorded before
        continue; // a concurrent first record created it: add ours to it
      }
      const credits = Object.fromEntries(accepted.map((t) => [t, 1]));
      try {
        await this.col.add({ data: { _id: personId, credits, grants: grantId ? { [grantId]: true } : {} } });
        return;
      } catch {
        // Created by a concurrent call in between: try the update again.
      }
    }
    throw new Error(`subscriptions: could not record credits for ${personId}`);
  }
  async take(personId: string, templateId: string): Promise<boolean> {
    const _ = this.db.command;
    const res = await this.col.where({ _id: personId, [`credits.${templateId}`]: _.gt(0) }).update({ data: { credits: { [templateId]: _.inc(-1) } } });
    return res.stats.updated === 1;
  }
  async clear(personId: string, templateId: string): Promise<void> {
    await this.col.doc(personId).update({ data: { credits: { [templateId]: 0 } } });
  }
  async credits(personId: string): Promise<Record<string, number>> {
    const d = await findDoc(this.col, personId);
    return d === null ? {} : ((d.credits as Record<string, number>) ?? {});
  }
}
