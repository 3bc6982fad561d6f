/**
 * Issue 13, part 1 through the local cloud: 回访 after 办结. The `sweeper` runs by its timer trigger as the local
 * clock moves: a day after 办结 the resident is asked (message centre, and WeChat with the 回访 credit asked for at the
 * submit tap); three days later, unanswered, it is a call-back task on the duty board of the group on duty. Answers
 * and call-backs go through the `cases` function; 不满意 lands in the office's 督办 list.
 */
import type { CaseSummary, CaseView, MessageView, OfficeQueuesView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';

const FOLLOW = 'LOCAL_TMPL_FOLLOW_UP';
const cloud = cloudForFile({ now: DUTY_HOUR });
const pipe = { categoryId: 'repair', description: '楼道里的水管一直在漏水', place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' } };
const at = (iso: string) =>
  cloud.post<{ triggered: Array<{ functionName: string; result?: { ok: boolean; data?: Record<string, number> } }> }>('/__dev/clock', { set: iso });
const messagesOf = async (openid: string) => ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items;
const outboxTo = async (openid: string) => (await cloud.get<{ messages: Array<{ templateId: string }> }>(`/__wx/outbox?touser=${openid}`)).messages;
const get = async (caseId: string, openid: string) => ok(await cloud.call<CaseView>('cases', 'get', { caseId }, openid));
const board = async (openid: string) => ok(await cloud.call<{ callBacks: CaseSummary[] }>('cases', 'dutyBoard', {}, openid));

/** A case 李大伯 reported on a 第二组 day (with the 回访 credit accepted at the submit tap), resolved by 王思瑛. */
async function resolvedCase(day: string, reporter: string = DEMO.li): Promise<string> {
  await at(day);
  await cloud.post('/__wx/requestSubscribeMessage', { result: { [FOLLOW]: 'accept' } }, reporter);
  const v = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, subscriptions: { [FOLLOW]: 'accept' } }, reporter));
  ok(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.wang));
  const done = ok(await cloud.call<CaseView>('cases', 'resolve', { caseId: v.id, note: '换了水管接头' }, DEMO.wang));
  expect(done.followUp).toEqual({ stage: 'waiting', answer: null, caller: null });
  return v.id;
}

describe('unanswered: the group on duty calls', () => {
  it('3 days after the ask the task is on the duty board; a member takes it (sees the phone), records the answers; who called is recorded', async () => {
    const caseId = await resolvedCase('2026-11-26T10:00:00+08:00', DEMO.zhang);
    await at('2026-11-27T10:06:00+08:00'); // asked
    // 3 days on, 2026-11-30 is 第二组's day again: the task appears on the duty board, its members are alerted.
    await at('2026-11-30T10:06:00+08:00');
    expect((await board(DEMO.gu)).callBacks.map((c) => c.id)).toContain(caseId); // any member may look
    expect((await messagesOf(DEMO.lu)).filter((m) => m.caseId === caseId && m.title.startsWith('回访'))).toHaveLength(1);
    expect(codeOf(await cloud.call('cases', 'takeCallBack', { caseId }, DEMO.gu))).toBe('FORBIDDEN'); // 第三组 is off duty
    const looking = await get(caseId, DEMO.lu);
    expect(looking).toMatchObject({ canCall: false, can: { takeCallBack: true, recordCallBack: false } });
    expect(looking.contactPhone).toContain('****');

    const taken = ok(await cloud.call<CaseView>('cases', 'takeCallBack', { caseId }, DEMO.lu));
    expect(taken).toMatchObject({ canCall: true, can: { recordCallBack: true }, followUp: { caller: { id: DEMO.lu } } });
    expect(taken.contactPhone).not.toContain('****');
    expect(codeOf(await cloud.call('cases', 'recordCallBack', { caseId, solved: true, satisfaction: 'satisfied' }, DEMO.office))).toBe('FORBIDDEN');

    const done = ok(await cloud.call<CaseView>('cases', 'recordCallBack', { caseId, solved: true, satisfaction: 'basic', comment: '还可以' }, DEMO.lu));
    expect(done.followUp).toMatchObject({ stage: 'done', answer: { solved: true, satisfaction: 'basic', calledBy: { id: DEMO.lu, name: '陆建国' } } });
    expect(done.timeline.at(-1)!.text).toBe('陆建国打电话回访，居民说：问题解决了，基本满意；想说的话：还可以');
    expect((await board(DEMO.lu)).callBacks.map((c) => c.id)).not.toContain(caseId);
    expect((await get(caseId, DEMO.zhang)).followUp?.answer?.calledBy?.name).toBe('陆建国');
  });
});

