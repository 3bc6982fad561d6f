/**
 * Duplicates through the local cloud (issue 13 item 4): 「是不是这件事？」 before a report (the 72-hour window, the same
 * building but another unit, a private case never offered), joining as a follower (told of the claim and the
 * resolution, the case in 「我的事项」 once), merging (followers kept, both timelines, the dashboard counts once, two
 * merges at once: one wins; the kept case completed once when the function died between the two writes), bad input.
 */
import type { CaseSummary, CaseView, DashboardView, MessageView, SimilarCase } from '../../types/domain';
import * as uc from '../../cloudfunctions/core/usecases';
import { completeLeftovers } from '../../cloudfunctions/core/usecases/effects';
import { localDeps } from '../support/local-db';
import { DEMO, cloudForFile, codeOf, ok } from '../support/local-cloud';

const T26 = '2026-11-26T10:00:00+08:00';
const cloud = cloudForFile({ now: T26, timers: false });
const place = (building: string, unit = '302') => ({ compoundId: 'hongqiao', building, unit });
const pipe = (building: string, unit = '302') => ({ categoryId: 'repair', description: '楼道里的水管爆裂了，一直在漏水', place: place(building, unit) });
/** What 「是这件事，一起等结果」 sends: the case and the report's category and place. */
const key = (building: string, unit = '302') => ({ categoryId: 'repair', place: place(building, unit) });
const similar = async (openid: string, req: object) => ok(await cloud.call<{ cases: SimilarCase[] }>('cases', 'similar', req, openid)).cases;
const submit = async (openid: string, req: object) => ok(await cloud.call<CaseView>('cases', 'submit', req, openid));
const messagesOf = async (openid: string) => ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items;
const mine = async (openid: string) => ok(await cloud.call<{ cases: CaseSummary[] }>('cases', 'listMine', {}, openid)).cases;
const caseOf = async (id: string, openid = DEMO.office) => ok(await cloud.call<CaseView>('cases', 'get', { caseId: id }, openid));
const ZHAO = 'o-dup-zhao';
const QIAN = 'o-dup-qian';
const SUN = 'o-dup-sun';

describe('「是不是这件事？」 before a report', () => {
  it('offers an open case of the same category and building for 72 hours; another unit is another matter', async () => {
    const v = await submit(DEMO.zhang, pipe('11幢'));
    const [offered] = await similar(ZHAO, { categoryId: 'repair', place: place('11幢', '') });
    expect(offered).toMatchObject({ id: v.id, code: v.code, categoryName: '水电维修', statusText: '等工作室的书记接手' });
    expect(offered.placeText).toContain('11幢');
    expect(offered.excerpt).toBe('楼道里的水管爆裂了，一直在漏水');
    expect(JSON.stringify(offered)).not.toMatch(/张|138|demo-resident/);
    expect(await similar(ZHAO, { categoryId: 'repair', place: place('11幢', '302') })).toHaveLength(1);
    expect(await similar(ZHAO, { categoryId: 'repair', place: place('11幢', '502') })).toEqual([]); // same building, another unit
    expect(await similar(ZHAO, { categoryId: 'repair', place: place('12幢') })).toEqual([]);
    expect(await similar(DEMO.zhang, { categoryId: 'repair', place: place('11幢') })).toEqual([]); // their own
    // The local clock runs on from where it was set: a minute short of 72 hours, then two minutes past.
    await cloud.post('/__dev/clock', { advanceMinutes: 72 * 60 - 1 });
    expect(await similar(ZHAO, { categoryId: 'repair', place: place('11幢') })).toHaveLength(1);
    await cloud.post('/__dev/clock', { advanceMinutes: 2 });
    expect(await similar(ZHAO, { categoryId: 'repair', place: place('11幢') })).toEqual([]);
    await cloud.post('/__dev/clock', { set: T26 });
  });

  it('never offers a private case', async () => {
    await submit(DEMO.zhang, { categoryId: 'dispute', description: '楼上邻居每天半夜吵闹', place: place('13幢') });
    expect(await similar(ZHAO, { categoryId: 'dispute', place: place('13幢') })).toEqual([]);
  });
});

