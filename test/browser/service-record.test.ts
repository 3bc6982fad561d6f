/**
 * 志愿服务记录 in the H5 build: 王思瑛 (第二组) claims and resolves a case on 26 November; the office opens her record
 * from the dashboard's member table and sees 认领 1, 办结 1, her shifts and the acts; she opens her own from the duty
 * page; the previous month shows nothing done.
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const T26 = '2026-11-26T10:00:00+08:00'; // 第二组 on duty

run('志愿服务记录, in the browser', () => {
  const app = cloudPage({ now: T26, timers: false });
  const { visible, actAs } = app;
  let code = '';

  beforeAll(async () => {
    const r = await app.cloud.call<CaseView>(
      'cases',
      'submit',
      { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } },
      DEMO.li,
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    code = r.data.code;
    for (const [action, payload] of [
      ['claim', { caseId: r.data.id }],
      ['resolve', { caseId: r.data.id, note: '换了灯泡' }],
    ] as const) {
      const res = await app.cloud.call('cases', action, payload, DEMO.wang);
      if (!res.ok) throw new Error(JSON.stringify(res));
    }
  }, 60_000);

  const text = async (testId: string) => (await visible(testId).innerText()).replace(/\s+/g, ' ');

  it('the office opens a member’s record from the dashboard and sees her figures', async () => {
    await actAs(DEMO.office);
    await app.page.goto(`${app.cloud.url}#/pages-office/dashboard/index`);
    await visible(`member-record-${DEMO.wang}`).click();
    await visible('rec-claimed').waitFor();
    expect(await text('rec-member')).toContain('王思瑛（第二组）');
    expect(await text('rec-month')).toBe('2026年11月');
    expect(await text('rec-claimed')).toBe('认领事项 1 件');
    expect(await text('rec-resolved')).toBe('办结事项 1 件');
    expect(await text('rec-calls')).toBe('回访电话 0 次');
    // 第二组's days up to the 26th: 2, 6, 10, 14, 18, 22, 26.
    expect(await text('rec-shifts-total')).toBe('值班 7 次，共 63 小时');
    expect(await text('rec-shift-2026-11-26')).toContain('11月26日 周四');
    expect(await text('rec-item-0')).toContain(code);
    expect(await text('rec-item-0')).toContain('认领');
    expect(await text('rec-item-1')).toContain('办结');
    expect(await visible('rec-print').isVisible()).toBe(true);
    expect(await app.page.locator('[data-testid=rec-next]:visible').count()).toBe(0); // this month: no later one

    await visible('rec-prev').click();
    await visible('rec-month').filter({ hasText: '2026年10月' }).waitFor();
    expect(await text('rec-claimed')).toBe('认领事项 0 件');
    expect(await visible('rec-next').isVisible()).toBe(true);
  });

  it('the member opens her own from the duty page', async () => {
    await actAs(DEMO.wang);
    await app.page.goto(`${app.cloud.url}#/pages-member/duty/index`);
    await visible('my-service-record').click();
    await visible('rec-claimed').waitFor();
    expect(await text('rec-member')).toContain('王思瑛');
    expect(await text('rec-claimed')).toBe('认领事项 1 件');
    expect(await text('rec-resolved')).toBe('办结事项 1 件');
  });
});
