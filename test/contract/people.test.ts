/** Contract of the People port: the in-memory fake and the adapter on the local database behave alike. */
import type { Person } from '../../cloudfunctions/core/community';
import { aMember, aPerson } from '../fakes';
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, freshPorts } from './support';

const byId = (ps: Person[]) => [...ps].sort((a, b) => a.id.localeCompare(b.id));
const home = { compoundId: 'hongqiao', building: '2幢', unit: '302' };

export function peopleContract(make: PortsFactory) {
  const p = freshPorts(make);

  it('someone never seen reads as null', async () => {
    expect(await p.people.ofId('nobody')).toBeNull();
  });

  it('save creates a person and reads back every field', async () => {
    const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao', 'hubin'], [{ from: '2026-12-01', to: '2026-12-03' }]);
    await p.people.save({ ...wang, lastPlace: home });
    expect(await p.people.ofId('m-wang')).toEqual({ ...wang, lastPlace: home });
  });

  it('save replaces: arrays and the place are the new ones, not merged', async () => {
    const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao', 'hubin'], [{ from: '2026-12-01', to: '2026-12-03' }]);
    await p.people.save({ ...wang, lastPlace: home });
    const next: Person = { ...wang, role: 'office', groupId: null, compounds: ['nanhetou'], leave: [], lastPlace: null, name: '王思瑛（社区）' };
    await p.people.save(next);
    expect(await p.people.ofId('m-wang')).toEqual(next);
    await p.people.save(next); // unchanged: still there
    expect(await p.people.ofId('m-wang')).toEqual(next);
  });

  it('ofGroup, members and staff select by role and group', async () => {
    const people = [
      aMember('m1', 'g1'),
      aMember('m2', 'g2'),
      aMember('m3', 'g2'),
      aPerson({ id: 'o1', role: 'office' }),
      aPerson({ id: 'a1', role: 'admin' }),
      aPerson({ id: 'r1' }),
      aPerson({ id: 'x', role: 'resident', groupId: 'g2' }),
    ];
    for (const person of people) await p.people.save(person);
    expect(byId(await p.people.ofGroup('g2')).map((x) => x.id)).toEqual(['m2', 'm3']);
    expect(byId(await p.people.members()).map((x) => x.id)).toEqual(['m1', 'm2', 'm3']);
    expect(byId(await p.people.staff()).map((x) => x.id)).toEqual(['a1', 'o1']);
    expect(byId(await p.people.ofGroup('g2'))).toEqual([people[1], people[2]]);
    expect(await p.people.ofGroup('g9')).toEqual([]);
  });

  it('rememberPlace keeps everything else of a known person', async () => {
    const r = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
    await p.people.save(r);
    await p.people.rememberPlace('r1', home);
    await p.people.rememberPlace('r1', home); // the same again
    expect(await p.people.ofId('r1')).toEqual({ ...r, lastPlace: home });
    const next = { compoundId: 'hubin', building: '5幢', unit: '101' };
    await p.people.rememberPlace('r1', next);
    expect(await p.people.ofId('r1')).toEqual({ ...r, lastPlace: next });
  });

  it('rememberPlace creates a resident record on first use', async () => {
    await p.people.rememberPlace('new', home);
    expect(await p.people.ofId('new')).toEqual({ id: 'new', role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: home, leave: [] });
  });

  it('家人的地址: none at first; set whole (not merged), kept by save and rememberPlace, never part of the person', async () => {
    const parents = { id: 'sp-1', label: '我父母家', place: { compoundId: 'hubin', building: '5幢', unit: '101' }, name: '王大伯', phone: '13800005678' };
    const sister = { ...parents, id: 'sp-2', label: '我妹妹家', name: '陈阿婆' };
    expect(await p.people.savedPlaces('nobody')).toEqual([]);
    await p.people.setSavedPlaces('new', [parents, sister]);
    expect(await p.people.ofId('new')).toEqual({ id: 'new', role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: null, leave: [] });
    expect(await p.people.savedPlaces('new')).toEqual([parents, sister]);
    await p.people.setSavedPlaces('new', [sister]);
    expect(await p.people.savedPlaces('new')).toEqual([sister]);
    const r = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
    await p.people.save(r);
    await p.people.setSavedPlaces('r1', [parents]);
    await p.people.save({ ...r, name: '张阿姨（改）' });
    await p.people.rememberPlace('r1', home);
    expect(await p.people.savedPlaces('r1')).toEqual([parents]);
    expect(await p.people.ofId('r1')).toEqual({ ...r, name: '张阿姨（改）', lastPlace: home });
    await p.people.setSavedPlaces('r1', []);
    expect(await p.people.savedPlaces('r1')).toEqual([]);
  });

  it('what is read is a copy', async () => {
    await p.people.save(aMember('m1', 'g1', '程璇', ['hubin']));
    const got = (await p.people.ofId('m1'))!;
    got.compounds.push('x');
    got.name = 'changed';
    expect(await p.people.ofId('m1')).toEqual(aMember('m1', 'g1', '程璇', ['hubin']));
  });
}

describe.each(IMPLEMENTATIONS)('People contract: %s', (_name, make) => peopleContract(make));
