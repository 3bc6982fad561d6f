/**
 * The claim cap under parallel requests, through the local cloud: the per-member count is enforced by the write
 * (a conditional update that only matches below the cap), not read before it.
 */
import type { CaseView, DutyView } from '../../types/domain';
import { DEMO, cloudForFile, codeOf, ok } from '../support/local-cloud';

const T26 = '2026-11-26T10:00:00+08:00'; // group 2 on duty
const T27 = '2026-11-27T10:00:00+08:00'; // group 3 on duty
const G2 = ['demo-member-05', 'demo-member-06', 'demo-member-07', 'demo-member-08'];
const G3 = ['demo-member-09', 'demo-member-10', 'demo-member-11', 'demo-member-12'];

const cloud = cloudForFile({ now: T26, timers: false });

const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const pipe = { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };
const submit = async () => ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li));
const held = async (openid: string) => ok(await cloud.call<{ duty: DutyView; mine: unknown[] }>('cases', 'dutyBoard', {}, openid)).mine.length;
const tally = (codes: string[]) => codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

it('10 parallel claims by one member: exactly the cap (5) succeed', async () => {
  await at(T26);
  const cases = await Promise.all(Array.from({ length: 10 }, submit));
  const codes = (await Promise.all(cases.map((c) => cloud.call('cases', 'claim', { caseId: c.id }, G2[2])))).map(codeOf);
  console.log(`cap race: 10 parallel claims by one member (cap 5) → ${JSON.stringify(tally(codes))}`);
  expect(tally(codes)).toEqual({ OK: 5, CLAIM_CAP_REACHED: 5 });
  expect(await held(G2[2])).toBe(5);
  // Resolving one frees exactly one place.
  const mine = cases.filter((_, i) => codes[i] === 'OK');
  ok(await cloud.call('cases', 'resolve', { caseId: mine[0].id, note: '修好了' }, G2[2]));
  const again = (await Promise.all(cases.filter((_, i) => codes[i] !== 'OK').map((c) => cloud.call('cases', 'claim', { caseId: c.id }, G2[2])))).map(codeOf);
  expect(tally(again)).toEqual({ OK: 1, CLAIM_CAP_REACHED: 4 });
  expect(await held(G2[2])).toBe(5);
});

it('8 simultaneous hand-overs to one colleague: never above the cap', async () => {
  // Eight holders: three of group 2 today (one holds two), four of group 3 tomorrow.
  await at(T26);
  const cases = await Promise.all(Array.from({ length: 8 }, submit));
  const holders = [G2[0], G2[0], G2[1], G2[3], ...G3];
  for (const [i, c] of cases.slice(0, 4).entries()) ok(await cloud.call('cases', 'claim', { caseId: c.id }, holders[i]));
  await at(T27);
  for (const [i, c] of cases.slice(4).entries()) ok(await cloud.call('cases', 'claim', { caseId: c.id }, holders[4 + i]));
  const target = DEMO.cheng; // group 1, holds nothing
  const codes = (
    await Promise.all(cases.map((c, i) => cloud.call('cases', 'handOver', { caseId: c.id, toMemberId: target, note: '她住得近' }, holders[i])))
  ).map(codeOf);
  console.log(`cap race: 8 simultaneous hand-overs to one colleague (cap 5) → ${JSON.stringify(tally(codes))}; she holds ${await held(target)}`);
  expect(tally(codes)).toEqual({ OK: 5, CLAIM_CAP_REACHED: 3 });
  expect(await held(target)).toBe(5);
  // The refused hand-overs left their cases with their holders.
  for (const [i, c] of cases.entries()) {
    const v = ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.office));
    expect(v.holder?.id).toBe(codes[i] === 'OK' ? target : holders[i]);
  }
});