describe('joining a case', () => {
  it('a follower is told of the claim and the resolution, sees the case once in 我的事项, and never the reporter', async () => {
    const v = await submit(DEMO.zhang, pipe('14幢'));
    const joined = ok(await cloud.call<CaseView>('cases', 'follow', { caseId: v.id, ...key('14幢', '') }, ZHAO));
    expect(joined.forMe).toMatchObject({ reported: false, following: true });
    expect(joined.residentName).toBe('其他居民');
    expect(JSON.stringify(joined)).not.toMatch(/张阿姨|张桂芳|138\d{4}/);
    ok(await cloud.call('cases', 'follow', { caseId: v.id, ...key('14幢', '') }, ZHAO)); // twice: no change
    expect((await mine(ZHAO)).map((c) => c.id)).toEqual([v.id]);
    ok(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.wang));
    ok(await cloud.call('cases', 'resolve', { caseId: v.id, note: '换了新水管' }, DEMO.wang));
    const told = (await messagesOf(ZHAO)).filter((m) => m.caseId === v.id).map((m) => m.title);
    expect(told).toEqual(['您反映的事已经办好了', '书记正在办您反映的事']);
    // A follower reads, and does not act on the reporter's case.
    expect(codeOf(await cloud.call('cases', 'confirm', { caseId: v.id }, ZHAO))).toBe('FORBIDDEN');
    expect((await caseOf(v.id)).timeline.filter((t) => t.kind === 'joined')).toHaveLength(1);
  });

  it('bad input: another building, a private case, an unknown id, operator objects — structured errors, nothing changed', async () => {
    const v = await submit(DEMO.zhang, pipe('15幢'));
    const p = await submit(DEMO.zhang, { categoryId: 'dispute', description: '楼上邻居每天半夜吵闹', place: place('15幢') });
    const tries: Array<[object, string]> = [
      [{ caseId: v.id, ...key('16幢') }, 'CASE_NOT_SIMILAR'],
      [{ caseId: p.id, categoryId: 'dispute', place: place('15幢') }, 'CASE_NOT_FOUND'],
      [{ caseId: 'no-such-case', ...key('15幢') }, 'CASE_NOT_FOUND'],
      [{ caseId: { $ne: '' }, ...key('15幢') }, 'INVALID_INPUT'],
      [{ caseId: v.id, ...key('15幢'), reporterId: ZHAO }, 'INVALID_INPUT'],
      [{ caseId: v.id, categoryId: 'repair', place: { ...place('15幢'), $where: '1' } }, 'INVALID_INPUT'],
    ];
    for (const [payload, code] of tries) {
      const r = await cloud.call('cases', 'follow', payload, SUN);
      expect([codeOf(r), r.ok ? '' : /[\u4e00-\u9fff]/.test((r as { error: { message: string } }).error.message)]).toEqual([code, true]);
    }
    expect(codeOf(await cloud.call('cases', 'similar', { categoryId: 'repair' }, SUN))).toBe('INVALID_INPUT');
    expect(codeOf(await cloud.call('cases', 'similar', { caseId: v.id, categoryId: 'repair', place: place('15幢') }, SUN))).toBe('INVALID_INPUT');
    expect(codeOf(await cloud.call('cases', 'follow', { caseId: v.id, ...key('15幢') }, ''))).toBe('NOT_SIGNED_IN');
    expect(await mine(SUN)).toEqual([]);
    expect((await caseOf(v.id)).timeline.some((t) => t.kind === 'joined')).toBe(false);
  });
});

