/**
 * 通报 in the browser: the timer's weekly report is listed for the office, its printable page opens in a new tab from
 * the page, its Excel file's link reads back with exceljs, and the office makes one for a day picked on the wheel.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { lastPeriods, reportId } from '../../cloudfunctions/core/usecases';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;

/** The H5 picker that is open (see transfer-flow.test.ts). */
const OPEN_PICKER = '.weui-picker__overlay:not([style*="none"])';
const pickToday = async (page: Page, testId: string) => {
  await page.locator(`[data-testid=${testId}]:visible`).click();
  await page.locator(`${OPEN_PICKER} .weui-picker__item`).first().waitFor();
  await page.locator(`${OPEN_PICKER} .weui-picker__action`, { hasText: '确定' }).click();
  await page.waitForFunction((id) => /\d+年\d+月\d+日/.test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''), testId);
};

run('通报 in the browser', () => {
  // The date wheel opens on the phone's today: the cloud's clock is today too.
  const now = new Date();
  const app = cloudPage({ now: now.toISOString(), timers: false });
  const { actAs, visible } = app;
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [week] = lastPeriods(today);
  const weekId = reportId('week', week.from, week.to);

  it('opens the timer’s weekly report as a printable page and as Excel, and makes one for a day', async () => {
    const { page } = app;
    const sweep = await app.cloud.raw('sweeper', { Type: 'Timer', TriggerName: 'sla-sweep' }, '');
    expect((sweep.body as { data: { reportsMade: string[] } }).data.reportsMade).toContain(weekId);

    await actAs(DEMO.office);
    await visible('reports-button').click();
    await visible(`report-${weekId}`).waitFor();
    expect(await visible(`report-${weekId}`).innerText()).toContain('自动生成');

    // 打开打印版: a new tab with the A4 page.
    const tab = page.context().waitForEvent('page');
    await visible(`open-html-${weekId}`).click();
    const printable = await tab;
    await printable.waitForLoadState();
    const words = await printable.locator('body').innerText();
    for (const w of ['南河头社区', '通报', '响应率', '解决率', '满意率']) expect(words).toContain(w);
    await printable.close();

    // 下载Excel: the link the page opens is the Excel file (read back here).
    await page.evaluate(() => {
      (window as unknown as { opened: string[] }).opened = [];
      window.open = ((url: string) => {
        (window as unknown as { opened: string[] }).opened.push(url);
        return {} as Window;
      }) as typeof window.open;
    });
    await visible(`open-xlsx-${weekId}`).click();
    await page.waitForFunction(() => (window as unknown as { opened: string[] }).opened.length === 1);
    const [xlsxUrl] = await page.evaluate(() => (window as unknown as { opened: string[] }).opened);
    expect(xlsxUrl).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(xlsxUrl)).arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['数据', '事项']);

    // 生成通报 for today: it is listed with who made it.
    expect(await visible('make-report').getAttribute('aria-disabled')).toBe('true'); // nothing picked yet
    await pickToday(page, 'report-from');
    await pickToday(page, 'report-to');
    await visible('make-report').click();
    await visible('make-said').waitFor();
    expect(await visible('make-said').innerText()).toContain('已经生成');
    await visible(`report-range_${today}_${today}`).waitFor();
    expect(await visible(`report-range_${today}_${today}`).innerText()).toContain('吴霞');
  }, 120_000);
});
