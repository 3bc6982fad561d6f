/**
 * Issue 12 through the local cloud: the resident hears every step of their case in the message centre exactly once
 * (受理, 认领, 进展, 转交, 上报, 办结) — through WeChat only for 认领, 上报 and 办结 — and 催一催 outside duty hours says
 * when it will be seen and alerts the next shift's group.
 */
import type { CaseView, MessageView } from '../../types/domain';
import { DEMO, cloudForFile, ok } from '../support/local-cloud';

const T26 = '2026-11-26T10:00:00+08:00';
const PROGRESS = 'LOCAL_TMPL_CASE_PROGRESS';
const RESOLVED = 'LOCAL_TMPL_CASE_RESOLVED';
const cloud = cloudForFile({ now: T26, timers: false });
const pipe = { categoryId: 'repair', description: '水管接头漏水，地上全是水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const messagesOf = async (openid: string) => ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items;
const outboxTo = async (openid: string) => (await cloud.get<{ messages: Array<{ templateId: string }> }>(`/__wx/outbox?touser=${openid}`)).messages;

describe('the resident hears every step', () => {
  it('受理, 认领, 进展, 转交, 上报, 指派, 办结: each once in the message centre, in plain words; WeChat for 认领, 上报, 办结', async () => {
    const me = 'o-steps-resident';
    // Two progress credits and one for the result, on WeChat's side and in our ledger.
    for (const t of [[PROGRESS, RESOLVED], [PROGRESS]]) {
      await cloud.post('/__wx/requestSubscribeMessage', { result: Object.fromEntries(t.map((x) => [x, 'accept'])) }, me);
    }
    ok(await cloud.call('session', 'subscribe', { subscriptions: { [PROGRESS]: 'accept' } }, me));
    const v = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, subscriptions: { [PROGRESS]: 'accept', [RESOLVED]: 'accept' } }, me));
    const caseId = v.id;
    ok(await cloud.call('cases', 'claim', { caseId }, DEMO.wang));
    ok(await cloud.call('cases', 'note', { caseId, text: '已联系物业，下午来修' }, DEMO.wang));
    ok(await cloud.call('cases', 'handOver', { caseId, toMemberId: DEMO.lu, note: '我下午要去医院' }, DEMO.wang));
    ok(await cloud.call('cases', 'escalate', { caseId, reason: '要换总管，需要物业出面' }, DEMO.lu));
    ok(await cloud.call('office', 'assign', { caseId, assigneeId: DEMO.office }, DEMO.office));
    ok(await cloud.call('cases', 'resolve', { caseId, note: '物业换了总管，不漏了' }, DEMO.office));
    // A retried read and the timer's sweep add nothing (each notice is an effect with a fixed id).
    ok(await cloud.call('cases', 'get', { caseId }, me));
    await cloud.raw('sweeper', { Type: 'Timer', TriggerName: 'sla-sweep' }, '');

    const centre = (await messagesOf(me)).filter((m) => m.caseId === caseId).reverse();
    expect(centre.map((m) => [m.title, m.delivery])).toEqual([
      ['您反映的事已收到', 'in-app'], // 受理
      ['书记正在办您反映的事', 'sent'], // 认领
      ['您反映的事有新进展', 'in-app'], // 进展
      ['您反映的事换人处理了', 'in-app'], // 转交
      ['您反映的事已交给社区办公室', 'sent'], // 上报
      ['社区正在办您反映的事', 'no-credit'], // 指派 (both progress credits were spent)
      ['您反映的事已经办好了', 'sent'], // 办结
    ]);
    for (const m of centre) expect(`${m.title}${m.text}`).not.toMatch(/认领|上报|超时|SLA/);
    expect(centre[0].text).toContain(`事项编号${v.code}`);
    expect(centre[0].text).toContain('第二组值班成员');
    expect(centre[2].text).toContain('已联系物业，下午来修');
    expect(centre[3].text).toContain('转交给陆建国');
    expect(centre[3].text).not.toContain('医院');
    const sent = (await outboxTo(me)).map((m) => m.templateId);
    expect(sent.filter((t) => t === PROGRESS)).toHaveLength(2);
    expect(sent.filter((t) => t === RESOLVED)).toHaveLength(1);
  });
});

describe('催一催 outside duty hours', () => {
  it('says when it will be seen (on the case before tapping, and in the answer) and alerts the next shift’s group', async () => {
    await cloud.post('/__dev/clock', { advanceMinutes: 9 * 60 }); // 19:00 on Thursday: nobody on duty; group 3 starts Friday 08:30
    const me = 'o-urge-evening';
    const v = ok(await cloud.call<CaseView>('cases', 'submit', pipe, me));
    const note = '现在是下班时间，明天 08:30 值班的人会先看到';
    expect(v.urgeNote).toBe(note);
    expect(v.can.urge).toBe(true);
    const urged = ok(await cloud.call<CaseView>('cases', 'urge', { caseId: v.id }, me));
    expect(urged.urgeNote).toBe(note);
    const urgedTo = async (openid: string) => (await messagesOf(openid)).some((m) => m.caseId === v.id && m.title.startsWith('催办'));
    expect(await urgedTo(DEMO.gu)).toBe(true); // 顾秀兰, group 3: next on duty
    expect(await urgedTo(DEMO.wang)).toBe(false); // group 2 has gone home
  });
});
