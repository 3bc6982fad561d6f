/** 通报 on the WeChat Cloud database, _id = the period's id (week_<Monday>, month_<YYYY-MM>, range_<from>_<to>). */
import type { Reports, StoredReport } from '../../../core/ports';
import { COLLECTIONS } from '../collections';
import type { Database, Doc } from '../db-types';
import type { Actor } from './shared';

function docToReport(d: Doc): StoredReport {
  return {
    id: d._id,
    kind: d.kind as StoredReport['kind'],
    title: d.title as string,
    from: d.from as string,
    to: d.to as string,
    generatedAt: new Date(d.generatedAt as Date),
    generatedBy: (d.generatedBy as Actor | null) ?? null,
    htmlFileID: d.htmlFileID as string,
    xlsxFileID: d.xlsxFileID as string,
    sizes: d.sizes as StoredReport['sizes'],
  };
}

export class ReportsWxDb implements Reports {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.reports);
  }
  async put(r: StoredReport): Promise<void> {
    const { id, ...rest } = r;
    // A whole-record set: making a period's report again replaces it.
    await this.col.doc(id).set({ data: rest });
  }
  async ofId(id: string): Promise<StoredReport | null> {
    const res = await this.col.where({ _id: id }).limit(1).get();
    return res.data.length ? docToReport(res.data[0]) : null;
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
  async recent(limit: number): Promise<StoredReport[]> {
    const res = await this.col.orderBy('generatedAt', 'desc').limit(Math.min(limit, 100)).get();
    return res.data.map(docToReport);
  }
}
