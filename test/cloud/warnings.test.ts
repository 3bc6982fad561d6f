/**
 * 督办 through the local cloud: the bundled `sweeper` run by its timer trigger as the local clock moves across the
 * yellow point (75 % of the duty time), a night and the deadline — one reminder per deadline (also through WeChat
 * with a duty-alert credit), the marks on the case, and the office's digest of reds once a day.
 */
import type { CaseView, MessageView } from '../../types/domain';
import { DEMO, cloudForFile, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: '2026-11-26T16:00:00+08:00' });
const ALERT = 'LOCAL_TMPL_DUTY_ALERT';
const CHEN = 'demo-office-chen';
const pipe = { categoryId: 'repair', description: '楼道里的水管一直在漏水', place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' } };

type Sweep = { functionName: string; ok: boolean; result?: { ok: boolean; data?: Record<string, number> } };
const sweepsOf = (answer: { triggered: Sweep[] }) => answer.triggered.filter((t) => t.functionName === 'sweeper');
/** Move the clock to a Beijing time: the timer fires the sweeper once for the window (its latest fire time). */
const moveTo = async (local: string) => {
  const answer = await cloud.post<{ now: string; triggered: Sweep[] }>('/__dev/clock', { set: `${local.replace(' ', 'T')}:00+08:00` });
  const sweeps = sweepsOf(answer);
  expect(sweeps.every((s) => s.ok && s.result?.ok)).toBe(true);
  return sweeps[0]?.result?.data ?? null;
};
const inbox = async (openid: string) => ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items;
const outbox = async (openid: string) =>
  (await cloud.get<{ messages: Array<{ templateId: string; data: Record<string, { value: string }> }> }>(`/__wx/outbox?touser=${openid}`)).messages;
const get = async (caseId: string, who: string) => ok(await cloud.call<CaseView>('cases', 'get', { caseId }, who));

describe('督办 through the timer', () => {
  let caseId = '';
  let code = '';

  it('a held case turns yellow after 75 % of its duty time (the night does not count); the holder is reminded once', async () => {
    const v = ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li));
    caseId = v.id;
    code = v.code;
    const held = ok(await cloud.call<CaseView>('cases', 'claim', { caseId }, DEMO.wang));
    // 王思瑛 tops up her duty alerts after taking it: one credit on WeChat's side and in our ledger.
    await cloud.post('/__wx/requestSubscribeMessage', { result: { [ALERT]: 'accept' } }, DEMO.wang);
    ok(await cloud.call('session', 'subscribe', { subscriptions: { [ALERT]: 'accept' } }, DEMO.wang));
    // 240 duty minutes from 16:00: 90 today, 150 tomorrow → 11:00; 75 % (180 duty minutes) → tomorrow 10:00.
    // (The local clock runs on in real time between moves: a second or so.)
    expect(Date.parse(held.expectation!.by) - Date.parse('2026-11-27T11:00:00+08:00')).toBeLessThan(5_000);
    expect(held).toMatchObject({ dueSoon: false, overdue: false });

    // Overnight and the first hour and a half of duty: 75 % of the wall time (06:15) is long past, not of the duty time.
    expect(await moveTo('2026-11-27 09:58')).toMatchObject({ reminded: 0 });
    expect(await get(caseId, DEMO.wang)).toMatchObject({ dueSoon: false, overdue: false });

    expect(await moveTo('2026-11-27 10:03')).toMatchObject({ reminded: 1 });
    const marked = await get(caseId, DEMO.wang);
    expect(marked).toMatchObject({ dueSoon: true, overdue: false });
    expect(await get(caseId, DEMO.li)).toMatchObject({ dueSoon: false, overdue: false }); // the resident: nothing alarming

    // Two more sweeps: still one reminder.
    expect(await moveTo('2026-11-27 10:08')).toMatchObject({ reminded: 0 });
    expect(await moveTo('2026-11-27 10:13')).toMatchObject({ reminded: 0 });
    const told = (await inbox(DEMO.wang)).filter((m) => m.title.startsWith('快到时间了'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ caseId, text: '湖滨花园的「水电维修」快到时间了，应在 11月27日 11:00 前办结，请尽快处理' });
    const sent = (await outbox(DEMO.wang)).filter((m) => m.templateId === ALERT && m.data.phrase3?.value === '快到时间');
    expect(sent).toHaveLength(1);
    expect(await cloud.get(`/__wx/credits?openid=${DEMO.wang}&tmplId=${ALERT}`)).toEqual({ credits: 0 });
  });

  it('at the deadline it goes to the office, whose own deadline warns again; red stays red, and the office gets one digest a day', async () => {
    // The sweep at 11:01 sends it up (office deadline: 30 duty minutes → 11:31, yellow 11:23:30).
    expect(await moveTo('2026-11-27 11:01')).toMatchObject({ resolveEscalated: 1, reminded: 0 });
    expect(await moveTo('2026-11-27 11:22')).toMatchObject({ reminded: 0 });
    expect(await moveTo('2026-11-27 11:25')).toMatchObject({ reminded: 1 });
    expect((await inbox(DEMO.office)).filter((m) => m.caseId === caseId && m.title.startsWith('快到时间了'))).toHaveLength(1);
    expect(await get(caseId, DEMO.office)).toMatchObject({ dueSoon: true, overdue: false });

    // Past the office's deadline: red, in words, and a digest for each office worker.
    const red = await moveTo('2026-11-27 11:35');
    expect(red).toMatchObject({ reminded: 0, redDigests: 2 });
    expect(await get(caseId, DEMO.office)).toMatchObject({ dueSoon: false, overdue: true });
    const digest = async (openid: string) => (await inbox(openid)).filter((m) => m.title.startsWith('已超时还没办完'));
    expect(await digest(DEMO.office)).toHaveLength(1);
    expect((await digest(CHEN))[0].text).toContain(`${code} 水电维修`);
    // Later the same day: nothing more.
    expect(await moveTo('2026-11-27 15:00')).toMatchObject({ redDigests: 0 });
    expect(await digest(DEMO.office)).toHaveLength(1);
    // The next morning, from the start of duty hours: one more each.
    expect(await moveTo('2026-11-28 08:00')).toMatchObject({ redDigests: 0 });
    expect(await moveTo('2026-11-28 08:35')).toMatchObject({ redDigests: 2 });
    expect(await moveTo('2026-11-28 08:40')).toMatchObject({ redDigests: 0 });
    expect(await digest(DEMO.office)).toHaveLength(2);
    expect(await digest(CHEN)).toHaveLength(2);
  });
});
