/**
 * An admin configures the community in the H5 build: creates an invite code that a resident uses to join group 2,
 * reads the audit log in words, sees the 4-week rota preview (weeks from 周一), and picks dates with the date picker.
 */
import type { Locator, Page } from 'playwright-core';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const CHEN = 'demo-resident-chen';

run('the admin, in the browser', () => {
  const app = cloudPage({ now: DUTY_HOUR, timers: false });
  const { visible, actAs } = app;

  it('invites a resident into group 2; she joins with the code and sees the duty workspace', async () => {
    await actAs(DEMO.admin);
    await visible('admin-button').click();
    await app.page.goto(`${app.cloud.url}#/pages-admin/invites/index`);
    await visible('invite-role-member').click();
    await visible('invite-group-g2').click();
    await visible('invite-days-7').click();
    await visible('invite-create').click();
    await visible('invite-code').waitFor();
    // Six digits in two groups, as read aloud; typed with the space, it is the same code.
    const code = (await visible('invite-code').innerText()).trim();
    expect(code).toMatch(/^\d{3} \d{3}$/);
    expect(await visible('invite-new').innerText()).toContain('新的邀请码给：工作室成员，分在第二组');

    await actAs(CHEN);
    await visible('join-button').click();
    await visible('join-code').fill(code); // 「483 920」, with its space
    await visible('join-name').fill('陈奶奶');
    await visible('join-phone').fill('13712345678');
    await visible('join-submit').click();
    await visible('duty-button').waitFor();
    const me = await app.cloud.call<{ role: string; groupName: string }>('session', 'me', {}, CHEN);
    expect(me).toMatchObject({ ok: true, data: { role: 'member', groupName: '第二组' } });

    // The audit log says it in words, with names: no ids, no JSON.
    await actAs(DEMO.admin);
    await app.page.goto(`${app.cloud.url}#/pages-admin/audit/index`);
    await visible('audit-summary-0').waitFor();
    expect(await visible('audit-summary-0').innerText()).toBe('陈奶奶 用邀请码成为 工作室成员（第二组）');
    expect(await visible('audit-diff-0').innerText()).toContain('身份：居民 → 工作室成员');
    expect(await visible('audit-summary-1').innerText()).toBe(`社区信息员 生成了邀请码 ${code}`);
    const log = (await app.page.locator('[data-testid^="audit-"]:visible').allInnerTexts()).join('\n');
    expect(log).not.toMatch(/users\/|invites\/|demo-resident|对象：|\{"/);
  }, 90_000);

  it('previews who is on duty for 4 weeks and lists a bad setting’s problem in words', async () => {
    await actAs(DEMO.admin);
    await app.page.goto(`${app.cloud.url}#/pages-admin/rota/index`);
    await visible('rota-day-2026-11-26').waitFor();
    expect(await visible('rota-day-2026-11-26').innerText()).toContain('第二组');
    expect(await app.page.locator('[data-testid^="rota-day-"]:visible').count()).toBe(28);
    // 上移 of the first group cannot be used, and looks it: dashed, grey, no fill — unlike the 上移 below it.
    const [first, second] = await app.page
      .locator('[data-testid^="rota-order-"]:visible')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('rota-order-'.length)));
    const look = (id: string) =>
      visible(`rota-up-${id}`).evaluate((el) => {
        const css = getComputedStyle(el);
        return { disabled: el.getAttribute('aria-disabled'), border: css.borderTopStyle, fill: css.backgroundColor, shadow: css.boxShadow };
      });
    expect(await look(first)).toEqual({ disabled: 'true', border: 'dashed', fill: 'rgb(242, 242, 242)', shadow: 'none' });
    expect(await look(second)).toMatchObject({ disabled: 'false', border: 'solid' });
    // Weekdays are listed from 周一; the weeks of the calendar start on 周一.
    const weekdays = await app.page.locator('[data-testid^="rota-weekday-"]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(weekdays).toEqual([1, 2, 3, 4, 5, 6, 0].map((d) => `rota-weekday-${d}`));
    const firstDays = await app.page
      .locator('.rota__week:visible')
      .evaluateAll((weeks) => weeks.map((w) => w.querySelector('[data-testid^="rota-day-"]')?.textContent ?? ''));
    expect(firstDays.slice(1).every((t) => t.includes('周一'))).toBe(true);
  }, 60_000);

  /** The H5 picker that is open: Taro moves each picker's overlay to the end of <body>, hidden with display: none. */
  const OPEN_PICKER = '.weui-picker__overlay:not([style*="none"])';
  /** The item of a date-picker column (0 year, 1 month, 2 day) with these words, in the H5 picker that is open. */
  const pickerItem = (page: Page, column: number, words: string): Locator =>
    page
      .locator(`${OPEN_PICKER} taro-picker-group`)
      .nth(column)
      .locator('.weui-picker__item', { hasText: new RegExp(`^${words}$`) });

  /** Tap an item of the H5 date wheel once it has slid up and stands still (a tap, not a drag, turns the wheel to it). */
  const tapItem = async (page: Page, item: Locator) => {
    let box = await item.boundingBox();
    for (let i = 0; i < 50; i++) {
      await page.waitForTimeout(100);
      const now = await item.boundingBox();
      if (box && now && now.y === box.y) break;
      box = now;
    }
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await page.mouse.down();
    await page.mouse.up();
  };

  it('picks the rota’s start date with the date picker (its wheel and 确定), shown as 「2026年1月8日 周四」', async () => {
    await actAs(DEMO.admin);
    await app.page.goto(`${app.cloud.url}#/pages-admin/rota/index`);
    await visible('rota-start').waitFor();
    const before = (await app.cloud.call<{ config: { rota: { start: string } } }>('admin', 'rotaPreview', { days: 1 }, DEMO.admin)) as {
      ok: true;
      data: { config: { rota: { start: string } } };
    };
    const start = before.data.config.rota.start;
    expect(await visible('rota-start').innerText()).toContain(`${Number(start.slice(0, 4))}年${Number(start.slice(5, 7))}月${Number(start.slice(8, 10))}日 周`);
    // Open the picker, tap the day three below the one chosen, then 确定.
    await visible('rota-start').click();
    const day = Number(start.slice(8, 10)) + 3;
    const item = pickerItem(app.page, 2, `${String(day).padStart(2, '0')}日`); // the wheel writes 「08日」
    await item.waitFor();
    await tapItem(app.page, item);
    await app.page.locator(`${OPEN_PICKER} .weui-picker__action`, { hasText: '确定' }).click();
    const picked = `${start.slice(0, 8)}${String(day).padStart(2, '0')}`;
    const weekday = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][new Date(`${picked}T00:00:00Z`).getUTCDay()];
    await app.page.waitForFunction(
      (want) => document.querySelector('[data-testid="rota-start"]:not([hidden])')?.textContent?.includes(want),
      `${Number(picked.slice(0, 4))}年${Number(picked.slice(5, 7))}月${day}日 ${weekday}`,
    );
    await visible('rota-save').click();
    await visible('rota-saved').waitFor();
    const after = (await app.cloud.call('admin', 'rotaPreview', { days: 1 }, DEMO.admin)) as { data: { config: { rota: { start: string } } } };
    expect(after.data.config.rota.start).toBe(picked);
    // Put it back for whoever comes next.
    expect((await app.cloud.call('admin', 'saveConfig', { section: 'rota', value: { ...after.data.config.rota, start } }, DEMO.admin)).ok).toBe(true);
  }, 60_000);

  it('gives a member a day of leave with the date picker: 确定 takes the day it opens on, shown with its weekday', async () => {
    await actAs(DEMO.admin);
    await app.page.goto(`${app.cloud.url}#/pages-admin/person/index?id=${DEMO.wang}`);
    await visible('leave-add').click();
    expect(await visible('leave-from-0').innerText()).toContain('点这里选日期');
    for (const field of ['leave-from-0', 'leave-to-0']) {
      await visible(field).click();
      const ok = app.page.locator(`${OPEN_PICKER} .weui-picker__action`, { hasText: '确定' });
      await ok.waitFor();
      await ok.click();
      await app.page.waitForFunction(
        (id) => /^\d{4}年\d{1,2}月\d{1,2}日 周[一二三四五六日]/.test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
        field,
      );
    }
    await visible('person-save').click();
    await visible('person-saved').waitFor();
    const all = (await app.cloud.call('admin', 'overview', {}, DEMO.admin)) as {
      data: { people: Array<{ id: string; leave: Array<{ from: string; to: string }> }> };
    };
    const leave = all.data.people.find((p) => p.id === DEMO.wang)!.leave;
    expect(leave).toHaveLength(1);
    expect(leave[0].from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(leave[0].to).toBe(leave[0].from);
  }, 60_000);

  it('opens one settings block at a time, says a changed block is not saved yet, and saves it', async () => {
    await actAs(DEMO.admin);
    await app.page.goto(`${app.cloud.url}#/pages-admin/config/index`);
    await visible('open-settings').waitFor();
    // Closed, the page is a list of blocks: no fields, no save button.
    expect(await app.page.locator('[data-testid^="save-"]:visible').count()).toBe(0);
    await visible('open-settings').click();
    expect(await visible('open-settings').getAttribute('aria-expanded')).toBe('true');
    await visible('settings-phone').fill('0573-85019999');
    expect(await visible('block-settings').innerText()).toContain('改了还没保存');
    // Opening another block closes this one (what was typed stays) and keeps one 「保存」 on screen.
    await visible('open-groups').click();
    expect(await app.page.locator('[data-testid="settings-phone"]:visible').count()).toBe(0);
    expect(await app.page.locator('[data-testid^="save-"]:visible').count()).toBe(1);
    expect(await visible('block-settings').innerText()).toContain('改了还没保存');
    await visible('open-settings').click();
    expect(await visible('settings-phone').inputValue()).toBe('0573-85019999');
    await visible('save-settings').click();
    await visible('config-saved').waitFor();
    expect(await visible('block-settings').innerText()).not.toContain('改了还没保存');
    const all = (await app.cloud.call('admin', 'overview', {}, DEMO.admin)) as { data: { config: { officePhone: string } } };
    expect(all.data.config.officePhone).toBe('0573-85019999');
  }, 60_000);
});
