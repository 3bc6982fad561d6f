/**
 * 「我经手的」 through the local cloud: a duty member sees the cases they handed over or escalated, where each is now,
 * newest step first; nobody else's; a private case shows its reporter's details only to whoever holds it now.
 */
import type { CaseView, HandledCase } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const pipe = { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };
const submit = async (extra: object = {}) => ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, ...extra }, DEMO.li));
const handled = async (openid: string) => ok(await cloud.call<{ cases: HandledCase[] }>('cases', 'handled', {}, openid)).cases;

it('lists what I handed over or escalated, with who has it now, newest first; not what I only claimed', async () => {
  await at('2026-11-26T09:00:00+08:00');
  const passed = await submit();
  const raised = await submit();
  const kept = await submit();
  for (const c of [passed, raised, kept]) ok(await cloud.call('cases', 'claim', { caseId: c.id }, DEMO.wang));
  ok(await cloud.call('cases', 'handOver', { caseId: passed.id, toMemberId: DEMO.lu, note: '她住得近' }, DEMO.wang));
  await at('2026-11-26T09:30:00+08:00');
  ok(await cloud.call('cases', 'escalate', { caseId: raised.id, reason: '需要社区协调物业' }, DEMO.wang));

  const mine = await handled(DEMO.wang);
  expect(mine.map((c) => c.id)).toEqual([raised.id, passed.id]);
  expect(mine[0]).toMatchObject({
    status: 'pending',
    holderText: '社区办公室',
    myStep: { kind: 'escalated', text: expect.stringContaining('需要社区协调物业') },
  });
  expect(mine[1]).toMatchObject({
    status: 'claimed',
    holderText: expect.stringContaining('陆'),
    myStep: { kind: 'handed-over', text: expect.stringContaining('她住得近') },
  });
  expect(mine[0].myStep.at > mine[1].myStep.at).toBe(true);
  // Each row opens: the member acted on it, so may still look.
  for (const c of mine) expect(codeOf(await cloud.call('cases', 'get', { caseId: c.id }, DEMO.wang))).toBe('OK');

  // Where it goes next shows up at once; the receiver only claimed, so lists nothing.
  ok(await cloud.call('cases', 'resolve', { caseId: passed.id, note: '灯换好了' }, DEMO.lu));
  expect((await handled(DEMO.wang)).find((c) => c.id === passed.id)).toMatchObject({ status: 'resolved', statusText: '已办结' });
  expect(await handled(DEMO.lu)).toEqual([]);
});

it('shows a private case I passed on without its reporter details', async () => {
  await at(DUTY_HOUR);
  const c = await submit({ categoryId: 'dispute', description: '楼上邻居家漏水到我家卫生间' });
  ok(await cloud.call('cases', 'claim', { caseId: c.id }, DEMO.wang));
  ok(await cloud.call('cases', 'handOver', { caseId: c.id, toMemberId: DEMO.lu, note: '她认识这两家' }, DEMO.wang));
  const row = (await handled(DEMO.wang)).find((r) => r.id === c.id);
  expect(row).toBeDefined();
  expect(JSON.stringify(row)).not.toContain('漏水到我家');
  expect(row?.placeText).toBe('湖滨花园'); // the compound only: no building or unit (ids may contain any digits)
  expect(row?.myStep).toMatchObject({ kind: 'handed-over', text: expect.not.stringContaining('她认识这两家') });
});

it('is for studio members only: residents and office workers are told so, and nothing changes', async () => {
  for (const who of [DEMO.li, DEMO.office]) {
    const r = await cloud.call('cases', 'handled', {}, who);
    expect(r).toMatchObject({ ok: false, error: { message: '只有工作室成员可以查看经手的事' } });
  }
  expect(await cloud.call('cases', 'handled', { memberId: DEMO.wang }, DEMO.li)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});
