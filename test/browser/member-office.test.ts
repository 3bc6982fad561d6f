/**
 * Duty members and the community office in the H5 build: the duty workspace, claim, progress note, hand-over,
 * release, escalation, intake on behalf, and the office console (queues, assign, resolve, reject) and dashboard.
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO } from '../support/local-cloud';

const T27 = '2026-11-27T10:00:00+08:00'; // group 3 on duty; 朱永康 on leave
const SUN = 'demo-member-11';
const CHEN = 'demo-office-chen'; // 陈晓燕, office
const run = browserAvailable() ? describe : describe.skip;

run('members and the office, in the browser', () => {
  const app = cloudPage({ now: T27, timers: false });
  const { visible, actAs } = app;

  const tap = (testId: string) => visible(testId).click();
  /** The confirm button of the open dialog (Taro's H5 modal), found by its text. */
  const confirm = (text: string) =>
    app.page
      .locator('.taro__modal :text-is("' + text + '"), .taro-modal__foot :text-is("' + text + '")')
      .last()
      .click();
  const openCase = async (id: string) => {
    await app.page.goto(`${app.cloud.url}#/pages/case/index?id=${id}`);
    await visible('case-status').waitFor();
  };
  const report = async (categoryId = 'repair', openid = DEMO.li, description = '楼道灯坏了好几天了') => {
    const r = await app.cloud.call<CaseView>(
      'cases',
      'submit',
      { categoryId, description, place: { compoundId: 'hubin', building: '5幢', unit: '101' } },
      openid,
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data.id;
  };

  it('a duty member claims from the pool, notes progress, hands over; the colleague releases it; it is claimed again and escalated', async () => {
    const id = await report();
    await actAs(DEMO.gu);
    await tap('duty-button');
    await visible(`pool-item-${id}`).waitFor();
    expect(await visible('duty-today').innerText()).toContain('第三组');
    await tap(`pool-claim-${id}`);
    await visible('case-status').filter({ hasText: '处理中' }).waitFor();
    expect(await visible('call-resident').isVisible()).toBe(true);

    await tap('note-button');
    await visible('note-text').fill('已联系电工，下午来');
    await tap('note-confirm');
    await app.page.locator('[data-testid="case-timeline"]:visible').filter({ hasText: '下午来' }).waitFor();
    // Saved, and said so where she is looking: the confirmation is on screen, not off at the top.
    await visible('action-done').filter({ hasText: '进展已经记下' }).waitFor();
    await app.page.waitForFunction(() => {
      const el = Array.from(document.querySelectorAll('[data-testid="action-done"]')).find((e) => (e as HTMLElement).checkVisibility());
      const r = el?.getBoundingClientRect();
      return !!r && r.top >= 0 && r.bottom <= window.innerHeight;
    });

    await tap('handover-button');
    await tap(`handover-to-${SUN}`);
    await visible('handover-note').fill('孙阿姨住在湖滨花园');
    await tap('handover-confirm');
    await confirm('确定转交');
    await app.page.locator('[data-testid="case-timeline"]:visible').filter({ hasText: '转交给孙桂芳' }).waitFor();

    await actAs(SUN);
    await openCase(id);
    await tap('release-button');
    await visible('release-reason').fill('今天要去医院');
    await tap('release-confirm');
    await confirm('确定放回');
    await visible('case-status').filter({ hasText: '等待认领' }).waitFor();

    await actAs(DEMO.gu);
    await openCase(id);
    await tap('claim-button');
    await visible('case-status').filter({ hasText: '处理中' }).waitFor();
    await tap('escalate-button');
    await visible('escalate-reason').fill('电线老化，需要社区找电工');
    await tap('escalate-confirm');
    await confirm('确定上报');
    await visible('case-status').filter({ hasText: '已上报社区' }).waitFor();
    const steps = await app.page.locator('[data-testid="case-timeline"]:visible').innerText();
    for (const word of ['认领了这件事', '已联系电工', '转交给孙桂芳', '放回待认领', '上报社区']) expect(steps).toContain(word);

    // 「我经手的」 on the duty page: the case she passed on, where it is now, her last step on it; a tap opens it.
    await app.page.goto(`${app.cloud.url}#/pages-member/duty/index`);
    await tap('handled-open');
    const row = visible(`handled-item-${id}`);
    await row.waitFor();
    const words = await row.innerText();
    for (const word of ['已上报社区', '现在由：社区办公室', '电线老化']) expect(words).toContain(word);
    await row.click();
    await visible('case-status').filter({ hasText: '已上报社区' }).waitFor();

    // The office picks it up from the escalated queue, takes it and resolves it.
    await actAs(DEMO.office);
    await tap('office-button');
    await tap('queue-escalated');
    await visible(`office-item-${id}`).click();
    await visible('case-status').waitFor();
    await tap('assign-button');
    await tap(`assign-to-${DEMO.office}`);
    await tap('assign-confirm');
    await visible('case-status').filter({ hasText: '处理中' }).waitFor();
    await tap('resolve-open');
    await visible('resolution-note').fill('社区请了电工换了线路');
    await tap('resolve-button');
    await confirm('办好了');
    await visible('case-status').filter({ hasText: '已办结' }).waitFor();
  }, 120_000);

  it('off duty, the pool of the group on duty is shown read-only; a private case says nothing false about the phone', async () => {
    const id = await report();
    const secret = await report('dispute', DEMO.li, '楼上邻居家漏水到我家卫生间');
    await actAs(DEMO.wang); // group 2: group 3 is on duty
    await tap('duty-button');
    await visible(`pool-item-${id}`).waitFor();
    expect(await visible('pool-heading').innerText()).toContain('第三组的待认领');
    expect(await visible('pool-read-only').innerText()).toContain('不能认领');
    expect(await app.page.getByTestId(`pool-claim-${id}`).count()).toBe(0);
    const refusal = await visible('cannot-claim').innerText();
    expect(refusal).toContain('现在不是您组的值班时间');
    expect(refusal).not.toContain('现在不能认领：');

    await actAs(DEMO.gu); // on duty: may claim the private case, not yet see the phone
    await openCase(secret);
    const phone = await visible('resident-phone').innerText();
    expect(phone).toContain('认领后可以看到');
    expect(phone).not.toContain('没有留电话');
  }, 60_000);

  it('the office resolves an escalated case straight from the queue', async () => {
    const id = await report();
    const claimed = await app.cloud.call('cases', 'claim', { caseId: id }, DEMO.gu);
    expect(claimed.ok).toBe(true);
    expect((await app.cloud.call('cases', 'escalate', { caseId: id, reason: '需要社区找电工' }, DEMO.gu)).ok).toBe(true);
    await actAs(DEMO.office);
    await tap('office-button');
    await tap('queue-escalated');
    await visible(`office-item-${id}`).click();
    await visible('case-status').filter({ hasText: '已上报社区' }).waitFor();
    await tap('resolve-open');
    await visible('resolution-note').fill('社区请电工换好了线路');
    await tap('resolve-button');
    await confirm('办好了');
    await visible('case-status').filter({ hasText: '已办结' }).waitFor();
    expect(await visible('case-resolution').innerText()).toContain('吴霞');
  }, 60_000);

  it('the office assigns to a named colleague, who has a message and finds it in 「交给我的」; the resident is told who has it', async () => {
    const id = await report('certificate', DEMO.li, '想开一张居住证明');
    await actAs(DEMO.office);
    await openCase(id);
    await tap('assign-button');
    expect(await visible(`assign-to-${DEMO.office}`).innerText()).toContain('吴霞（我）');
    await tap(`assign-to-${CHEN}`);
    await tap('assign-confirm');
    await visible('case-status').filter({ hasText: '处理中' }).waitFor();

    await actAs(CHEN);
    await tap('office-button');
    await visible(`mine-item-${id}`).waitFor();
    expect(await visible('office-mine').innerText()).toContain('交给我的（1）');
    await app.page.goto(`${app.cloud.url}#/pages/messages/index`);
    await app.page.locator('[data-testid^="message-"]:visible').filter({ hasText: '转交给您' }).first().waitFor();
    await app.page.goto(`${app.cloud.url}#/pages-office/queues/index`);
    await visible(`mine-item-${id}`).click();
    await visible('case-status').filter({ hasText: '处理中' }).waitFor();

    // 李大伯, who asked for it: a message in plain words, and his case says 「社区正在办」.
    await actAs(DEMO.li);
    await app.page.goto(`${app.cloud.url}#/pages/messages/index`);
    await app.page.locator('[data-testid^="message-"]:visible').filter({ hasText: '社区的陈晓燕在办' }).first().click();
    await visible('case-status').filter({ hasText: '社区正在办' }).waitFor();
  }, 60_000);

  it('a member on leave sees why they cannot claim', async () => {
    await actAs(DEMO.zhu);
    await tap('duty-button');
    expect(await visible('cannot-claim').innerText()).toContain('请假');
  }, 60_000);

  it('a member files a case for a resident without a smartphone', async () => {
    await actAs(DEMO.gu);
    await tap('duty-button');
    await tap('intake-button');
    await visible('intake-name').fill('张大爷');
    await visible('intake-phone').fill('13800001111');
    await tap('intake-category-elderly');
    await visible('intake-description').fill('独居老人，想请人每周来看看');
    await tap('intake-compound-nanhetou');
    await tap('intake-submit');
    await visible('filed-for').waitFor();
    expect(await visible('filed-for').innerText()).toContain('张大爷');
  }, 60_000);

  it('the office rejects spam with a reason the resident then sees, and reads the dashboard', async () => {
    const id = await report('unsure', DEMO.zhang, '广告广告广告广告广告');
    await actAs(DEMO.office);
    await openCase(id);
    await tap('reject-button');
    await visible('reject-reason').fill('内容是广告，与社区事务无关');
    await tap('reject-confirm');
    await confirm('不予受理');
    await visible('case-status').filter({ hasText: '不予受理' }).waitFor();
    await actAs(DEMO.zhang);
    await openCase(id);
    expect(await visible('case-rejection').innerText()).toContain('内容是广告');

    await actAs(DEMO.office);
    await tap('dashboard-button');
    await visible('studio-share').waitFor();
    expect(await visible('dashboard-total').innerText()).toMatch(/\d/);
    await tap('days-7');
    await visible('time-to-claim').waitFor();
  }, 60_000);
});
