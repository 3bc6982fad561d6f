/** 三率: what each case counts for (core/rates.ts), on cases moved by the real use cases over the clock. */
import { answerOf, mondayOf, respondedAt, responseOf, threeRates, weekLabel } from '../../cloudfunctions/core/rates';
import { answerFollowUpCase, cancelCase, claimCase, escalateCase, resolveCase, submitCase, sweepOverdue } from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [zhang, wang, wu];
// repair: claim within 30 duty minutes.
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const setup = () => fakeDeps({ now: bj('2026-11-26 10:00'), people });

describe('what a case counts for in 三率', () => {
  it('a claim within the claim time first promised has responded in time', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    const promised = (await deps.cases.ofId(v.id))!.claimPromise!;
    expect(promised).toEqual({ by: bj('2026-11-26 10:30'), groupId: 'g2' });
    deps.clock.set(bj('2026-11-26 10:20'));
    await claimCase(deps, wang, v.id);
    const c = (await deps.cases.ofId(v.id))!;
    expect(respondedAt(c)).toEqual(bj('2026-11-26 10:20'));
    expect(responseOf(c)).toEqual({ due: bj('2026-11-26 10:30'), groupId: 'g2', inTime: true });
  });

  it('the SLA clock escalating is no response, and group 2 keeps its promise at the office', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    deps.clock.set(bj('2026-11-26 10:31'));
    await sweepOverdue(deps);
    const escalated = (await deps.cases.ofId(v.id))!;
    expect(escalated.routing.target).toBe('office');
    expect(respondedAt(escalated)).toBeNull();
    expect(responseOf(escalated)).toEqual({ due: bj('2026-11-26 10:30'), groupId: 'g2', inTime: false });
  });

  it('a member escalating by hand within the claim time has responded', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    deps.clock.set(bj('2026-11-26 10:05'));
    await escalateCase(deps, wang, v.id, '要社区出面');
    expect(responseOf((await deps.cases.ofId(v.id))!)!.inTime).toBe(true);
  });

  it('a case withdrawn before its claim time ended counts for nothing', async () => {
    const deps = setup();
    const early = await submitCase(deps, zhang, pipe);
    await cancelCase(deps, zhang, early.id, '自己修好了');
    expect(responseOf((await deps.cases.ofId(early.id))!)).toBeNull();
  });

  it('the 回访 answer counts once, by its latest answer', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, wang, v.id);
    await resolveCase(deps, wang, v.id, '修好了');
    expect(answerOf((await deps.cases.ofId(v.id))!)).toBeNull();
    deps.clock.set(bj('2026-11-27 09:00'));
    await answerFollowUpCase(deps, zhang, v.id, { solved: true, satisfaction: 'basic' });
    expect(answerOf((await deps.cases.ofId(v.id))!)).toEqual({ at: bj('2026-11-27 09:00'), solved: true, satisfied: true, callerId: null });
  });
});

describe('三率 arithmetic and weeks', () => {
  it('sums counted rows; nothing counted is no rate, not 0 %', () => {
    expect(threeRates([], [])).toEqual({ response: { n: 0, of: 0, rate: null }, solved: { n: 0, of: 0, rate: null }, satisfied: { n: 0, of: 0, rate: null } });
    expect(
      threeRates(
        [
          { key: 'a', n: 1, of: 2 },
          { key: 'b', n: 2, of: 2 },
        ],
        [{ key: 'a', of: 4, solved: 3, satisfied: 2 }],
      ),
    ).toEqual({ response: { n: 3, of: 4, rate: 0.75 }, solved: { n: 3, of: 4, rate: 0.75 }, satisfied: { n: 2, of: 4, rate: 0.5 } });
  });

  it('weeks run Monday to Sunday', () => {
    expect(['2026-11-23', '2026-11-26', '2026-11-29', '2026-11-30', '2027-01-01'].map(mondayOf)).toEqual([
      '2026-11-23',
      '2026-11-23',
      '2026-11-23',
      '2026-11-30',
      '2026-12-28',
    ]);
    expect(weekLabel('2026-12-28')).toBe('12月28日—1月3日');
  });
});
