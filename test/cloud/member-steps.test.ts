/**
 * Issue 12, duty members, through the local cloud: 「我经手的」 lists what a member filed for a resident (代办); an
 * off-duty member sees the pool of the group on duty read-only; no 催一催 of one's own group's work; the pool is told
 * nothing about a private case's phone.
 */
import type { CaseView, DutyView, CaseSummary, HandledCase } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const pipe = { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };
const onBehalf = { ...pipe, residentName: '张大爷', residentPhone: '13800001111' };
const fileFor = async (openid: string) => ok(await cloud.call<CaseView>('cases', 'submitOnBehalf', onBehalf, openid));

it('「我经手的」 lists a case the member filed for a resident, with the filing as their step', async () => {
  await at(DUTY_HOUR);
  const filed = await fileFor(DEMO.lu);
  const rows = ok(await cloud.call<{ cases: HandledCase[] }>('cases', 'handled', {}, DEMO.lu)).cases;
  expect(rows.find((r) => r.id === filed.id)).toMatchObject({ myStep: { kind: 'filed', text: '陆建国为张大爷代办登记' }, status: 'pending' });
  // Someone else's filing is not mine.
  const others = ok(await cloud.call<{ cases: HandledCase[] }>('cases', 'handled', {}, DEMO.wang)).cases;
  expect(others.some((r) => r.id === filed.id)).toBe(false);
});

it('off duty: the pool of the group on duty is on the board, read-only', async () => {
  await at(DUTY_HOUR); // group 2 on duty; 顾秀兰 is group 3
  const c = ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li));
  const board = ok(await cloud.call<{ duty: DutyView; pool: CaseSummary[] }>('cases', 'dutyBoard', {}, DEMO.gu));
  expect(board.pool.map((p) => p.id)).toContain(c.id);
  expect(board.duty).toMatchObject({ groupName: '第二组', me: { onDuty: false, cannotClaimBecause: '现在不是您组的值班时间，不能认领' } });
  expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.gu)).can.claim).toBe(false);
  expect(codeOf(await cloud.call('cases', 'claim', { caseId: c.id }, DEMO.gu))).toBe('NOT_ON_DUTY');
});

it('no 催一催 of a case one filed while one’s own group has it; a member of another group may', async () => {
  await at(DUTY_HOUR);
  const own = await fileFor(DEMO.wang); // waits in group 2's pool, 王思瑛's own
  expect(own.can.urge).toBe(false);
  expect(await cloud.call('cases', 'urge', { caseId: own.id }, DEMO.wang)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  ok(await cloud.call('cases', 'claim', { caseId: own.id }, DEMO.lu));
  expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: own.id }, DEMO.wang)).can.urge).toBe(false);

  const elsewhere = await fileFor(DEMO.gu); // group 3 files; group 2 has it
  expect(elsewhere.can.urge).toBe(true);
  expect(codeOf(await cloud.call('cases', 'urge', { caseId: elsewhere.id }, DEMO.gu))).toBe('OK');
});

it('a private case: the pool gets no phone and no false 「没有留电话」; the holder gets the number', async () => {
  await at(DUTY_HOUR);
  const c = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, categoryId: 'dispute', description: '楼上邻居家漏水到我家' }, DEMO.li));
  const asPool = ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.lu));
  expect(asPool).toMatchObject({ redacted: true, contactPhone: '', can: { claim: true } });
  const held = ok(await cloud.call<CaseView>('cases', 'claim', { caseId: c.id }, DEMO.lu));
  expect(held.contactPhone).toMatch(/^\d{11}$/);
});
