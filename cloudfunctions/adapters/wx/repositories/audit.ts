/** The audit log on the WeChat Cloud database: append-only. */
import type { AuditEntry, AuditLog } from '../../../core/ports';
import { COLLECTIONS } from '../collections';
import type { Database } from '../db-types';
import { addOnce } from './shared';

/** The audit log: append-only. */
export class AuditWxDb implements AuditLog {
  constructor(private readonly db: Database) {}
  /** Append an entry; one with an `id` is stored under it, and adding it again is a no-op (already logged). */
  async add(e: AuditEntry & { id?: string }): Promise<void> {
    const { id, ...entry } = e;
    const data = { ...entry, before: entry.before ?? null, after: entry.after ?? null };
    const col = this.db.collection(COLLECTIONS.audit);
    if (typeof id !== 'string' || !id) {
      await col.add({ data });
      return;
    }
    // A second add of the same entry finds it there: done.
    await addOnce(col, id, data);
  }
  async page(page: number, limit: number): Promise<{ items: AuditEntry[]; hasMore: boolean }> {
    const res = await this.db
      .collection(COLLECTIONS.audit)
      .orderBy('at', 'desc')
      .skip(page * limit)
      .limit(limit + 1)
      .get();
    // The record's _id (random, or the entry's id) is storage, not part of the entry.
    const items = res.data.slice(0, limit).map(({ _id: _ignored, ...d }) => ({ ...(d as unknown as AuditEntry), at: new Date(d.at as Date) }));
    return { items, hasMore: res.data.length > limit };
  }
}
