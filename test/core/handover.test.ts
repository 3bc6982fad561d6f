/**
 * 交接班 with the clock: a promise made to a resident ("someone will take it by 08:55") holds across the shift
 * change, the night, leave and weekends. Each scenario runs the use cases over in-memory ports, moves the clock and
 * runs the sweeper as the timer would; the table printed at the end is the issue's hand-over scenarios table.
 * Dates (DEFAULT_ROTA, one group per day): 2026-11-27 (Fri) 第三组, 11-28 第四组, 12-04 (Fri) 第二组, 12-07 (Mon) 第一组.
 */
import type { DomainError } from '../../cloudfunctions/core/errors';
import { claimCase, escalateCase, getCase, releaseCase, resolveCase, returnCaseToStudio, submitCase, sweepOverdue } from '../../cloudfunctions/core/usecases';
import { DEFAULT_ROTA } from '../../cloudfunctions/core/rota';
import { aCommunity, aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const cheng = aMember('m-cheng', 'g1', '程璇', ['hubin']);
const wang = aMember('m-wang', 'g2', '王思瑛', ['hubin']);
const gu = aMember('m-gu', 'g3', '顾秀兰', ['hubin']);
const xu = aMember('m-xu', 'g3', '徐志明');
const wu = aMember('m-wu', 'g4', '吴德林', ['hubin']);
/** On leave on the evening's date (11-27) only: at work on the shift's date. */
const jin = aMember('m-jin', 'g4', '金月娥', [], [{ from: '2026-11-27', to: '2026-11-27' }]);
/** On leave on the shift's date (11-28). */
const he = aMember('m-he', 'g4', '何秀英', [], [{ from: '2026-11-28', to: '2026-11-28' }]);
const office = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [zhang, cheng, wang, gu, xu, wu, jin, he, office];
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: DomainError) => e.code,
  );

function setup(at: string, over: Parameters<typeof aCommunity>[0] = {}, who = people) {
  return fakeDeps({ now: bj(at), people: who.map((p) => structuredClone(p)), community: aCommunity(over) });
}
type Deps = ReturnType<typeof setup>;
const at = (deps: Deps, local: string) => deps.clock.set(bj(local));
const digests = (deps: Deps) => deps.messages.all.filter((m) => m.title.startsWith('交接班'));
const alertsFor = (deps: Deps, caseId: string) => deps.messages.all.filter((m) => m.caseId === caseId && m.title.startsWith('新事项')).map((m) => m.touser);

/** The table printed for the closing note: these columns, a row per scenario. */
const cols = ['scenario', 'promised', 'handed over', 'claimable at 08:40 by', 'escalated'];
const rows: string[][] = [];

