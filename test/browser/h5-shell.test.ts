/**
 * The H5 local mode's shell: a title bar with the page's title and a 60 px 「返回」 (src/components/h5-title-bar,
 * hidden on the first page of the stack), and a role switcher that lists the users collection, so someone who joined
 * with an invite shows up with the new name and role.
 */
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR, ok } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const CHEN = 'demo-resident-chen';

run('the H5 shell', () => {
  const app = cloudPage({ now: DUTY_HOUR, timers: false });
  const { visible, actAs } = app;

  it('shows the page title, and 「返回」 below the first page that goes back', async () => {
    await actAs(DEMO.zhang);
    await visible('my-cases-button').waitFor();
    expect(await visible('h5-title').innerText()).toBe('金钥匙');
    expect(await app.page.locator('[data-testid=h5-back]').count()).toBe(0);

    await visible('my-cases-button').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid=h5-title]')?.textContent === '我的事项');
    const back = visible('h5-back');
    const box = (await back.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(60);
    expect(box.height).toBeGreaterThanOrEqual(60);
    // The page starts below the bar: its first line is not hidden under it.
    const barBottom = (await visible('h5-title-bar').boundingBox())!;
    const pageTop = (await app.page.locator('.taro_page_show:visible').last().boundingBox())!;
    expect(pageTop.y).toBeGreaterThanOrEqual(barBottom.y + barBottom.height - 1);

    await back.click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid=h5-title]')?.textContent === '金钥匙');
    await visible('my-cases-button').waitFor();
    expect(await app.page.locator('[data-testid=h5-back]').count()).toBe(0);
  }, 60_000);

  it('lists someone who joined with an invite under the new name and role', async () => {
    const invite = ok(await app.cloud.call<{ code: string }>('admin', 'createInvite', { role: 'member', groupId: 'g2', days: 7 }, DEMO.admin));
    ok(await app.cloud.call('session', 'redeemInvite', { code: invite.code, name: '陈奶奶', phone: '13712345678' }, CHEN));
    await app.page.goto(`${app.cloud.url}?load=1#/pages/dev-switch/index`);
    const button = visible(`identity-${CHEN}`);
    await button.waitFor();
    expect(await button.innerText()).toContain('陈奶奶');
    expect(await button.innerText()).toContain('值班成员');
  }, 60_000);
});
