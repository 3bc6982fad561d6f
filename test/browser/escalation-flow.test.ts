/**
 * Routing, the SLA clock and escalation as people see them in the H5 build: the reason and expected-by on the
 * case, the local clock's "advance 1 hour" firing the timer sweep, the office returning the case, the resident
 * reopening it — every step in the timeline.
 */
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;

run('escalation in the browser', () => {
  const app = cloudPage({ now: DUTY_HOUR });
  const { actAs } = app;

  const openCase = async (id: string) => {
    await app.page.goto(`${app.cloud.url}#/pages/case/index?id=${id}`);
    await app.page.getByTestId('case-status').waitFor();
  };
  const timeline = () => app.page.getByTestId('case-timeline').innerText();

  it('an unclaimed case escalates when the clock passes its SLA, the office returns it, the resident reopens it', async () => {
    const { page } = app;
    // 李大伯 reports a blocked drain: group 2 is on duty, 30 minutes to claim.
    await actAs(DEMO.li);
    await page.getByTestId('report-button').click();
    await page.getByTestId('category-repair').click();
    await page.getByTestId('description').fill('楼道下水管堵了，污水漫出来');
    await page.getByTestId('submit').click();
    await page.getByText('允许', { exact: true }).click();
    await page.getByTestId('case-status').filter({ hasText: '等待认领' }).waitFor();
    expect(await page.getByTestId('case-reason').innerText()).toContain('由第二组值班成员处理：陆建国等');
    expect(await page.getByTestId('case-expectation').innerText()).toMatch(/预计11月26日 10:3\d前有人认领/);
    const caseId = new URL(page.url()).hash.match(/id=([^&]+)/)![1];

    // Nobody claims it; an hour passes on the local clock and the timer's sweep escalates it.
    await page.locator('[data-testid=dev-advance-hour]:visible').click();
    await page.getByTestId('case-status').filter({ hasText: '已上报社区' }).waitFor();
    expect(await timeline()).toContain('超时无人认领，自动上报社区');
    expect(await timeline()).toContain('超时自动上报');

    // The office sends it back to the studio with a note.
    await actAs(DEMO.office);
    await openCase(caseId);
    await page.getByTestId('return-button').click();
    await page.getByTestId('return-note').fill('物业已联系好，请工作室上门看看');
    await page.getByTestId('return-confirm').click();
    await page.getByTestId('case-status').filter({ hasText: '等待认领' }).waitFor();
    expect(await timeline()).toContain('退回工作室：物业已联系好，请工作室上门看看');

    // 陆建国 claims and resolves it.
    await actAs(DEMO.lu);
    await openCase(caseId);
    await page.getByTestId('claim-button').click();
    await page.getByTestId('case-status').filter({ hasText: '处理中' }).waitFor();
    expect(await page.getByTestId('case-expectation').innerText()).toContain('前办好');
    await page.getByTestId('resolution-note').fill('疏通了下水管');
    await page.getByTestId('resolve-button').click();
    await page.getByText('办好了', { exact: true }).click();
    await page.getByTestId('case-status').filter({ hasText: '已办结' }).waitFor();

    // 李大伯 says it is not solved: back to 陆建国.
    await actAs(DEMO.li);
    await openCase(caseId);
    await page.getByTestId('reopen-button').click();
    await page.getByTestId('reopen-reason').fill('又堵了');
    await page.getByTestId('reopen-confirm').click();
    await page.getByText('允许', { exact: true }).click(); // the subscribe prompt at the reopen tap
    await page.getByTestId('case-status').filter({ hasText: '处理中' }).waitFor();
    const steps = await timeline();
    for (const word of ['居民反映了问题', '自动上报社区', '退回工作室', '陆建国认领了这件事', '陆建国办结', '居民重新反映：又堵了'])
      expect(steps).toContain(word);
  }, 120_000);

  it('a duty member escalates with a reason, confirmed in a dialog', async () => {
    const { page } = app;
    await app.cloud.post('/__dev/clock', { set: DUTY_HOUR });
    await actAs(DEMO.zhang);
    await page.getByTestId('report-button').click();
    await page.getByTestId('category-dispute').click();
    await page.getByTestId('description').fill('楼上装修天天吵到晚上十点');
    await page.getByTestId('submit').click();
    await page.getByText('允许', { exact: true }).click();
    await page.getByTestId('case-status').waitFor();
    const caseId = new URL(page.url()).hash.match(/id=([^&]+)/)![1];
    expect(await page.getByTestId('case-status').innerText()).toContain('等待认领');
    await actAs(DEMO.wang);
    await openCase(caseId);
    await page.getByTestId('escalate-button').click();
    await page.getByTestId('escalate-confirm').click();
    await page.getByTestId('action-error').waitFor(); // no reason yet: told in words
    await page.getByTestId('escalate-reason').fill('涉及装修许可，需要社区出面');
    await page.getByTestId('escalate-confirm').click();
    await page.getByText('确定上报', { exact: true }).click();
    await page.getByTestId('case-status').filter({ hasText: '已上报社区' }).waitFor();
    expect(await page.getByTestId('case-reason').innerText()).toContain('涉及装修许可，需要社区出面');
  }, 60_000);
});
