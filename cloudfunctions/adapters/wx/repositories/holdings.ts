/** Claim-cap slots on the WeChat Cloud database: how many cases each member holds, and which. */
import type { Holdings } from '../../../core/ports';
import { COLLECTIONS } from '../collections';
import type { Database } from '../db-types';

const SLOT_KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** A case id as a field name (ids are made of safe characters; anything else is refused rather than mangled). */
function slotKey(caseId: string): string {
  if (!SLOT_KEY.test(caseId)) throw new Error(`holdings: case id ${JSON.stringify(caseId)} cannot name a slot`);
  return caseId;
}

/**
 * Claim-cap slots: record `{ _id: memberId, n, slots: { [caseId]: reservedAt } }`. A reservation is one conditional
 * write that matches only while n < cap and the slot is absent, so parallel claims and hand-overs never pass the cap.
 * NOTE: the record is created from the cases the member holds at first use; a reservation whose case write never
 * happened (the function died in between) is reclaimed when the cap is reached and it is older than the lease.
 */
export class HoldingsWxDb implements Holdings {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.holdings);
  }
  private async record(memberId: string): Promise<{ n: number; slots: Record<string, Date> } | null> {
    const res = await this.col.where({ _id: memberId }).limit(1).get();
    const d = res.data[0];
    return d ? { n: d.n as number, slots: (d.slots as Record<string, Date>) ?? {} } : null;
  }
  async reserve(memberId: string, caseId: string, cap: number, now: Date, staleBefore: Date): Promise<boolean> {
    const _ = this.db.command;
    const key = slotKey(caseId);
    let reclaimed = false;
    for (let attempt = 0; attempt < 4; attempt++) {
      const res = await this.col
        .where({ _id: memberId, n: _.lt(cap), [`slots.${key}`]: _.exists(false) })
        .update({ data: { n: _.inc(1), slots: { [key]: now } } });
      if (res.stats.updated === 1) return true;
      const rec = await this.record(memberId);
      if (rec) {
        if (key in rec.slots) return true; // reserved by an earlier attempt of this request
        if (rec.n < cap) continue; // the record was being created by a parallel first reservation: try again
        if (reclaimed || !(await this.reclaimStale(memberId, rec.slots, staleBefore))) return false;
        reclaimed = true;
        continue;
      }
      const held = await this.db
        .collection(COLLECTIONS.cases)
        .where({ holderId: memberId, status: 'claimed', atOffice: false })
        .field({ _id: true })
        .limit(100)
        .get();
      const slots: Record<string, Date> = Object.fromEntries(held.data.map((h) => [slotKey(h._id), now]));
      // A case the member holds already has its slot (counted from the cases): reserved, whatever the cap.
      const fits = key in slots || Object.keys(slots).length < cap;
      if (fits) slots[key] = now;
      try {
        await this.col.add({ data: { _id: memberId, n: Object.keys(slots).length, slots } });
        return fits;
      } catch {
        // Created by a concurrent first reservation: go round again.
      }
    }
    return false;
  }
  /** Free reservations older than the lease whose case this member does not hold; true if any was freed. */
  private async reclaimStale(memberId: string, slots: Record<string, Date>, staleBefore: Date): Promise<boolean> {
    const old = Object.keys(slots).filter((k) => new Date(slots[k]).getTime() < staleBefore.getTime());
    if (old.length === 0) return false;
    const res = await this.db
      .collection(COLLECTIONS.cases)
      .where({ _id: this.db.command.in(old), holderId: memberId, status: 'claimed' })
      .field({ _id: true })
      .limit(100)
      .get();
    const held = new Set(res.data.map((d) => d._id));
    const stale = old.filter((k) => !held.has(k));
    for (const k of stale) await this.free(memberId, k);
    return stale.length > 0;
  }
  async take(memberId: string, caseId: string, now: Date): Promise<void> {
    const _ = this.db.command;
    const key = slotKey(caseId);
    // NOTE: no record yet means none was ever needed: the first reservation counts this case from the cases.
    await this.col.where({ _id: memberId, [`slots.${key}`]: _.exists(false) }).update({ data: { n: _.inc(1), slots: { [key]: now } } });
  }
  async free(memberId: string, caseId: string): Promise<void> {
    const _ = this.db.command;
    const key = slotKey(caseId);
    await this.col.where({ _id: memberId, [`slots.${key}`]: _.exists(true) }).update({ data: { n: _.inc(-1), slots: { [key]: _.remove() } } });
  }
}
