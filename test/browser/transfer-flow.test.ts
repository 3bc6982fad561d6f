/**
 * 转办 in the H5 build: the office hands a case to 物业 on the case page (a body tile, the 工单号, the expected date
 * from the date wheel), the case shows 「已转交 物业（工单号 …）」 to the office and 「已请物业处理（工单号 …）」 to the
 * resident, then the office records what 物业 did and the case is resolved.
 */
import type { Locator, Page } from 'playwright-core';
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const certificate = {
  categoryId: 'certificate',
  description: '要开一张居住证明给孩子上学用',
  place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' },
};

/** The H5 picker that is open: Taro moves each picker's overlay to the end of <body>, hidden with display: none. */
const OPEN_PICKER = '.weui-picker__overlay:not([style*="none"])';
const pickerItem = (page: Page, column: number, words: string): Locator =>
  page
    .locator(`${OPEN_PICKER} taro-picker-group`)
    .nth(column)
    .locator('.weui-picker__item', { hasText: new RegExp(`^${words}$`) });
run('转办 in the browser', () => {
  const app = cloudPage({ now: DUTY_HOUR });
  const { actAs, visible } = app;
  const openCase = async (id: string) => {
    await app.page.goto(`${app.cloud.url}#/pages/case/index?id=${id}`);
    await visible('case-status').waitFor();
  };

  it('the office records a transfer to 物业 with its 工单号 and date; everyone sees it; then the outcome resolves it', async () => {
    const { page } = app;
    const answer = (await app.cloud.call<CaseView>('cases', 'submit', certificate, DEMO.li)) as { ok: true; data: CaseView };
    const id = answer.data.id;

    await actAs(DEMO.office);
    await openCase(id);
    await visible('transfer-button').click();
    await visible('transfer-confirm').click();
    expect(await visible('action-error').innerText()).toContain('请先选转交给哪个单位');
    await visible('transfer-body-property').click();
    await visible('transfer-ticket').fill('WY-2026-0088');
    // The expected date from the wheel: it opens on today (the phone's date); 确定 takes it.
    await visible('transfer-date').click();
    await pickerItem(page, 2, '\\d{2}日').first().waitFor();
    await page.locator(`${OPEN_PICKER} .weui-picker__action`, { hasText: '确定' }).click();
    await page.waitForFunction(() => /\d+年\d+月\d+日/.test(document.querySelector('[data-testid="transfer-date"]')?.textContent ?? ''));
    const [, month, day] = /\d+年(\d+)月(\d+)日/.exec(await visible('transfer-date').innerText())!;
    const by = `预计${month}月${day}日前办好`;
    await visible('transfer-confirm').click();
    await visible('case-transfer').waitFor();
    expect(await visible('case-transfer').innerText()).toBe(`已转交 物业（工单号 WY-2026-0088），${by}`);
    expect(await visible('case-timeline').innerText()).toContain('转交物业（工单号 WY-2026-0088）');
    expect(await page.locator('[data-testid="transfer-button"]:visible').count()).toBe(0); // once

    // The resident reads it in plain words.
    await actAs(DEMO.li);
    await openCase(id);
    expect(await visible('case-transfer').innerText()).toBe(`已请物业处理（工单号 WY-2026-0088），${by}`);
    expect(await page.locator('[data-testid="transfer-outcome-button"]:visible').count()).toBe(0);

    // The office records what 物业 did: the case is resolved.
    await actAs(DEMO.office);
    await openCase(id);
    await visible('transfer-outcome-button').click();
    await visible('transfer-outcome').fill('物业已经盖好章，证明可以来拿了');
    await visible('transfer-outcome-confirm').click();
    await page.locator('[data-testid="case-status"]:visible', { hasText: '已办结' }).waitFor();
    expect(await visible('case-resolution').innerText()).toContain('物业回复：物业已经盖好章，证明可以来拿了');
    await actAs(DEMO.li);
    await openCase(id);
    await page.locator('[data-testid="case-status"]:visible', { hasText: '已经办好了' }).waitFor();
  }, 120_000);
});