describe('交接班: unclaimed cases pass to the group on duty; the promise holds', () => {
  afterAll(() => {
    console.log(`hand-over scenarios (${rows.length}):\n${[cols, ...rows].map((r) => `  ${r.join(' | ')}`).join('\n')}`);
  });

  it('a repair filed at 17:25 by 第三组’s pool is handed to 第四组 at 08:30, claimable by them, escalated only at 08:55', async () => {
    const deps = setup('2026-11-27 17:25');
    const v = await submitCase(deps, zhang, pipe);
    expect(v.routing.groupId).toBe('g3');
    expect(v.expectation?.text).toBe('预计11月28日 08:55前有书记接手'); // the resident's words (types/words.ts)
    expect(alertsFor(deps, v.id).sort()).toEqual(['m-gu', 'm-xu']);

    // Next morning, before the timer has even run: 第四组 is on duty and may take it; 第三组 may look, not take.
    at(deps, '2026-11-28 08:31');
    expect((await getCase(deps, wu, v.id)).can.claim).toBe(true);
    expect((await getCase(deps, zhang, v.id)).holderText).toBe('第四组值班成员');
    expect(await codeOf(claimCase(deps, gu, v.id))).toBe('NOT_ON_DUTY');

    // The timer: one hand-over step, one digest per 第四组 member at work on the shift's date (何秀英 is on leave).
    expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 1, claimEscalated: 0 });
    const seen = await getCase(deps, zhang, v.id);
    expect(seen.timeline.at(-1)).toMatchObject({ kind: 'shift-handover', text: '交接给第四组', by: null });
    expect(seen.routing).toMatchObject({ groupId: 'g4', reason: '交接班：由第四组值班成员处理' });
    expect(seen.expectation?.text).toBe('预计11月28日 08:55前有书记接手');
    expect((await getCase(deps, wu, v.id)).expectation?.text).toBe('预计11月28日 08:55前有人认领'); // a member's words
    expect(
      digests(deps)
        .map((m) => m.touser)
        .sort(),
    ).toEqual(['m-jin', 'm-wu']);
    // Idempotent: a second run hands nothing over and sends no second digest.
    expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 0, claimEscalated: 0 });
    expect(digests(deps)).toHaveLength(2);

    at(deps, '2026-11-28 08:40');
    await claimCase(deps, wu, v.id);
    expect((await getCase(deps, zhang, v.id)).holderText).toBe('吴德林');
    rows.push(['17:25 报修，第三组池', '11-28 08:55', '08:30 → 第四组', '第四组 (第三组: NOT_ON_DUTY)', 'no (claimed 08:40)']);
  });

  it('nobody claims: escalated at 08:55, not a minute before', async () => {
    const deps = setup('2026-11-27 17:25');
    const v = await submitCase(deps, zhang, pipe);
    for (const t of ['2026-11-27 17:30', '2026-11-27 23:00', '2026-11-28 08:30', '2026-11-28 08:54']) {
      at(deps, t);
      expect(await sweepOverdue(deps)).toMatchObject({ claimEscalated: 0 });
    }
    at(deps, '2026-11-28 08:55');
    expect(await sweepOverdue(deps)).toMatchObject({ claimEscalated: 1 });
    expect((await getCase(deps, zhang, v.id)).timeline.map((t) => t.kind)).toEqual(['submitted', 'routed', 'shift-handover', 'escalated']);
    rows.push(['17:25 报修，无人认领', '11-28 08:55', '08:30 → 第四组', '第四组', '08:55 (claim-sla)']);
  });

  it('a release at 17:29: the claim clock restarts in duty time and the next group takes it in the morning', async () => {
    const deps = setup('2026-11-27 17:00');
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, gu, v.id);
    at(deps, '2026-11-27 17:29');
    const r = await releaseCase(deps, gu, v.id, '今天来不及了');
    expect(r.expectation?.text).toBe('预计11月28日 08:59前有人认领');
    at(deps, '2026-11-28 08:30');
    expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 1, claimEscalated: 0 });
    at(deps, '2026-11-28 08:58');
    expect(await sweepOverdue(deps)).toMatchObject({ claimEscalated: 0 });
    at(deps, '2026-11-28 08:59');
    expect(await sweepOverdue(deps)).toMatchObject({ claimEscalated: 1 });
    rows.push(['17:29 放回待认领', '11-28 08:59', '08:30 → 第四组', '第四组', '08:59 (claim-sla)']);
  });

  it('an office return after hours goes straight to the next group, alerting those at work that day', async () => {
    const deps = setup('2026-11-27 16:00');
    const v = await submitCase(deps, zhang, pipe);
    await escalateCase(deps, gu, v.id, '需要社区看看');
    at(deps, '2026-11-27 20:00');
    const r = await returnCaseToStudio(deps, office, v.id, '工作室先去看看');
    expect(r.routing).toMatchObject({ groupId: 'g4', rule: 'office-return' });
    expect(r.expectation?.text).toBe('预计11月28日 09:00前有人认领');
    at(deps, '2026-11-28 08:30');
    expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 0, claimEscalated: 0 });
    at(deps, '2026-11-28 08:40');
    await claimCase(deps, jin, v.id);
    rows.push(['20:00 社区退回工作室', '11-28 09:00', '(already 第四组)', '第四组', 'no (claimed 08:40)']);
  });

  it('Saturday → Monday with weekends closed: Friday’s case is Monday’s group’s at 08:30, due 08:55', async () => {
    const weekendsClosed = { rota: { ...DEFAULT_ROTA, closedWeekdays: [0, 6] } };
    const deps = setup('2026-12-04 17:25', weekendsClosed);
    const v = await submitCase(deps, zhang, pipe);
    expect(v.routing.groupId).toBe('g2');
    expect(v.expectation?.text).toBe('预计12月7日 08:55前有书记接手');
    for (const t of ['2026-12-05 10:00', '2026-12-06 10:00', '2026-12-07 08:29']) {
      at(deps, t);
      expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 0, claimEscalated: 0 });
    }
    at(deps, '2026-12-07 08:30');
    expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 1 });
    expect((await getCase(deps, zhang, v.id)).timeline.at(-1)?.text).toBe('交接给第一组');
    at(deps, '2026-12-07 08:40');
    await claimCase(deps, cheng, v.id);
    rows.push(['周五 17:25，周末休息', '12-07 (周一) 08:55', '周一 08:30 → 第一组', '第一组', 'no (claimed 08:40)']);
  });

  it('a claimed case stays with its holder across the shift change', async () => {
    const deps = setup('2026-11-27 17:00');
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, gu, v.id);
    at(deps, '2026-11-28 08:30');
    expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 0 });
    expect((await getCase(deps, zhang, v.id)).holderText).toBe('顾秀兰');
    await resolveCase(deps, gu, v.id, '换了阀门'); // off duty, still the holder
    rows.push(['17:00 已认领', '(holder keeps it)', 'no', '—', 'no (resolved)']);
  });

  it('the whole incoming group on leave: the case goes up to the office at the shift start', async () => {
    const away = [{ from: '2026-11-28', to: '2026-11-28' }];
    const deps = setup('2026-11-27 17:25', {}, [zhang, gu, xu, { ...wu, leave: away }, { ...jin, leave: away }, he, office]);
    const v = await submitCase(deps, zhang, pipe);
    at(deps, '2026-11-28 08:30');
    expect(await sweepOverdue(deps)).toMatchObject({ handedOver: 0, handedToOffice: 1 });
    const seen = await getCase(deps, zhang, v.id);
    expect(seen).toMatchObject({ statusText: '已交给社区办公室', routing: { target: 'office', reason: '值班的书记都不在，已交给社区办公室' } });
    expect(seen.timeline.at(-1)).toMatchObject({ kind: 'escalated', trigger: 'no-duty' });
    rows.push(['第四组全员请假', '11-28 08:55', '08:30 → 社区办公室', '社区', '08:30 (no-duty)']);
  });

  it('alerts check leave on the shift’s date: filed at 20:00, tomorrow’s group is told, minus who is away tomorrow', async () => {
    const deps = setup('2026-11-27 20:00');
    const v = await submitCase(deps, zhang, pipe);
    expect(v.routing).toMatchObject({ groupId: 'g4', rule: 'next-shift' });
    // 金月娥 is on leave tonight's date but works tomorrow: alerted. 何秀英 is away tomorrow: not alerted.
    expect(alertsFor(deps, v.id).sort()).toEqual(['m-jin', 'm-wu']);
    rows.push(['20:00 报修 (值班外)', '11-28 09:00', '(already 第四组)', '第四组', '—']);
  });

  it('an off-duty member sees what is waiting on the duty board, and why they cannot claim', async () => {
    const deps = setup('2026-11-28 10:00');
    const v = await submitCase(deps, zhang, pipe);
    const { dutyBoard } = await import('../../cloudfunctions/core/usecases');
    const board = await dutyBoard(deps, gu);
    expect(board.pool.map((c) => c.id)).toEqual([v.id]);
    expect(board.duty.me.cannotClaimBecause).toBe('现在不是您组的值班时间，不能认领');
    expect(await codeOf(claimCase(deps, gu, v.id))).toBe('NOT_ON_DUTY');
  });
});