describe('merging a duplicate', () => {
  it('followers are kept, both timelines say so, the kept case is told to everyone, the dashboard counts it once', async () => {
    const before = ok(await cloud.call<DashboardView>('office', 'dashboard', { days: 7 }, DEMO.office));
    const kept = await submit(DEMO.zhang, pipe('17幢'));
    const dup = await submit(QIAN, pipe('17幢', '402'));
    ok(await cloud.call('cases', 'follow', { caseId: dup.id, ...key('17幢', '402') }, ZHAO));
    const merged = ok(await cloud.call<CaseView>('cases', 'merge', { caseId: dup.id, intoCaseId: kept.id }, DEMO.wang));
    expect(merged).toMatchObject({ status: 'merged', mergedInto: { id: kept.id, code: kept.code } });
    expect(merged.timeline.at(-1)!.text).toBe(`已并入事项 ${kept.code}`);
    const k = await caseOf(kept.id);
    expect(k.timeline.at(-1)!.text).toBe(`并入了事项 ${dup.code}`);
    expect((await mine(QIAN)).map((c) => c.id)).toEqual([kept.id]);
    expect((await mine(ZHAO)).map((c) => c.id)).toContain(kept.id);
    expect((await mine(ZHAO)).map((c) => c.id)).not.toContain(dup.id);
    const asFollower = ok(await cloud.call<CaseView>('cases', 'get', { caseId: kept.id }, QIAN));
    expect(asFollower.forMe.following).toBe(true);
    ok(await cloud.call('cases', 'claim', { caseId: kept.id }, DEMO.lu));
    for (const who of [DEMO.zhang, QIAN, ZHAO]) {
      expect((await messagesOf(who)).filter((m) => m.caseId === kept.id && m.title === '书记正在办您反映的事')).toHaveLength(1);
    }
    expect((await messagesOf(QIAN)).some((m) => m.title === '您反映的事合在一起办了' && m.caseId === kept.id)).toBe(true);
    const after = ok(await cloud.call<DashboardView>('office', 'dashboard', { days: 7 }, DEMO.office));
    expect(after.total - before.total).toBe(1);
    expect(after.byStatus.reduce((n, r) => n + r.count, 0)).toBe(after.total);
    const repair = (d: DashboardView) => d.byCategory.find((r) => r.key === 'repair')?.count ?? 0;
    expect(repair(after) - repair(before)).toBe(1);
    const open = ok(await cloud.call<{ cases: CaseSummary[] }>('office', 'queues', { queue: 'open' }, DEMO.office));
    expect(open.cases.some((c) => c.id === dup.id)).toBe(false);
  });

  it('two people merging at once: one wins', async () => {
    const a = await submit(DEMO.zhang, pipe('18幢'));
    const b = await submit(QIAN, pipe('18幢'));
    const c = await submit(SUN, pipe('18幢'));
    const results = await Promise.all([
      cloud.call('cases', 'merge', { caseId: c.id, intoCaseId: a.id }, DEMO.wang),
      cloud.call('cases', 'merge', { caseId: c.id, intoCaseId: b.id }, DEMO.office),
      cloud.call('cases', 'merge', { caseId: c.id, intoCaseId: a.id }, DEMO.lu),
    ]);
    expect(results.map(codeOf).filter((c) => c === 'OK')).toEqual(['OK']);
    for (const r of results.filter((x) => !x.ok))
      expect([JSON.stringify(r), ['CASE_NOT_MERGEABLE', 'CASE_CHANGED'].includes(codeOf(r))]).toEqual([JSON.stringify(r), true]);
    const [ka, kb] = [await caseOf(a.id), await caseOf(b.id)];
    const takenIn = [ka, kb].filter((k) => k.timeline.some((t) => t.kind === 'merged'));
    expect(takenIn).toHaveLength(1);
    expect(takenIn[0].timeline.filter((t) => t.kind === 'merged')).toHaveLength(1);
  });

  it('refuses: into itself, a private or closed case, a resident merging, hostile ids — nothing changed', async () => {
    const a = await submit(DEMO.zhang, pipe('19幢'));
    const b = await submit(QIAN, pipe('19幢'));
    const p = await submit(QIAN, { categoryId: 'dispute', description: '楼上邻居每天半夜吵闹', place: place('19幢') });
    const tries: Array<[string, object, string]> = [
      [DEMO.office, { caseId: a.id, intoCaseId: a.id }, 'CASE_NOT_MERGEABLE'],
      [DEMO.office, { caseId: p.id, intoCaseId: a.id }, 'CASE_NOT_MERGEABLE'],
      [DEMO.zhang, { caseId: a.id, intoCaseId: b.id }, 'FORBIDDEN'],
      [QIAN, { caseId: a.id, intoCaseId: b.id }, 'CASE_NOT_FOUND'],
      [DEMO.office, { caseId: a.id, intoCaseId: { $gt: '' } }, 'INVALID_INPUT'],
      [DEMO.office, { caseId: a.id, intoCaseId: 'no-such-case' }, 'CASE_NOT_FOUND'],
      [DEMO.office, { caseId: a.id, intoCaseId: b.id, by: DEMO.admin }, 'INVALID_INPUT'],
    ];
    for (const [who, payload, code] of tries) expect([who, codeOf(await cloud.call('cases', 'merge', payload, who))]).toEqual([who, code]);
    ok(await cloud.call('cases', 'cancel', { caseId: b.id }, QIAN));
    expect(codeOf(await cloud.call('cases', 'merge', { caseId: a.id, intoCaseId: b.id }, DEMO.office))).toBe('CASE_NOT_MERGEABLE');
    expect((await caseOf(a.id)).status).toBe('pending');
    expect((await caseOf(a.id)).timeline.some((t) => t.kind === 'merged')).toBe(false);
  });
});

describe('a merge interrupted between its two writes', () => {
  it('the timer completes the kept case exactly once', async () => {
    const { deps, clock } = await localDeps(T26);
    const as = (openid: string) => uc.whoIs(deps, openid);
    const kept = await uc.submitCase(deps, await as(DEMO.zhang), pipe('20幢'));
    const dup = await uc.submitCase(deps, await as(QIAN), pipe('20幢'));
    const write = deps.cases.replaceIfVersion.bind(deps.cases);
    let dies = true;
    deps.cases.replaceIfVersion = async (next) => {
      if (dies && next.id === kept.id) throw new Error('the function was killed');
      return write(next);
    };
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await uc.mergeCases(deps, await as(DEMO.office), dup.id, kept.id);
    expect((await deps.cases.ofId(dup.id))!.status).toBe('merged');
    expect((await deps.cases.ofId(kept.id))!.followers).toEqual([]);
    dies = false;
    clock.set(new Date(new Date(T26).getTime() + 5 * 60_000));
    const community = await uc.loadCommunity(deps);
    expect(await completeLeftovers(deps, community, clock.now())).toBeGreaterThanOrEqual(1);
    await completeLeftovers(deps, community, clock.now());
    const k = (await deps.cases.ofId(kept.id))!;
    expect(k.followers).toEqual([QIAN]);
    expect(k.timeline.filter((t) => t.kind === 'merged').map((t) => t.text)).toEqual([`并入了事项 ${dup.code}`]);
    expect((await deps.cases.ofId(dup.id))!.effects).toEqual([]);
  });
});
