/** People on the WeChat Cloud database: one record per person, _id = openid. */
import type { Place, SavedPlace } from '../../../../types/domain';
import type { Person } from '../../../core/community';
import type { People } from '../../../core/ports';
import { COLLECTIONS } from '../collections';
import type { Database, Doc } from '../db-types';
import { findDoc } from './shared';

function docToPerson(d: Doc): Person {
  return {
    id: d._id,
    role: (d.role as Person['role']) ?? 'resident',
    name: (d.name as string) ?? '',
    phone: (d.phone as string) ?? '',
    groupId: (d.groupId as string | null) ?? null,
    compounds: (d.compounds as string[]) ?? [],
    lastPlace: (d.lastPlace as Place | null) ?? null,
    leave: (d.leave as Person['leave'] | undefined) ?? [],
  };
}

/** People: roles, names, groups, the compounds they steward, leave, and where they last reported from. */
export class PeopleWxDb implements People {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.users);
  }
  async ofId(id: string): Promise<Person | null> {
    const d = await findDoc(this.col, id);
    return d === null ? null : docToPerson(d);
  }
  async ofGroup(groupId: string): Promise<Person[]> {
    const res = await this.col.where({ role: 'member', groupId }).limit(100).get();
    return res.data.map(docToPerson);
  }
  async members(): Promise<Person[]> {
    const res = await this.col.where({ role: 'member' }).limit(100).get();
    return res.data.map(docToPerson);
  }
  async staff(): Promise<Person[]> {
    const res = await this.col
      .where({ role: this.db.command.in(['office', 'admin']) })
      .limit(100)
      .get();
    return res.data.map(docToPerson);
  }
  async save(p: Person): Promise<void> {
    const { id, ...rest } = p;
    const data = { ...rest, lastPlace: rest.lastPlace ? this.db.command.set(rest.lastPlace) : null, leave: rest.leave, compounds: rest.compounds };
    const res = await this.col.doc(id).update({ data });
    if (res.stats.updated > 0) return;
    if (await this.ofId(id)) return; // unchanged
    await this.col.doc(id).set({ data: { ...rest } });
  }
  async rememberPlace(id: string, place: Place): Promise<void> {
    // NOTE: `updated` may count modified rather than matched records (an update writing the same values counts 0),
    // so 0 does not prove the record is missing: try to create it, and a duplicate means it was there all along.
    const res = await this.col.doc(id).update({ data: { lastPlace: this.db.command.set(place), lastSeenAt: this.db.serverDate() } });
    if (res.stats.updated > 0) return;
    try {
      await this.col.add({
        data: { _id: id, role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: place, lastSeenAt: this.db.serverDate() },
      });
    } catch (err) {
      if (!(await this.ofId(id))) throw err;
    }
  }
  async savedPlaces(id: string): Promise<SavedPlace[]> {
    const d = await findDoc(this.col, id);
    return Array.isArray(d?.savedPlaces) ? (d.savedPlaces as SavedPlace[]) : [];
  }
  async setSavedPlaces(id: string, places: SavedPlace[]): Promise<void> {
    // NOTE: the list is written whole (command.set), never merged with what is stored; as in `rememberPlace`, 0
    // updated does not prove the record is missing.
    const res = await this.col.doc(id).update({ data: { savedPlaces: this.db.command.set(places) } });
    if (res.stats.updated > 0) return;
    try {
      await this.col.add({ data: { _id: id, role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: null, savedPlaces: places } });
    } catch (err) {
      if (!(await this.ofId(id))) throw err;
    }
  }
}
