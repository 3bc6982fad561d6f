/**
 * Issue 12, the community office, through the local cloud: 办结 straight from the escalated queue (the resolver becomes
 * the holder), and 指派 to a named colleague who is told (message centre) and finds it in 「交给我的」.
 */
import type { CaseSummary, CaseView, MessageView, OfficeQueuesView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';

const CHEN = 'demo-office-chen'; // 陈晓燕, office
const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const pipe = { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };
const queues = async (openid: string, queue = 'escalated') => ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue }, openid));

it('the office resolves an escalated case from its queue without assigning it first', async () => {
  await at(DUTY_HOUR);
  const c = ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li));
  ok(await cloud.call('cases', 'claim', { caseId: c.id }, DEMO.wang));
  ok(await cloud.call('cases', 'escalate', { caseId: c.id, reason: '电线老化，需要社区找电工' }, DEMO.wang));
  expect((await queues(DEMO.office)).cases.map((x) => x.id)).toContain(c.id);
  expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.office)).can.resolve).toBe(true);

  const done = ok(await cloud.call<CaseView>('cases', 'resolve', { caseId: c.id, note: '社区请电工换了线路' }, DEMO.office));
  expect(done).toMatchObject({ status: 'resolved', holder: { id: DEMO.office }, resolution: { note: '社区请电工换了线路', by: { id: DEMO.office } } });
  expect((await queues(DEMO.office)).cases.map((x) => x.id)).not.toContain(c.id);
  // The resident hears of it; the member who escalated may no longer resolve anything.
  const told = ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, DEMO.li)).items;
  expect(told.some((m) => m.caseId === c.id && m.text.includes('社区请电工换了线路'))).toBe(true);
  expect(codeOf(await cloud.call('cases', 'resolve', { caseId: c.id, note: '再办一次' }, CHEN))).not.toBe('OK');
});

it('assigns to a named colleague: 「我」 is marked, the colleague has a message and finds it in 「交给我的」; the resident is told who has it', async () => {
  await at(DUTY_HOUR);
  const c = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, categoryId: 'certificate', description: '要开居住证明' }, DEMO.li));
  const seen = ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.office));
  expect(seen.assignees[0]).toEqual({ id: DEMO.office, name: '吴霞（我）' });
  expect(seen.assignees).toContainEqual({ id: CHEN, name: '陈晓燕' });

  ok(await cloud.call('office', 'assign', { caseId: c.id, assigneeId: CHEN }, DEMO.office));
  const inbox = ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, CHEN)).items;
  expect(inbox.find((m) => m.caseId === c.id)).toMatchObject({ title: expect.stringContaining('转交给您') });
  expect((await queues(CHEN)).mine.map((x) => x.id)).toEqual([c.id]);
  expect((await queues(DEMO.office)).mine.map((x) => x.id)).not.toContain(c.id);
  // The resident: in plain words, in the message centre; their case and list say 「社区正在办」.
  const mine = ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, DEMO.li)).items.filter((m) => m.caseId === c.id);
  expect(mine[0]).toMatchObject({ title: '社区正在办您反映的事', text: '「开具证明」社区的陈晓燕在办，有进展会告诉您' });
  expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.li))).toMatchObject({ statusText: '社区正在办', holderText: '陈晓燕' });
  const listed = ok(await cloud.call<{ cases: CaseSummary[] }>('cases', 'listMine', {}, DEMO.li)).cases.find((x) => x.id === c.id);
  expect(listed).toMatchObject({ statusText: '社区正在办', audience: 'resident' });
  // A private case (开具证明): the messages about it name its category, never what the resident wrote.
  for (const openid of [DEMO.li, CHEN, DEMO.office]) {
    const about = ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items.filter((m) => m.caseId === c.id);
    for (const m of about) expect(`${m.title}${m.text}`).not.toContain('居住证明');
  }
  // 陈晓燕 resolves it: gone from her list.
  ok(await cloud.call('cases', 'resolve', { caseId: c.id, note: '证明已开好' }, CHEN));
  expect((await queues(CHEN)).mine).toEqual([]);
});
