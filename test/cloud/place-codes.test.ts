/**
 * 地点码 through the local cloud (issue 14, item 1): the admin makes codes for 3 buildings; each image is a PNG in
 * cloud storage (the local wxacode.getUnlimited answers with a QR code of the H5 report page); the same place gets
 * the same code again; a renamed compound still resolves, under its new name; unknown codes fall back with the clear
 * sentence; hostile input and non-admins are refused in Chinese and change nothing.
 */
import type { CommunityConfigView, PlaceCodeView, ScannedPlace } from '../../types/domain';
import { DEMO, cloudForFile, codeOf, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: '2026-11-30T10:00:00+08:00' });
type Made = { compoundId: string; compoundName: string; officePhone: string; codes: PlaceCodeView[] };
const make = (payload: unknown, caller = DEMO.admin) => cloud.call<Made>('admin', 'placeCodes', payload, caller);
const scan = (code: unknown, caller = DEMO.zhang) => cloud.call<ScannedPlace>('cases', 'place', { code }, caller);
const auditCount = async () => ok(await cloud.call<{ items: unknown[] }>('admin', 'audit', {}, DEMO.admin)).items.length;

let first: Made;

beforeAll(async () => {
  first = ok(await make({ compoundId: 'hubin', buildings: ['1幢', '2幢', '3幢'] }));
}, 60_000);

