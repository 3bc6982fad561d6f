/** Helpers the WeChat Cloud repositories share: the stored actor shape, idempotent inserts, reading one record by id, and due-date sweeps. */
import type { Case } from '../../../core/Case';
import type { Collection, Database, Doc } from '../db-types';
import { isMissingDoc } from '../db-types';

/** Who did something, as a case stores it (reporter, holder, author of a step). */
export type Actor = Case['reporter'];

/** The record `id` of `col`, or null when there is none. */
export async function findDoc(col: Collection, id: string): Promise<Doc | null> {
  try {
    return (await col.doc(id).get()).data;
  } catch (err) {
    if (isMissingDoc(err)) return null;
    throw err;
  }
}

/** Inserts `data` as record `id`: true, or false when the insert failed because the record is there already (`isThere`; by default a read by `_id`). */
export async function addOnce(
  col: Collection,
  id: string,
  data: Record<string, unknown>,
  isThere: () => Promise<unknown> = async () => (await col.where({ _id: id }).limit(1).get()).data.length > 0,
): Promise<boolean> {
  try {
    await col.add({ data: { _id: id, ...data } });
    return true;
  } catch (err) {
    // NOTE: ids are unique in the database: a second add with the same id (an idempotent retry) fails.
    if (await isThere()) return false;
    throw err;
  }
}

/** Up to `limit` records of `col` matching `where` whose `field` is at or before `now`, earliest first (one indexed query). */
export async function dueBy(db: Database, col: Collection, where: Record<string, unknown>, field: string, now: Date, limit: number): Promise<Doc[]> {
  const res = await col
    .where({ ...where, [field]: db.command.lte(now) })
    .orderBy(field, 'asc')
    .limit(limit)
    .get();
  return res.data;
}
