/** The same matter reported twice: 「是不是这件事？」, joining as a follower, merging a duplicate (use cases over in-memory ports). */
import fc from 'fast-check';
import { absorb, followersAfterMerge, isSimilar, mergeAway } from '../../cloudfunctions/core/Case';
import type { DomainError } from '../../cloudfunctions/core/errors';
import { completeLeftovers } from '../../cloudfunctions/core/usecases/effects';
import * as uc from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const li = aPerson({ id: 'r2', name: '李大伯', phone: '13900002222' });
const zhao = aPerson({ id: 'r3', name: '赵奶奶' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [zhang, li, zhao, wang, wu];
const place = { compoundId: 'hongqiao', building: '2幢', unit: '302' };
const pipe = { categoryId: 'repair', description: '二楼楼道的水管爆裂了一直在漏水，请赶快派人来修', place };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );
const setup = (at = '2026-11-26 10:00') => fakeDeps({ now: bj(at), people });

describe('「是不是这件事？」', () => {
  it('offers an open case of the same category, compound and building within 72 hours, without its reporter', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, pipe);
    const { cases } = await uc.similarCase(deps, li, { categoryId: 'repair', place: { ...place, unit: '' } });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      id: v.id,
      code: v.code,
      categoryName: '水电维修',
      statusText: '等工作室的书记接手',
      reportedText: expect.stringContaining('10:00'),
    });
    expect(cases[0].excerpt).toBe('二楼楼道的水管爆裂了一直在漏水，请赶快派…');
    expect(JSON.stringify(cases[0])).not.toMatch(/张阿姨|13812345678|r1/);
    // Not their own, not after 72 hours, not another building or category, not another unit when one is named.
    expect((await uc.similarCase(deps, zhang, { categoryId: 'repair', place })).cases).toEqual([]);
    expect((await uc.similarCase(deps, li, { categoryId: 'repair', place: { ...place, building: '3幢' } })).cases).toEqual([]);
    expect((await uc.similarCase(deps, li, { categoryId: 'sanitation', place })).cases).toEqual([]);
    expect((await uc.similarCase(deps, li, { categoryId: 'repair', place: { ...place, unit: '401' } })).cases).toEqual([]);
    // A report for the whole building (no unit) is like one for any of its units, both ways.
    const hall = await uc.submitCase(deps, zhao, { ...pipe, place: { ...place, building: '4幢', unit: '' } });
    expect((await uc.similarCase(deps, li, { categoryId: 'repair', place: { ...place, building: '4幢', unit: '501' } })).cases.map((c) => c.id)).toEqual([
      hall.id,
    ]);
    deps.clock.set(bj('2026-11-29 10:00'));
    expect((await uc.similarCase(deps, li, { categoryId: 'repair', place })).cases).toHaveLength(1);
    deps.clock.set(bj('2026-11-29 10:01'));
    expect((await uc.similarCase(deps, li, { categoryId: 'repair', place })).cases).toEqual([]);
  });

  it('never offers a private case, nor a closed one', async () => {
    const deps = setup();
    await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'dispute', description: '楼上邻居半夜吵闹影响休息' });
    expect((await uc.similarCase(deps, li, { categoryId: 'dispute', place })).cases).toEqual([]);
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.cancelCase(deps, zhang, v.id, '');
    expect((await uc.similarCase(deps, li, { categoryId: 'repair', place })).cases).toEqual([]);
  });
});

describe('「合并重复的事」 beside a case (staff)', () => {
  it('lists the open cases like it that the caller may see, never itself, a private one, or another group’s claimed case', async () => {
    const deps = setup();
    const a = await uc.submitCase(deps, zhang, pipe);
    const b = await uc.submitCase(deps, li, pipe);
    const c = await uc.submitCase(deps, zhao, pipe);
    expect((await uc.similarCase(deps, wu, { caseId: a.id })).cases.map((x) => x.id).sort()).toEqual([b.id, c.id].sort());
    expect((await uc.similarCase(deps, zhang, { caseId: a.id })).cases).toEqual([]); // residents are not offered merges
    // 王思瑛 (group 2) claims b: 张建华 of group 1, off duty, may look at c in the pool but not at b, so b is not listed.
    await uc.claimCase(deps, wang, b.id);
    const other = aMember('m-zhang', 'g1', '张建华');
    const seen = await uc.similarCase(deps, other, { caseId: c.id });
    expect(seen.cases.map((x) => x.id)).not.toContain(b.id);
  });
});