describe('the resident is asked a day after 办结', () => {
  it('resolve → clock +1 day → sweeper → the 回访 message (WeChat with the credit); 解决了/满意 is recorded', async () => {
    const caseId = await resolvedCase('2026-11-30T10:10:00+08:00');
    const sweeps = (await at('2026-12-01T10:16:00+08:00')).triggered.filter((t) => t.functionName === 'sweeper');
    expect(sweeps.some((s) => s.result?.data?.followUpsAsked === 1)).toBe(true);
    const asked = (await messagesOf(DEMO.li)).filter((m) => m.caseId === caseId && m.title === '回访：问题解决了吗？');
    expect(asked).toHaveLength(1);
    expect(asked[0].delivery).toBe('sent');
    expect(asked[0].text).toContain('问题解决了吗？您满意吗？');
    expect((await outboxTo(DEMO.li)).filter((m) => m.templateId === FOLLOW)).toHaveLength(1);

    const mine = await get(caseId, DEMO.li);
    expect(mine).toMatchObject({ followUp: { stage: 'asked' }, can: { followUp: true, confirm: false, rate: false } });
    const done = ok(await cloud.call<CaseView>('cases', 'followUp', { caseId, solved: true, satisfaction: 'satisfied', comment: '修得很快' }, DEMO.li));
    expect(done.followUp).toMatchObject({ stage: 'done', answer: { solved: true, satisfaction: 'satisfied', comment: '修得很快', calledBy: null } });
    expect(done.status).toBe('resolved');
    expect(done.timeline.at(-1)).toMatchObject({ kind: 'followed-up', text: '居民回访：问题解决了，满意；想说的话：修得很快' });
    // Nothing more is due: days later no call-back task appears.
    await at('2026-12-05T10:20:00+08:00');
    expect((await board(DEMO.gu)).callBacks.map((c) => c.id)).not.toContain(caseId);
  });

  it('没解决 reopens it to the member who resolved it', async () => {
    const caseId = await resolvedCase('2026-12-08T10:00:00+08:00');
    const back = ok(await cloud.call<CaseView>('cases', 'followUp', { caseId, solved: false, satisfaction: 'basic', comment: '还在滴水' }, DEMO.li));
    expect(back).toMatchObject({ status: 'claimed', holder: { id: DEMO.wang }, reopenCount: 1 });
    expect((await messagesOf(DEMO.wang)).filter((m) => m.caseId === caseId && m.title.startsWith('重新反映'))).toHaveLength(1);
  });

  it('不满意 puts it in the office’s 督办 list with the comment', async () => {
    const caseId = await resolvedCase('2026-12-08T10:00:00+08:00');
    ok(await cloud.call('cases', 'followUp', { caseId, solved: true, satisfaction: 'unsatisfied', comment: '师傅态度不好' }, DEMO.li));
    const q = ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue: 'supervise' }, DEMO.office));
    expect(q.cases.map((c) => c.id)).toContain(caseId);
    expect(q.counts.supervise).toBeGreaterThanOrEqual(1);
    expect((await get(caseId, DEMO.office)).supervision).toMatchObject({ comment: '师傅态度不好', satisfaction: 'unsatisfied' });
    expect((await messagesOf(DEMO.office)).filter((m) => m.caseId === caseId && m.title.startsWith('督办'))).toHaveLength(1);

    // The office ends the 督办 with what it did; refused without words, to others, and a second time.
    const refused = async (payload: object, who: string, code: string) => {
      const r = await cloud.call('office', 'closeSupervision', payload, who);
      expect(r).toMatchObject({ ok: false, error: { code } });
    };
    await refused({ caseId, note: '  ' }, DEMO.office, 'INVALID_INPUT');
    await refused({ caseId, note: { $ne: '' } }, DEMO.office, 'INVALID_INPUT');
    await refused({ caseId, note: '我来结束' }, DEMO.wang, 'FORBIDDEN');
    expect((await get(caseId, DEMO.office)).supervision).not.toBeNull(); // nothing changed
    const closed = ok(await cloud.call<CaseView>('office', 'closeSupervision', { caseId, note: '已上门道歉，换了师傅' }, DEMO.office));
    expect(closed.supervision).toBeNull();
    expect(closed.can.closeSupervision).toBe(false);
    expect(closed.timeline.at(-1)).toMatchObject({ kind: 'noted', text: '督办结束：已上门道歉，换了师傅' });
    // The resident reads it in plain words (督办 is the office's word).
    expect((await get(caseId, DEMO.li)).timeline.at(-1)!.text).toBe('社区回复了您的意见：已上门道歉，换了师傅');
    const after = ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue: 'supervise' }, DEMO.office));
    expect(after.cases.map((c) => c.id)).not.toContain(caseId);
    await refused({ caseId, note: '再结束一次' }, DEMO.office, 'CASE_NOT_OPEN');
  });

  it('two answers at once: one wins, the other is told it was answered already', async () => {
    const caseId = await resolvedCase('2026-12-08T10:00:00+08:00');
    const [a, b] = await Promise.all([
      cloud.call<CaseView>('cases', 'followUp', { caseId, solved: true, satisfaction: 'satisfied' }, DEMO.li),
      cloud.call<CaseView>('cases', 'followUp', { caseId, solved: false, satisfaction: 'unsatisfied', comment: '没修好' }, DEMO.li),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(['FOLLOW_UP_CLOSED', 'CASE_CHANGED']).toContain(codeOf(loser));
    const after = await get(caseId, DEMO.li);
    expect(after.timeline.filter((t) => t.kind === 'followed-up')).toHaveLength(1);
  });

  it('bad input and other people’s cases: a structured error, nothing changed', async () => {
    const caseId = await resolvedCase('2026-12-08T10:00:00+08:00');
    const before = await get(caseId, DEMO.li);
    const bad: Array<[Record<string, unknown>, string, string]> = [
      [{ caseId, solved: 'yes', satisfaction: 'satisfied' }, DEMO.li, 'INVALID_INPUT'],
      [{ caseId, solved: true, satisfaction: { $ne: '' } }, DEMO.li, 'INVALID_INPUT'],
      [{ caseId, solved: true, satisfaction: 'satisfied', comment: { $gt: '' } }, DEMO.li, 'INVALID_INPUT'],
      [{ caseId, solved: true, satisfaction: 'satisfied', $where: '1' }, DEMO.li, 'INVALID_INPUT'],
      [{ caseId: { $ne: '' }, solved: true, satisfaction: 'satisfied' }, DEMO.li, 'INVALID_INPUT'],
      [{ caseId, solved: true, satisfaction: 'satisfied' }, DEMO.zhang, 'CASE_NOT_FOUND'],
      [{ caseId, solved: true, satisfaction: 'satisfied' }, '', 'NOT_SIGNED_IN'],
    ];
    for (const [payload, who, code] of bad) {
      const res = await cloud.call('cases', 'followUp', payload, who);
      expect({ payload, code: codeOf(res) }).toEqual({ payload, code });
      if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await get(caseId, DEMO.li)).toEqual(before);
  });
});
