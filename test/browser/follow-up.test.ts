/**
 * 回访 by phone in the H5 build: a resolved case nobody answered becomes a call-back task on the duty board; a member
 * on duty opens it, takes it (only then sees the phone), calls, and records 解决了/不满意 with the resident's words;
 * the office finds it in its 督办 list with those words.
 */
import type { CaseView, DashboardView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;

run('回访 by phone, in the browser', () => {
  const app = cloudPage({ now: DUTY_HOUR, timers: false });
  const { visible, actAs } = app;
  const tap = (testId: string) => visible(testId).click();
  const sweep = () => app.cloud.raw('sweeper', { Type: 'Timer', TriggerName: 'sla-sweep' }, '');
  const call = async <T = CaseView>(fn: string, action: string, payload: unknown, openid: string): Promise<T> => {
    const r = await app.cloud.call<T>(fn, action, payload, openid);
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data;
  };

  it('the duty member takes the call-back task, sees the phone, and records the answers; the office sees the 督办', async () => {
    // 张阿姨 reports; 王思瑛 (group 2) resolves it on the 26th; nobody answers the 回访.
    const place = { compoundId: 'hongqiao', building: '2幢', unit: '302' };
    const v = await call('cases', 'submit', { categoryId: 'repair', description: '楼道灯不亮了', place, contactPhone: '13812345678' }, DEMO.zhang);
    await call('cases', 'claim', { caseId: v.id }, DEMO.wang);
    await call('cases', 'resolve', { caseId: v.id, note: '换了灯泡' }, DEMO.wang);
    await app.cloud.post('/__dev/clock', { set: '2026-11-27T10:06:00+08:00' });
    await sweep(); // asked
    await app.cloud.post('/__dev/clock', { set: '2026-11-30T10:06:00+08:00' }); // group 2 on duty again
    await sweep(); // a call-back task

    await actAs(DEMO.lu);
    await tap('duty-button');
    await visible('call-backs-heading').waitFor();
    expect(await visible('call-backs-heading').innerText()).toContain('要打电话回访（1）');
    await tap(`call-back-item-${v.id}`);
    await visible('take-call-back').waitFor();
    expect(await app.page.locator('[data-testid=call-resident]:visible').count()).toBe(0);
    expect(await visible('resident-phone').innerText()).toContain('138****5678');

    await tap('take-call-back');
    await visible('call-resident').waitFor();
    expect(await visible('call-resident').innerText()).toContain('13812345678');
    await visible('call-back-form').waitFor();
    await tap('follow-solved-yes');
    await tap('follow-unsatisfied');
    await visible('follow-comment').fill('等了两天才来');
    await tap('call-back-confirm');
    await visible('follow-up-answer').waitFor();
    const answer = await visible('follow-up-answer').innerText();
    for (const w of ['问题解决了，不满意', '等了两天才来', '陆建国打电话问的']) expect(answer).toContain(w);
    expect(await app.page.locator('[data-testid=call-resident]:visible').count()).toBe(0); // the task is over

    // The office: 督办, with the resident's words.
    await actAs(DEMO.office);
    await app.page.goto(`${app.cloud.url}#/pages-office/queues/index`);
    await tap('queue-supervise');
    await visible(`office-item-${v.id}`).waitFor();
    expect(await visible('supervision-comment').innerText()).toContain('回访不满意：等了两天才来');
    await tap(`office-item-${v.id}`);
    expect(await visible('case-supervision').innerText()).toContain('等了两天才来');
    // The office deals with it and ends the 督办, saying what it did: the case leaves the queue, its history keeps it.
    await tap('close-supervision');
    expect(await visible('action-error').innerText()).toContain('请写一句怎么处理的');
    await visible('close-supervision-note').fill('已上门道歉，以后当天就去');
    await tap('close-supervision');
    await visible('case-timeline').filter({ hasText: '督办结束：已上门道歉，以后当天就去' }).waitFor();
    expect(await app.page.locator('[data-testid=case-supervision]:visible, [data-testid=close-supervision]:visible').count()).toBe(0);
    const queue = await call<{ cases: Array<{ id: string }> }>('office', 'queues', { queue: 'supervise' }, DEMO.office);
    expect(queue.cases.map((c) => c.id)).not.toContain(v.id);

    // 三率 on the dashboard: claimed at once (in its claim time, which has ended), 解决了, 不满意.
    await app.page.goto(`${app.cloud.url}#/pages-office/dashboard/index`);
    await app.page.reload();
    await visible('rates-total').waitFor();
    expect(await visible('rate-response').innerText()).toContain('响应率：100.0%');
    expect(await visible('rate-solved').innerText()).toContain('解决率：100.0%');
    expect(await visible('rate-satisfied').innerText()).toContain('满意率：0.0%');
    expect(await visible('rate-satisfied').innerText()).toContain('0 ÷ 1');
    // Week by week: the week of 11-23 holds the response, the week of 11-30 the answer.
    expect(await visible('rates-row-2026-11-23').innerText()).toContain('响应率 100.0%（1/1）');
    expect(await visible('rates-row-2026-11-30').innerText()).toContain('满意率 0.0%（0/1）');
    await tap('rates-part-byGroup');
    expect(await visible('rates-row-g2').innerText()).toContain('解决率 100.0%（1/1）');
    // Any window (its date fields are the picker the 转办 test drives): 11-23 to 11-29 holds the response, not the answer.
    const week = await call<DashboardView>('office', 'dashboard', { from: '2026-11-23', to: '2026-11-29' }, DEMO.office);
    expect([week.rates.total.response, week.rates.total.solved]).toEqual([
      { n: 1, of: 1, rate: 1 },
      { n: 0, of: 0, rate: null },
    ]);
  }, 90_000);
});