describe('joining a case (「是这件事，一起等结果」)', () => {
  it('makes a follower who hears the claim and the resolution, sees it in 我的事项, and not the reporter’s name or phone', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, pipe);
    const joined = await uc.followCase(deps, li, { caseId: v.id, ...pipe });
    expect(joined.forMe).toMatchObject({ reported: false, following: true });
    expect(joined.residentName).toBe('其他居民');
    expect(joined.contactPhone).toBe('');
    expect(JSON.stringify(joined)).not.toMatch(/张阿姨|13812345678/);
    expect(joined.can).toMatchObject({ urge: false, cancel: false, confirm: false, rate: false, reopen: false, merge: false });
    // Joining twice changes nothing; the case stays one case.
    await uc.followCase(deps, li, { caseId: v.id, ...pipe });
    expect(deps.cases.byId.get(v.id)!.followers).toEqual(['r2']);
    expect((await uc.listMyCases(deps, li)).cases.map((c) => c.id)).toEqual([v.id]);
    await uc.claimCase(deps, wang, v.id);
    await uc.resolveCase(deps, wang, v.id, '换了新水管');
    const toLi = deps.messages.all.filter((m) => m.touser === 'r2' && m.caseId === v.id).map((m) => m.title);
    const toZhang = deps.messages.all.filter((m) => m.touser === 'r1' && m.caseId === v.id).map((m) => m.title);
    expect(toLi).toEqual(['书记正在办您反映的事', '您反映的事已经办好了']);
    expect(toZhang).toEqual(['您反映的事已收到', ...toLi]);
    // The follower does not act on the reporter's case.
    expect(await codeOf(uc.confirmCase(deps, li, v.id))).toBe('FORBIDDEN');
    expect(await codeOf(uc.rateCase(deps, li, v.id, { result: 5, speed: 5, attitude: 5, comment: '' }))).toBe('FORBIDDEN');
  });

  it('refuses a case unlike the report, a private case (not found), and a stranger’s id', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, pipe);
    expect(await codeOf(uc.followCase(deps, li, { caseId: v.id, ...pipe, place: { ...place, building: '9幢' } }))).toBe('CASE_NOT_SIMILAR');
    const p = await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'dispute', description: '楼上邻居半夜吵闹影响休息' });
    expect(await codeOf(uc.followCase(deps, li, { caseId: p.id, ...pipe, categoryId: 'dispute' }))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(uc.followCase(deps, li, { caseId: 'nope', ...pipe }))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(uc.followCase(deps, wang, { caseId: v.id, ...pipe }))).toBe('FORBIDDEN');
    expect(deps.cases.byId.get(v.id)!.followers).toEqual([]);
    expect(deps.cases.byId.get(p.id)!.followers).toEqual([]);
  });
});

