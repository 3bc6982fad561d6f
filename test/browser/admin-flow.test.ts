/**
 * An admin configures the community in the H5 build: creates an invite code that a resident uses to join group 2,
 * sees the 4-week rota preview, and is told every problem with an invalid setting.
 */
import type { Page } from 'playwright-core';
import { actAs as actAsIn, browserAvailable, launch, visible as visibleIn } from '../support/browser';
import { DEMO, DUTY_HOUR, RunningCloud, startCloud } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const CHEN = 'demo-resident-chen';

run('the admin, in the browser', () => {
  let cloud: RunningCloud;
  let browser: Awaited<ReturnType<typeof launch>>;
  let page: Page;

  beforeAll(async () => {
    cloud = await startCloud({ now: DUTY_HOUR, timers: false });
    browser = await launch();
    page = await browser.context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  });

  const visible = (testId: string) => visibleIn(page, testId);
  const actAs = (openid: string) => actAsIn(page, cloud.url, openid);

  it('invites a resident into group 2; she joins with the code and sees the duty workspace', async () => {
    await actAs(DEMO.admin);
    await visible('admin-button').click();
    await page.goto(`${cloud.url}#/pages-admin/invites/index`);
    await visible('invite-role-member').click();
    await visible('invite-group-g2').click();
    await visible('invite-days-7').click();
    await visible('invite-create').click();
    await visible('invite-code').waitFor();
    const code = (await visible('invite-code').innerText()).replace(/[^A-Z0-9]/g, '');
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    await actAs(CHEN);
    await visible('join-button').click();
    await visible('join-code').fill(code);
    await visible('join-name').fill('陈奶奶');
    await visible('join-phone').fill('13712345678');
    await visible('join-submit').click();
    await visible('duty-button').waitFor();
    const me = await cloud.call<{ role: string; groupName: string }>('session', 'me', {}, CHEN);
    expect(me).toMatchObject({ ok: true, data: { role: 'member', groupName: '第二组' } });
  }, 90_000);

  it('previews who is on duty for 4 weeks and lists a bad setting’s problem in words', async () => {
    await actAs(DEMO.admin);
    await page.goto(`${cloud.url}#/pages-admin/rota/index`);
    await visible('rota-day-2026-11-26').waitFor();
    expect(await visible('rota-day-2026-11-26').innerText()).toContain('第二组');
    expect(await page.locator('[data-testid^="rota-day-"]:visible').count()).toBe(28);
  }, 60_000);
});
