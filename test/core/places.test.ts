/** 地点码 (issue 14, item 1): stable short codes per place, the scene's rules, resolving and retiring — in-memory ports. */
import type { DomainError } from '../../cloudfunctions/core/errors';
import {
  PLACE_CODE_ALPHABET,
  PLACE_CODE_GONE,
  PLACE_CODE_LENGTH,
  isPlaceCode,
  isValidScene,
  newPlaceCode,
  normalizePlaceCode,
  posterRequestProblems,
  postersOf,
  resolvePlace,
  sceneOf,
} from '../../cloudfunctions/core/places';
import { makePlaceCodes, scannedPlace } from '../../cloudfunctions/core/usecases/places';
import { aCommunity, aPerson, bj, fakeDeps } from '../fakes';

const boss = aPerson({ id: 'a1', role: 'admin', name: '社区信息员' });
const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const setup = () => fakeDeps({ now: bj('2026-11-30 10:00'), people: [structuredClone(boss), structuredClone(zhang)] });
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );

describe('place codes', () => {
  it('are 7 characters of an unambiguous alphabet, valid as a mini-program scene', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 200; i++) {
      const code = newPlaceCode(rand);
      expect(code).toHaveLength(PLACE_CODE_LENGTH);
      expect(isPlaceCode(code)).toBe(true);
      expect(isValidScene(sceneOf(code))).toBe(true);
      expect(code).not.toMatch(/[01OIL]/);
    }
    expect(PLACE_CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it("the scene: 1–32 characters of WeChat's set only", () => {
    expect(isValidScene('A'.repeat(32))).toBe(true);
    expect(isValidScene('A'.repeat(33))).toBe(false);
    expect(isValidScene('')).toBe(false);
    expect(isValidScene("a-Z._~!#$&'()*+,/:;=?@")).toBe(true);
    for (const bad of ['3幢', 'a b', 'a%20', 'a"b', 'a<b', 'a\nb']) expect(isValidScene(bad)).toBe(false);
    expect(() => sceneOf('abc')).toThrow();
  });

  it('a scanned scene is read leniently (spaces, lower case) and strictly (the alphabet)', () => {
    expect(normalizePlaceCode(' pqabcde ')).toBe('PQABCDE');
    expect(isPlaceCode('PQABCDE')).toBe(true);
    expect(isPlaceCode('PQABCD0')).toBe(false);
    expect(isPlaceCode('PQABCDEF')).toBe(false);
    expect(isPlaceCode('{"$gt":""}')).toBe(false);
  });

  it('posters: every building (× every unit), trimmed, duplicates dropped; limits in Chinese', () => {
    expect(postersOf([' 1幢', '2幢', '1幢', ''], [])).toEqual([
      { building: '1幢', unit: '' },
      { building: '2幢', unit: '' },
    ]);
    expect(postersOf(['1幢'], ['1单元', '2单元'])).toHaveLength(2);
    const c = aCommunity();
    expect(posterRequestProblems(c, 'hubin', ['1幢'], [])).toEqual([]);
    expect(posterRequestProblems(c, 'nowhere', ['1幢'], [])).toEqual(['请选择小区']);
    expect(posterRequestProblems(c, 'hubin', [' ', ''], [])).toEqual(['请至少填一个楼幢，例如 1幢,2幢']);
    expect(
      posterRequestProblems(
        c,
        'hubin',
        Array.from({ length: 31 }, (_, i) => `${i + 1}幢`),
        [],
      )[0],
    ).toMatch(/最多30个楼幢/);
    const many = Array.from({ length: 10 }, (_, i) => `${i + 1}`);
    expect(posterRequestProblems(c, 'hubin', many, many)).toEqual(['一次最多做60张，请分几次做']);
  });

  it('resolving: the place and the compound as it is named now; retired, unknown or a removed compound → null', () => {
    const stored = {
      code: 'PQAAAAB',
      compoundId: 'hubin',
      building: '5幢',
      unit: '',
      retired: false,
      createdAt: new Date(),
      createdBy: { id: 'a1', name: 'x' },
    };
    const renamed = aCommunity({ compounds: [{ id: 'hubin', name: '湖滨新苑' }] });
    expect(resolvePlace(stored, renamed)).toEqual({ place: { compoundId: 'hubin', building: '5幢', unit: '' }, compoundName: '湖滨新苑' });
    expect(resolvePlace({ ...stored, retired: true }, renamed)).toBeNull();
    expect(resolvePlace(null, renamed)).toBeNull();
    expect(resolvePlace(stored, aCommunity({ compounds: [{ id: 'hongqiao', name: '虹桥佳苑' }] }))).toBeNull();
  });
});

describe('making and scanning place codes', () => {
  it('the admin makes codes for 3 buildings with images; the same place keeps its code; a resident resolves one', async () => {
    const deps = setup();
    const first = await makePlaceCodes(deps, boss, { compoundId: 'hubin', buildings: ['1幢', '2幢', '3幢'] });
    expect(first.compoundName).toBe('湖滨花园');
    expect(first.codes.map((c) => c.building)).toEqual(['1幢', '2幢', '3幢']);
    expect(new Set(first.codes.map((c) => c.code)).size).toBe(3);
    for (const c of first.codes) {
      const png = deps.files.stored.get(`cloud://test/placecodes/${c.code}.png`) as Uint8Array;
      expect(Array.from(png.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(c.imageUrl).toContain(c.code);
    }
    const again = await makePlaceCodes(deps, boss, { compoundId: 'hubin', buildings: ['2幢', ' 3幢 ', '4幢'] });
    expect(again.codes[0].code).toBe(first.codes[1].code);
    expect(again.codes[1].code).toBe(first.codes[2].code);
    expect(deps.places.byCode.size).toBe(4);
    expect(deps.audit.entries.at(-1)?.action).toBe('生成地点二维码');

    const scanned = await scannedPlace(deps, zhang, first.codes[0].code.toLowerCase());
    expect(scanned).toEqual({ code: first.codes[0].code, place: { compoundId: 'hubin', building: '1幢', unit: '' }, compoundName: '湖滨花园' });
  });

  it('renaming the compound keeps the code; retired or unknown codes give PLACE_CODE_UNKNOWN with the clear sentence', async () => {
    const deps = setup();
    const { codes } = await makePlaceCodes(deps, boss, { compoundId: 'hubin', buildings: ['1幢'] });
    const config = await deps.community.current();
    await deps.community.save({ ...config, compounds: config.compounds.map((c) => (c.id === 'hubin' ? { ...c, name: '湖滨新苑' } : c)) });
    expect((await scannedPlace(deps, zhang, codes[0].code)).compoundName).toBe('湖滨新苑');
    deps.places.byCode.get(codes[0].code)!.retired = true;
    await expect(scannedPlace(deps, zhang, codes[0].code)).rejects.toMatchObject({ code: 'PLACE_CODE_UNKNOWN', message: PLACE_CODE_GONE });
    await expect(scannedPlace(deps, zhang, 'ZZZZZZZ')).rejects.toMatchObject({ code: 'PLACE_CODE_UNKNOWN' });
    await expect(scannedPlace(deps, zhang, '../../x')).rejects.toMatchObject({ code: 'PLACE_CODE_UNKNOWN' });
    expect(await codeOf(scannedPlace(deps, null, codes[0].code))).toBe('NOT_SIGNED_IN');
    // A retired place gets a new code when its poster is made again.
    const next = await makePlaceCodes(deps, boss, { compoundId: 'hubin', buildings: ['1幢'] });
    expect(next.codes[0].code).not.toBe(codes[0].code);
  });

  it('non-admins and bad requests are refused and change nothing', async () => {
    const deps = setup();
    expect(await codeOf(makePlaceCodes(deps, zhang, { compoundId: 'hubin', buildings: ['1幢'] }))).toBe('FORBIDDEN');
    expect(await codeOf(makePlaceCodes(deps, null, { compoundId: 'hubin', buildings: ['1幢'] }))).toBe('NOT_SIGNED_IN');
    expect(await codeOf(makePlaceCodes(deps, boss, { compoundId: 'nowhere', buildings: ['1幢'] }))).toBe('INVALID_INPUT');
    const many = Array.from({ length: 10 }, (_, i) => `${i + 1}`);
    expect(await codeOf(makePlaceCodes(deps, boss, { compoundId: 'hubin', buildings: many, units: many }))).toBe('INVALID_INPUT');
    expect(deps.places.byCode.size).toBe(0);
    expect(deps.files.stored.size).toBe(0);
    expect(deps.audit.entries).toHaveLength(0);
  });
});
