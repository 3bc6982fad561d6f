/** 地点码 on the WeChat Cloud database, _id = the code. */
import type { PlaceCode } from '../../../core/places';
import type { Places } from '../../../core/ports';
import { COLLECTIONS } from '../collections';
import type { Database, Doc } from '../db-types';
import { addOnce, type Actor } from './shared';

function docToPlace(d: Doc): PlaceCode {
  return {
    code: d._id,
    compoundId: d.compoundId as string,
    building: d.building as string,
    unit: (d.unit as string | undefined) ?? '',
    retired: Boolean(d.retired),
    createdAt: new Date(d.createdAt as Date),
    createdBy: d.createdBy as Actor,
  };
}

export class PlacesWxDb implements Places {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.places);
  }
  async ofCode(code: string): Promise<PlaceCode | null> {
    const res = await this.col.where({ _id: code }).limit(1).get();
    return res.data[0] ? docToPlace(res.data[0]) : null;
  }
  async ofPlace(compoundId: string, building: string, unit: string): Promise<PlaceCode | null> {
    const res = await this.col.where({ compoundId, building, unit, retired: false }).orderBy('createdAt', 'asc').limit(1).get();
    return res.data[0] ? docToPlace(res.data[0]) : null;
  }
  async retire(code: string, at: Date, by: Actor): Promise<boolean> {
    const res = await this.col.where({ _id: code, retired: false }).update({ data: { retired: true, retiredAt: at, retiredBy: by } });
    return res.stats.updated === 1;
  }
  async add(p: PlaceCode): Promise<boolean> {
    const { code, ...rest } = p;
    return addOnce(this.col, code, rest, () => this.ofCode(code));
  }
}