describe('merging a duplicate', () => {
  it('closes the duplicate as merged; its reporter and followers follow the kept case; both timelines say so', async () => {
    const deps = setup();
    const kept = await uc.submitCase(deps, zhang, pipe);
    const dup = await uc.submitCase(deps, li, pipe);
    await uc.followCase(deps, zhao, { caseId: dup.id, ...pipe });
    const merged = await uc.mergeCases(deps, wang, dup.id, kept.id);
    expect(merged).toMatchObject({ status: 'merged', statusText: '已合并', mergedInto: { id: kept.id, code: kept.code } });
    expect(merged.timeline.at(-1)!.text).toBe(`已并入事项 ${kept.code}`);
    const k = deps.cases.byId.get(kept.id)!;
    expect(k.followers).toEqual(['r2', 'r3']);
    expect(k.timeline.at(-1)!.text).toBe(`并入了事项 ${dup.code}`);
    expect(k.effects).toEqual([]);
    // Their lists hold the kept case once, and not the merged one.
    expect((await uc.listMyCases(deps, li)).cases.map((c) => c.id)).toEqual([kept.id]);
    expect((await uc.listMyCases(deps, zhao)).cases.map((c) => c.id)).toEqual([kept.id]);
    expect(deps.messages.all.filter((m) => m.title === '您反映的事合在一起办了').map((m) => [m.touser, m.caseId])).toEqual([
      ['r2', kept.id],
      ['r3', kept.id],
    ]);
    // A second merge of the duplicate is refused with where it went; nothing else changes.
    expect(await codeOf(uc.mergeCases(deps, wu, dup.id, kept.id))).toBe('CASE_NOT_MERGEABLE');
    await uc.claimCase(deps, wang, kept.id);
    expect(
      deps.messages.all
        .filter((m) => m.title === '书记正在办您反映的事')
        .map((m) => m.touser)
        .sort(),
    ).toEqual(['r1', 'r2', 'r3']);
  });

  it('completes the kept case once when the function died after the first write (the timer’s share)', async () => {
    const deps = setup();
    const kept = await uc.submitCase(deps, zhang, pipe);
    const dup = await uc.submitCase(deps, li, pipe);
    // The kept case's write fails once: the effect is left pending on the duplicate.
    const real = deps.cases.replaceIfVersion.bind(deps.cases);
    let failKept = true;
    deps.cases.replaceIfVersion = async (next) => {
      if (next.id === kept.id && failKept) throw new Error('killed');
      return real(next);
    };
    await uc.mergeCases(deps, wu, dup.id, kept.id);
    expect(deps.cases.byId.get(kept.id)!.followers).toEqual([]);
    expect(deps.cases.byId.get(dup.id)!.effects.map((e) => e.kind)).toContain('merge');
    failKept = false;
    deps.clock.set(bj('2026-11-26 10:05'));
    expect(await completeLeftovers(deps, await uc.loadCommunity(deps), deps.clock.now())).toBe(1);
    expect(await completeLeftovers(deps, await uc.loadCommunity(deps), deps.clock.now())).toBe(0);
    const k = deps.cases.byId.get(kept.id)!;
    expect(k.followers).toEqual(['r2']);
    expect(k.timeline.filter((t) => t.kind === 'merged')).toHaveLength(1);
  });

  it('refuses a case into itself, a closed or private case, and a resident (structured, nothing changed)', async () => {
    const deps = setup();
    const a = await uc.submitCase(deps, zhang, pipe);
    const b = await uc.submitCase(deps, li, pipe);
    const p = await uc.submitCase(deps, li, { ...pipe, categoryId: 'dispute', description: '楼上邻居半夜吵闹影响休息' });
    expect(await codeOf(uc.mergeCases(deps, wu, a.id, a.id))).toBe('CASE_NOT_MERGEABLE');
    expect(await codeOf(uc.mergeCases(deps, wu, p.id, a.id))).toBe('CASE_NOT_MERGEABLE');
    expect(await codeOf(uc.mergeCases(deps, zhang, b.id, a.id))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(uc.mergeCases(deps, zhang, a.id, b.id))).toBe('FORBIDDEN');
    await uc.cancelCase(deps, zhang, a.id, '');
    expect(await codeOf(uc.mergeCases(deps, wu, b.id, a.id))).toBe('CASE_NOT_MERGEABLE');
    expect(deps.cases.byId.get(b.id)!.status).toBe('pending');
    expect(deps.cases.byId.get(a.id)!.followers).toEqual([]);
  });
});

describe('merge properties', () => {
  it('absorbing is done once, and the kept case’s reporter never follows it', async () => {
    const deps = setup();
    const kept = await uc.submitCase(deps, zhang, pipe);
    const dup = await uc.submitCase(deps, li, pipe);
    const k = deps.cases.byId.get(kept.id)!;
    const d = deps.cases.byId.get(dup.id)!;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5'), { maxLength: 5 }),
        fc.constantFrom('r1', 'r2', 'r4'),
        (followers, reporterId) => {
          const from = { id: d.id, code: d.code, reporterId, followers };
          const once = absorb(k, from, { id: 'o', name: '吴霞' }, bj('2026-11-26 11:00'))!;
          expect(absorb(once, from, { id: 'o', name: '吴霞' }, bj('2026-11-26 11:01'))).toBeNull();
          expect(once.followers).not.toContain(k.reporter.id);
          expect(new Set(once.followers).size).toBe(once.followers.length);
          expect(once.followers).toEqual(followersAfterMerge(k, from));
          expect(once.version).toBe(k.version + 1);
        },
      ),
      { seed: 20261130, numRuns: 200 },
    );
    expect(isSimilar(mergeAway(d, k, { id: 'o', name: '吴霞' }, bj('2026-11-26 11:00')), pipe, bj('2026-11-26 11:00'))).toBe(false);
  });
});
