/**
 * Cases stored by an older version of the functions lack the query fields 三率 and 志愿服务记录 count (they are derived
 * when a case is written): the timer rewrites them, a page per tick, without changing the case — so the figures
 * count cases stored before.
 */
import * as uc from '../../cloudfunctions/core/usecases';
import type { Person } from '../../cloudfunctions/core/community';
import { DEMO_PEOPLE } from '../../cloudfunctions/local-cloud/demo-data';
import { localDeps } from '../support/local-db';

const person = (id: string) => DEMO_PEOPLE.find((p) => p.id === id)! as Person;
const ZHANG = person('demo-resident-zhang');
const WANG = person('demo-member-05');
const OFFICE = person('demo-office-wu');
const pipe = { categoryId: 'repair', description: '楼道灯不亮了', place: { compoundId: 'hongqiao', building: '2幢', unit: '' } };
/** The fields version 1 of the functions did not write. */
const NEW_FIELDS = [
  'derived',
  'claimPromise',
  'respondBy',
  'respondedInTime',
  'respondGroupId',
  'answeredAt',
  'answerSolved',
  'answerSatisfied',
  'answerCallerId',
  'actorIds',
];

describe('cases stored by an older version', () => {
  it('are rewritten by the timer, then counted; the case itself is unchanged', async () => {
    const { deps, clock, local } = await localDeps('2026-11-26T10:00:00+08:00');
    const v = await uc.submitCase(deps, ZHANG, pipe);
    await uc.claimCase(deps, WANG, v.id);
    await uc.resolveCase(deps, WANG, v.id, '换了灯泡');
    clock.set('2026-11-27T09:00:00+08:00');
    await uc.answerFollowUpCase(deps, ZHANG, v.id, { solved: true, satisfaction: 'satisfied' });
    // Store it as the older version did: without the new fields.
    const col = (
      local as unknown as {
        collection(n: string): { doc(id: string): { get(): Promise<{ data: Record<string, unknown> }>; set(o: object): Promise<unknown> } };
      }
    ).collection('cases');
    const { data } = await col.doc(v.id).get();
    const old = Object.fromEntries(Object.entries(data).filter(([k]) => k !== '_id' && !NEW_FIELDS.includes(k)));
    await col.doc(v.id).set({ data: old });
    const window = { from: '2026-11-26', to: '2026-11-27' };
    const before = (await uc.dashboard(deps, OFFICE, window)).rates.total;
    expect([before.response.of, before.solved.of]).toEqual([0, 0]);

    const tick = await uc.timerTick(deps);
    expect(tick.refreshed).toBe(1);
    const after = (await uc.dashboard(deps, OFFICE, window)).rates.total;
    expect(after).toEqual({ response: { n: 1, of: 1, rate: 1 }, solved: { n: 1, of: 1, rate: 1 }, satisfied: { n: 1, of: 1, rate: 1 } });
    const record = await uc.memberServiceRecord(deps, WANG, WANG.id, '2026-11');
    expect([record.counts.claimed, record.counts.resolved]).toEqual([1, 1]);
    const stored = (await col.doc(v.id).get()).data;
    expect(stored.version).toBe(data.version); // not a change of the case
    expect((await uc.timerTick(deps)).refreshed).toBeUndefined(); // done once
  });
});