describe('making codes', () => {
  it('one code per building, the compound, the duty phone, and a PNG image in cloud storage', async () => {
    expect(first).toMatchObject({ compoundId: 'hubin', compoundName: '湖滨花园', officePhone: '0573-85010001' });
    expect(first.codes.map((c) => c.building)).toEqual(['1幢', '2幢', '3幢']);
    expect(new Set(first.codes.map((c) => c.code)).size).toBe(3);
    for (const c of first.codes) {
      expect(c.code).toMatch(/^[A-HJKMNP-Z2-9]{7}$/);
      expect(c.imageUrl).toContain(`placecodes/${c.code}.png`);
      const res = await fetch(c.imageUrl);
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(Array.from(bytes.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(bytes.length).toBeGreaterThan(500);
    }
  });

  it('the same place gets the same code again (printed posters stay right); units make one code each', async () => {
    const again = ok(await make({ compoundId: 'hubin', buildings: [' 2幢', '4幢'] }));
    expect(again.codes[0].code).toBe(first.codes[1].code);
    expect(first.codes.map((c) => c.code)).not.toContain(again.codes[1].code);
    const labels = ok(await make({ compoundId: 'hubin', buildings: ['1幢'], units: ['1单元', '2单元'] }));
    expect(labels.codes.map((c) => [c.building, c.unit])).toEqual([
      ['1幢', '1单元'],
      ['1幢', '2单元'],
    ]);
    expect(labels.codes.map((c) => c.code)).not.toContain(first.codes[0].code);
  });
});

describe('scanning', () => {
  it('a resident resolves a code to its place; a renamed compound still resolves, under its new name', async () => {
    expect(ok(await scan(first.codes[2].code))).toEqual({
      code: first.codes[2].code,
      place: { compoundId: 'hubin', building: '3幢', unit: '' },
      compoundName: '湖滨花园',
    });
    const { config } = ok(await cloud.call<{ config: CommunityConfigView }>('admin', 'overview', {}, DEMO.admin));
    const compounds = config.compounds.map((c) => (c.id === 'hubin' ? { ...c, name: '湖滨新苑' } : c));
    ok(await cloud.call('admin', 'saveConfig', { section: 'compounds', value: compounds }, DEMO.admin));
    // The cases function's warm instance re-reads the configuration after its 60 s cache.
    await cloud.post('/__dev/clock', { set: '2026-11-30T10:05:00+08:00' });
    expect(ok(await scan(first.codes[2].code)).compoundName).toBe('湖滨新苑');
    // The scene as the page passes it: any case.
    expect(ok(await scan(first.codes[2].code.toLowerCase())).place.building).toBe('3幢');
  });

  it('an unknown code falls back with the clear sentence; no identity is refused', async () => {
    const r = await scan('ZZZZZZZ');
    expect(r).toEqual({ ok: false, error: { code: 'PLACE_CODE_UNKNOWN', message: '这个二维码已经不用了，请选一下您住在哪里' } });
    expect(codeOf(await scan('x'.repeat(41)))).toBe('INVALID_INPUT');
    expect(codeOf(await scan({ $gt: '' }))).toBe('INVALID_INPUT');
    expect(codeOf(await scan(first.codes[0].code, ''))).toBe('NOT_SIGNED_IN');
  });
});

describe('refusals change nothing', () => {
  it('hostile input and non-admins are refused in Chinese', async () => {
    const before = await auditCount();
    const bad: unknown[] = [
      {},
      { compoundId: 'hubin' },
      { compoundId: 'hubin', buildings: [] },
      { compoundId: 'hubin', buildings: ['  '] },
      { compoundId: 'nowhere', buildings: ['1幢'] },
      { compoundId: { $ne: '' }, buildings: ['1幢'] },
      { compoundId: 'hubin', buildings: [{ $gt: '' }] },
      { compoundId: 'hubin', buildings: ['1幢'], $where: 'x' },
      { compoundId: 'hubin', buildings: ['楼'.repeat(21)] },
      { compoundId: 'hubin', buildings: Array.from({ length: 31 }, (_, i) => `${i + 1}幢`) },
      { compoundId: 'hubin', buildings: Array.from({ length: 10 }, (_, i) => `${i + 1}幢`), units: Array.from({ length: 10 }, (_, i) => `${i + 1}单元`) },
    ];
    for (const payload of bad) {
      const r = await make(payload);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    for (const who of [DEMO.zhang, DEMO.wang, DEMO.office]) expect(codeOf(await make({ compoundId: 'hubin', buildings: ['9幢'] }, who))).toBe('FORBIDDEN');
    expect(codeOf(await make({ compoundId: 'hubin', buildings: ['9幢'] }, ''))).toBe('NOT_SIGNED_IN');
    expect(await auditCount()).toBe(before);
    // 9幢 never got a code: making it now gives a new one, not one left behind by a refusal.
    const nine = ok(await make({ compoundId: 'hubin', buildings: ['9幢'] }));
    expect(nine.codes).toHaveLength(1);
  });
});

describe('retiring a code', () => {
  const retire = (payload: unknown, caller = DEMO.admin) =>
    cloud.call<{ code: string; place: string; retiredNow: boolean }>('admin', 'retirePlaceCode', payload, caller);

  it('hostile input, unknown codes and non-admins are refused and change nothing', async () => {
    const before = await auditCount();
    for (const payload of [
      {},
      { code: '' },
      { code: 'ABC' },
      { code: { $ne: '' } },
      { code: ['ABCDEFG'] },
      { code: 'ABCDEFG', $where: 1 },
      { code: 'I0OL111' },
    ])
      expect(codeOf(await retire(payload))).toBe('INVALID_INPUT');
    const unknown = await retire({ code: 'ZZZZZZZ' });
    expect(unknown).toEqual({ ok: false, error: { code: 'PLACE_CODE_UNKNOWN', message: '没有这个地点码，请照海报下面印的7位码再看一下' } });
    for (const who of [DEMO.zhang, DEMO.wang, DEMO.office]) expect(codeOf(await retire({ code: first.codes[0].code }, who))).toBe('FORBIDDEN');
    expect(codeOf(await retire({ code: first.codes[0].code }, ''))).toBe('NOT_SIGNED_IN');
    expect(await auditCount()).toBe(before);
    expect(ok(await scan(first.codes[0].code)).place.building).toBe('1幢');
  });

  it('a retired code falls back to the normal form; the place then gets a new code; retiring twice changes nothing', async () => {
    const code = first.codes[0].code;
    const before = await auditCount();
    // Two admins at once (typed as printed, any case): one retires it.
    const both = await Promise.all([retire({ code }), retire({ code: ` ${code.toLowerCase()} ` })]);
    expect(both.map((r) => ok(r).retiredNow).sort()).toEqual([false, true]);
    expect(ok(both[0]).place).toBe('湖滨新苑 1幢');
    expect(await auditCount()).toBe(before + 1);
    const { items } = ok(await cloud.call<{ items: Array<{ summary: string; changes: string[] }> }>('admin', 'audit', {}, DEMO.admin));
    expect(items[0]).toMatchObject({ summary: `社区信息员 停用了地点码 ${code}`, changes: ['地点：湖滨新苑 1幢', '扫这个码不再自动填地点'] });
    expect(await scan(code)).toEqual({ ok: false, error: { code: 'PLACE_CODE_UNKNOWN', message: '这个二维码已经不用了，请选一下您住在哪里' } });
    const again = ok(await make({ compoundId: 'hubin', buildings: ['1幢'] }));
    expect(again.codes[0].code).not.toBe(code);
    expect(ok(await scan(again.codes[0].code)).place.building).toBe('1幢');
    expect(ok(await retire({ code })).retiredNow).toBe(false);
    expect(await auditCount()).toBe(before + 2); // the retire, and the new poster; not the second retire
  });
});
