/**
 * 家人的地址 (issue 14 item 3: reporting for someone else). The list's rules (core/saved-places.ts), a report for a saved
 * place as use cases over in-memory ports (whom it is for, routed by that place, the reporter keeps every message and
 * their own last place), and the case as each viewer sees it (views.ts): the holder sees whom to visit and call and
 * the reporter's phone; the pool sees them masked; in a private case the pool learns nothing of either.
 */
import type { DomainError } from '../../cloudfunctions/core/errors';
import type { SavedPlace } from '../../types/domain';
import { SAVED_PLACE_LIMITS } from '../../types/limits';
import { savedPlaceOf, withSavedPlace, withoutSavedPlace } from '../../cloudfunctions/core/saved-places';
import * as uc from '../../cloudfunctions/core/usecases';
import { toView } from '../../cloudfunctions/core/views';
import { aCommunity, aMember, aPerson, bj, fakeDeps } from '../fakes';

const son = aPerson({ id: 'r-son', name: '李明', phone: '13900001234', lastPlace: { compoundId: 'hongqiao', building: '1幢', unit: '' } });
const other = aPerson({ id: 'r-other', name: '张阿姨', phone: '13812345678' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [son, other, wang, lu, wu];
const parents = { label: '我父母家', place: { compoundId: 'hubin', building: '5幢', unit: '101' }, name: '王大伯', phone: '13800005678' };
const leak = { categoryId: 'repair', description: '家里水管漏水了', place: { compoundId: 'hongqiao', building: '1幢', unit: '' } };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );
const setup = () => fakeDeps({ now: bj('2026-11-26 10:00'), people });

describe('the list of saved places', () => {
  const community = aCommunity();
  const one: SavedPlace[] = [{ id: 'p1', ...parents }];

  it('adds at the end, trimmed, up to the limit; a place of a compound not configured is refused', () => {
    const added = withSavedPlace(one, { ...parents, label: ' 老房子 ', name: ' 王阿姨 ' }, community, 'p2');
    expect(added).toEqual([one[0], { id: 'p2', ...parents, label: '老房子', name: '王阿姨' }]);
    const full = Array.from({ length: SAVED_PLACE_LIMITS.places }, (_, i) => ({ id: `p${i}`, ...parents }));
    expect(() => withSavedPlace(full, parents, community, 'px')).toThrow(expect.objectContaining({ code: 'SAVED_PLACES_FULL' }));
    expect(() => withSavedPlace(one, { ...parents, place: { ...parents.place, compoundId: 'nowhere' } }, community, 'p2')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_COMPOUND' }),
    );
  });

  it('changes or removes only one of the caller’s own places: another id is not found', () => {
    expect(withSavedPlace(one, { id: 'p1', ...parents, name: '王大妈' }, community, 'unused')).toEqual([{ id: 'p1', ...parents, name: '王大妈' }]);
    expect(() => withSavedPlace(one, { id: 'someone-elses', ...parents }, community, 'p2')).toThrow(expect.objectContaining({ code: 'SAVED_PLACE_NOT_FOUND' }));
    expect(withoutSavedPlace(one, 'p1')).toEqual([]);
    expect(() => withoutSavedPlace(one, 'p2')).toThrow(expect.objectContaining({ code: 'SAVED_PLACE_NOT_FOUND' }));
    expect(() => savedPlaceOf(one, 'p2')).toThrow(expect.objectContaining({ code: 'SAVED_PLACE_NOT_FOUND' }));
  });
});

describe('reporting for a saved place', () => {
  async function reported() {
    const deps = setup();
    const { savedPlaces } = await uc.savePlace(deps, son, parents);
    const v = await uc.submitCase(deps, son, { ...leak, forPlaceId: savedPlaces[0].id });
    return { deps, id: v.id, placeId: savedPlaces[0].id, v };
  }

  it('is saved on the caller’s own record, shown to them alone in MeView; staff keep none', async () => {
    const deps = setup();
    await uc.savePlace(deps, son, parents);
    expect((await uc.whoAmI(deps, son)).savedPlaces).toEqual([expect.objectContaining(parents)]);
    expect((await uc.whoAmI(deps, other)).savedPlaces).toEqual([]);
    expect(await codeOf(uc.savePlace(deps, lu, parents))).toBe('FORBIDDEN');
    expect(await codeOf(uc.savePlace(deps, null, parents))).toBe('NOT_SIGNED_IN');
  });

  it('routes by the saved place, records whom it is for, and keeps the caller as reporter with their own last place', async () => {
    const { deps, id, v } = await reported();
    const c = deps.cases.byId.get(id)!;
    expect(c.place).toEqual(parents.place); // not the payload's place
    expect(c.reporter).toEqual({ id: son.id, name: '李明' });
    expect(c.filedFor).toEqual({ name: '王大伯', phone: '13800005678', label: '我父母家', reporterPhone: '13900001234' });
    expect(c.contactPhone).toBe('13800005678'); // the 回访 call-back dials the person at the place
    expect(c.routing.preferredMemberIds).toEqual([lu.id]); // 湖滨's steward, not the son's compound's
    expect(c.timeline[0].text).toBe('李明帮王大伯反映（我父母家）');
    expect((await deps.people.ofId(son.id))!.lastPlace).toEqual(son.lastPlace);
    // The reporter reads whom it is for, whole.
    expect(v).toMatchObject({ filedFor: { name: '王大伯', phone: '13800005678', label: '我父母家' }, reporterContact: { name: '李明', phone: '13900001234' } });
  });

  it('another resident cannot use the id: it is only looked up among their own places', async () => {
    const { deps, placeId } = await reported();
    expect(await codeOf(uc.submitCase(deps, other, { ...leak, forPlaceId: placeId }))).toBe('SAVED_PLACE_NOT_FOUND');
    expect(await codeOf(uc.removePlace(deps, other, placeId))).toBe('SAVED_PLACE_NOT_FOUND');
    expect(await codeOf(uc.savePlace(deps, other, { id: placeId, ...parents, name: '骗子' }))).toBe('SAVED_PLACE_NOT_FOUND');
    expect(deps.cases.byId.size).toBe(1);
    expect((await deps.people.savedPlaces(son.id))[0].name).toBe('王大伯');
  });

  it('every message goes to the reporter: received, claimed and resolved', async () => {
    const { deps, id } = await reported();
    await uc.claimCase(deps, lu, id);
    await uc.resolveCase(deps, lu, id, '换了水管接头');
    const toResidents = deps.messages.all.filter((m) => !['m-wang', 'm-lu', 'o-wu'].includes(m.touser));
    expect(toResidents.length).toBeGreaterThanOrEqual(3);
    expect(new Set(toResidents.map((m) => m.touser))).toEqual(new Set([son.id]));
  });

  it('the holder sees whom to visit and call and the reporter’s phone; the pool sees both masked', async () => {
    const { deps, id } = await reported();
    const sit = { community: aCommunity(), now: bj('2026-11-26 10:05') };
    const asPool = toView(deps.cases.byId.get(id)!, sit, wang);
    expect(asPool).toMatchObject({
      filedFor: { name: '王大伯', phone: '138****5678', label: '我父母家' },
      reporterContact: { name: '李明', phone: '139****1234' },
      canCall: false,
    });
    await uc.claimCase(deps, lu, id);
    const asHolder = toView(deps.cases.byId.get(id)!, sit, lu);
    expect(asHolder).toMatchObject({
      filedFor: { name: '王大伯', phone: '13800005678', label: '我父母家' },
      reporterContact: { name: '李明', phone: '13900001234' },
      contactPhone: '13800005678',
      placeText: '湖滨花园 5幢 101',
      canCall: true,
    });
  });

  it('a private case: the pool learns nothing of the reporter or the person at the place; the office sees both', async () => {
    const deps = setup();
    const { savedPlaces } = await uc.savePlace(deps, son, parents);
    const v = await uc.submitCase(deps, son, { categoryId: 'dispute', description: '楼上邻居天天半夜吵闹', place: leak.place, forPlaceId: savedPlaces[0].id });
    const c = deps.cases.byId.get(v.id)!;
    const sit = { community: aCommunity(), now: bj('2026-11-26 10:05') };
    const asPool = toView(c, sit, lu);
    const json = JSON.stringify(asPool);
    for (const secret of ['王大伯', '13800005678', '5678', '李明', '1234', son.id, '我父母家', '5幢', '101']) expect(json).not.toContain(secret);
    expect(asPool).toMatchObject({ filedFor: null, reporterContact: null, redacted: true });
    expect(toView(c, sit, wu)).toMatchObject({ filedFor: { name: '王大伯', label: '我父母家' }, reporterContact: { name: '李明' } });
  });
});
