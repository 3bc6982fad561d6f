/**
 * 督办 as people see it in the H5 build: after the local clock passes 75 % of a case's time, the duty board's pool and
 * the case page mark it 「快到时间了」 in words (the resident sees nothing alarming); past the deadline the office's
 * queue and the case page mark it 「已超时」.
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const pipe = { categoryId: 'repair', description: '楼道下水管堵了，污水漫出来', place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' } };

run('督办 marks in the browser', () => {
  const app = cloudPage({ now: DUTY_HOUR });
  const { actAs } = app;
  const setClock = (local: string) => app.cloud.post('/__dev/clock', { set: `2026-11-26T${local}:00+08:00` });
  const openCase = async (id: string) => {
    await app.page.goto(`${app.cloud.url}#/pages/case/index?id=${id}`);
    await app.page.getByTestId('case-status').waitFor();
  };

  it('yellow on the pool and the case page after 75 % of the time, red in the office queue after the deadline', async () => {
    const { page } = app;
    // 10:00: 李大伯 reports; 30 duty minutes to claim (due 10:30, yellow from 10:22:30).
    const answer = (await app.cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li)) as { ok: true; data: CaseView };
    const id = answer.data.id;

    await actAs(DEMO.wang);
    await page.goto(`${app.cloud.url}#/pages-member/duty/index`);
    await page.getByTestId(`pool-item-${id}`).waitFor();
    expect(await page.getByTestId(`pool-item-${id}`).locator('[data-mark=due-soon]').count()).toBe(0);

    await setClock('10:25');
    await page.goto(`${app.cloud.url}#/pages/index/index`);
    await page.goto(`${app.cloud.url}#/pages-member/duty/index`);
    await page.getByTestId(`pool-item-${id}`).locator('[data-mark=due-soon]').waitFor();
    expect(await page.getByTestId(`pool-item-${id}`).innerText()).toContain('快到时间了');
    await openCase(id);
    await page.locator('[data-mark=due-soon]:visible').waitFor();
    expect(await page.locator('[data-mark=due-soon]:visible').innerText()).toBe('快到时间了');

    // The resident: nothing alarming before the deadline.
    await actAs(DEMO.li);
    await openCase(id);
    expect(await page.locator('[data-mark=due-soon]').count()).toBe(0);
    expect(await page.locator('[data-mark=overdue]').count()).toBe(0);

    // 10:35: nobody claimed it, the sweep sent it to the office (30 duty minutes: due 11:05). 11:10: red.
    await setClock('10:35');
    await setClock('11:10');
    await actAs(DEMO.office);
    await page.goto(`${app.cloud.url}#/pages-office/queues/index`);
    await page.getByTestId('queue-overdue').click();
    const row = page.getByTestId(`office-item-${id}`);
    await row.locator('[data-mark=overdue]').waitFor();
    expect(await row.locator('[data-mark=overdue]').innerText()).toBe('已超时');
    expect(await row.locator('[data-mark=due-soon]').count()).toBe(0);
    await openCase(id);
    expect(await page.locator('[data-mark=overdue]:visible').innerText()).toBe('已超时');
  }, 120_000);
});
