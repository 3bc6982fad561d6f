/**
 * Database round trips per action, counted exactly with an instrumented store (the local database behind the same
 * WeChat-Cloud adapters the deployed functions use). Every state change is ONE conditional write on the case
 * (plus, for some, a log or ledger write that is not part of the state change); reads are the identity, the
 * configuration, the case, and what the action needs to check (the claim cap, a hand-over target).
 */
import * as uc from '../../cloudfunctions/core/usecases';
import { ConfigCache } from '../../cloudfunctions/adapters/wx/config-cache';
import { saveConfigSection } from '../../cloudfunctions/core/usecases/admin';
import { localDeps } from '../support/local-db';

const T27 = '2026-11-27T10:00:00+08:00';
const LI = 'demo-resident-li';
const GU = 'demo-member-09';
const SUN = 'demo-member-11';
const XU = 'demo-member-10';
const WU = 'demo-office-wu';
const ZHAO = 'o-db-calls-zhao';
const pipe = { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };

type Counts = Record<string, number>;
const table: Array<{ action: string; calls: number; counts: Counts }> = [];

it('counts database calls per action', async () => {
  // A warm function instance: the community configuration is read once, then served from its cache (60 s).
  const { deps, counts, reset } = await localDeps(T27, { configCache: new ConfigCache() });
  const as = (openid: string) => uc.whoIs(deps, openid);
  async function measure<T>(action: string, f: () => Promise<T>): Promise<T> {
    reset();
    const out = await f();
    table.push({ action, calls: counts.calls, counts: { ...counts.byCollection } });
    return out;
  }
  const writes = (c: Counts, collection: string) =>
    (c[`${collection}.update`] ?? 0) + (c[`${collection}.add`] ?? 0) + (c[`${collection}.set`] ?? 0) + (c[`${collection}.remove`] ?? 0);

  await measure('session.me', async () => uc.whoAmI(deps, await as(LI)));
  const v = await measure('cases.submit', async () => uc.submitCase(deps, await as(LI), { ...pipe, subscriptions: { LOCAL_TMPL_CASE_RESOLVED: 'accept' } }));
  await measure('cases.listMine', async () => uc.listMyCases(deps, await as(LI)));
  // 「是不是这件事？」 before a report: the caller and one indexed query (no write); joining: the case, one conditional write.
  const offered = await measure('cases.similar', async () => uc.similarCase(deps, await as(ZHAO), { categoryId: pipe.categoryId, place: pipe.place }));
  expect(offered.cases.map((c) => c.id)).toEqual([v.id]);
  await measure('cases.follow', async () => uc.followCase(deps, await as(ZHAO), { caseId: v.id, categoryId: pipe.categoryId, place: pipe.place }));
  expect(table.slice(-3).map((r) => [r.action, r.counts])).toEqual([
    ['cases.listMine', { 'users.get': 1, 'cases.get': 2 }], // the caller; the cases I reported, those I follow
    ['cases.similar', { 'users.get': 1, 'cases.get': 1 }],
    ['cases.follow', { 'users.get': 1, 'cases.get': 1, 'cases.update': 1 }],
  ]);
  await measure('cases.get', async () => uc.getCase(deps, await as(GU), v.id));
  await measure('cases.dutyBoard', async () => uc.dutyBoard(deps, await as(GU)));
  await measure('cases.claim', async () => uc.claimCase(deps, await as(GU), v.id));
  await measure('cases.note', async () => uc.noteCase(deps, await as(GU), v.id, '已联系电工'));
  await measure('cases.handOver', async () => uc.handOverCase(deps, await as(GU), v.id, SUN, '她住得近'));
  await measure('cases.release', async () => uc.releaseCase(deps, await as(SUN), v.id, '今天去医院'));
  await uc.claimCase(deps, await as(XU), v.id);
  await measure('cases.escalate', async () => uc.escalateCase(deps, await as(XU), v.id, '需要社区协调'));
  await measure('office.assign', async () => uc.assignCase(deps, await as(WU), v.id, WU));
  await measure('cases.resolve', async () => uc.resolveCase(deps, await as(WU), v.id, '社区已协调好'));
  await measure('cases.reopen', async () => uc.reopenCase(deps, await as(LI), v.id, '灯又坏了'));
  const w = await uc.submitCase(deps, await as(LI), { ...pipe, categoryId: 'certificate' });
  await measure('office.queues', async () => uc.officeQueues(deps, await as(WU), 'office-only', 0));
  await measure('office.recategorise', async () => uc.recategoriseCase(deps, await as(WU), w.id, 'unsure', '不是证明'));
  await uc.escalateCase(deps, await as(GU), w.id, '还是要社区看看');
  await measure('office.returnToStudio', async () => uc.returnCaseToStudio(deps, await as(WU), w.id, '工作室先去看看'));
  await measure('office.reject', async () => uc.rejectCase(deps, await as(WU), w.id, '重复提交'));
  await measure('cases.submitOnBehalf', async () => uc.submitOnBehalf(deps, await as(GU), { ...pipe, residentName: '张大爷', residentPhone: '13800001111' }));
  const x = await uc.submitCase(deps, await as(LI), { ...pipe, categoryId: 'certificate' });
  await measure('office.transfer', async () =>
    uc.transferCase(deps, await as(WU), { caseId: x.id, body: 'property', ticket: 'WY-1127', expectedDate: '2026-11-30' }),
  );
  await measure('office.transferOutcome', async () => uc.recordTransferOutcome(deps, await as(WU), x.id, '物业已经修好了'));
  await measure('office.dashboard', async () => uc.dashboard(deps, await as(WU), { days: 30 }));
  // The dashboard's figures are the database's own counting: 7 aggregations (status, category, compound, solved,
  // held and solved per person, 转办 by body), 2 counts and 2 indexed one-row reads per percentile pair (time to claim,
  // time to resolve: both have cases now), 1 indexed page of overdue cases, and 8 aggregations for 三率 (响应率 by
  // group, category, compound and week; 回访 answers by holder, category, compound and week) — however many cases exist.
  expect(table[table.length - 1].counts).toEqual({ 'users.get': 3, 'cases.end': 15, 'cases.count': 2, 'cases.get': 5 });
  // A merge: the caller, both cases; the duplicate's conditional write (with its merge effect and its people's notice),
  // then the effect: the kept case read and written once, the notice, and the effects cleared.
  const dupOf = await uc.submitCase(deps, await as(ZHAO), { ...pipe, place: { ...pipe.place, building: '6幢' } });
  const keptOf = await uc.submitCase(deps, await as(LI), { ...pipe, place: { ...pipe.place, building: '6幢' } });
  await measure('cases.merge', async () => uc.mergeCases(deps, await as(WU), dupOf.id, keptOf.id));
  expect(table[table.length - 1].counts).toEqual({ 'users.get': 1, 'cases.get': 3, 'cases.update': 3, 'messages.add': 1 });
  // A member's later claims: their claim-cap record exists, so the claim itself is the caller, the case, the cap
  // slot and the conditional write; the view adds the hand-over colleagues; the resident's notice and clearing it follow.
  const later = await uc.submitCase(deps, await as(LI), pipe);
  const steady = await measure('cases.claim (later)', async () => uc.claimCase(deps, await as(GU), later.id));
  expect(steady.status).toBe('claimed');
  const row = table[table.length - 1].counts;
  const claimItself = { 'users.get': 1, 'cases.get': 1, 'holdings.update': 1, 'cases.update': 1 };
  const colleagues = { 'users.get': 1 };
  const notice = { 'messages.add': 1, 'subscriptions.update': 1, 'messages.update': 1, 'cases.update': 1 };
  expect(row).toEqual({
    'users.get': 2,
    'cases.get': 1,
    'holdings.update': 1,
    'messages.add': 1,
    'subscriptions.update': 1,
    'messages.update': 1,
    'cases.update': 2,
  });
  const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
  expect(total(claimItself)).toBe(4);
  expect(total(row)).toBe(total(claimItself) + total(colleagues) + total(notice));
  await measure('cases.handled', async () => uc.handledCases(deps, await as(GU)));
  expect(table[table.length - 1].counts).toEqual({ 'users.get': 1, 'cases.get': 1 }); // the caller and one query
  // 回访 answered 解决了, 满意: the caller, the case, one conditional write (no effects to record or clear).
  const answered = await uc.submitCase(deps, await as(LI), pipe);
  await uc.claimCase(deps, await as(GU), answered.id);
  await uc.resolveCase(deps, await as(GU), answered.id, '修好了');
  await measure('cases.followUp', async () => uc.answerFollowUpCase(deps, await as(LI), answered.id, { solved: true, satisfaction: 'satisfied' }));

  const stateChanges = [
    'cases.claim',
    'cases.note',
    'cases.handOver',
    'cases.release',
    'cases.escalate',
    'office.assign',
    'cases.resolve',
    'cases.reopen',
    'office.recategorise',
    'office.returnToStudio',
    'office.reject',
    'office.transfer',
    'office.transferOutcome',
    'cases.followUp',
  ];
  // Actions whose write records effects (messages, a freed claim-cap slot); the others record none.
  const withEffects = [
    'cases.claim',
    'cases.handOver',
    'cases.release',
    'cases.escalate',
    'office.assign', // the reporter is told who at the office has it
    'cases.resolve',
    'cases.note',
    'cases.reopen',
    'office.reject',
    'office.transfer', // the reporter is told who has it now
    'office.transferOutcome', // 办结: the reporter is told
  ];
  for (const row of table.filter((r) => stateChanges.includes(r.action))) {
    // One conditional write changes the state and records its effects; a second one, only when there were
    // effects, clears them once done. A claim or hand-over also reads the member's held cases the first time
    // their claim-cap record is made.
    const effects = withEffects.includes(row.action) ? 1 : 0;
    expect({ action: row.action, caseWrites: row.counts['cases.update'] ?? 0 }).toEqual({ action: row.action, caseWrites: 1 + effects });
    expect(row.counts['cases.get'] ?? 0).toBeLessThanOrEqual(['cases.claim', 'cases.handOver'].includes(row.action) ? 2 : 1);
    // Notifications (message centre entries, credit ledger) are completed after the state change, from what its
    // write recorded; nothing else is written.
    expect(writes(row.counts, 'users') + writes(row.counts, 'config')).toBe(0);
  }
  // The configuration is read by the first call only (session.me); every later action is served by the cache.
  expect(table.filter((r) => (r.counts['config.get'] ?? 0) > 0).map((r) => r.action)).toEqual(['session.me']);
  // Screens: each is one cloud call; their database calls stay small and fixed.
  const calls = Object.fromEntries(table.map((r) => [r.action, r.calls]));
  expect(calls['cases.get']).toBeLessThanOrEqual(5);
  expect(calls['cases.dutyBoard']).toBeLessThanOrEqual(6);
  expect(calls['office.queues']).toBeLessThanOrEqual(9);
  expect(calls['office.dashboard']).toBeLessThanOrEqual(25); // 17 figures + 8 for 三率, constant in the number of cases
  console.log(
    `database calls per action (identity + configuration reads included):\n${table
      .map((r) => `  ${r.action.padEnd(22)} ${String(r.calls).padStart(2)}  ${JSON.stringify(r.counts)}`)
      .join('\n')}`,
  );
});

it('the configuration cache: re-read after its 60 s, and at once after this instance saves a change', async () => {
  let t = 0;
  const cache = new ConfigCache(60_000, () => t);
  const { deps, counts, reset } = await localDeps(T27, { configCache: cache });
  const admin = await uc.whoIs(deps, 'demo-admin');
  await uc.whoAmI(deps, await uc.whoIs(deps, LI));
  reset();
  await uc.whoAmI(deps, await uc.whoIs(deps, LI));
  expect(counts.byCollection['config.get'] ?? 0).toBe(0);
  t = 60_000;
  reset();
  await uc.whoAmI(deps, await uc.whoIs(deps, LI));
  expect(counts.byCollection['config.get']).toBe(1);
  const settings = { officePhone: '0573-85019999', limits: { openCasesPerMember: 5 } };
  await saveConfigSection(deps, admin, 'settings', settings);
  expect((await uc.whoAmI(deps, await uc.whoIs(deps, LI))).officePhone).toBe('0573-85019999');
});
