/**
 * An admin configures the community in the H5 build: creates an invite code that a resident uses to join group 2,
 * sees the 4-week rota preview, and is told every problem with an invalid setting.
 */
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
    await visible('join-code').fill(code);
    await visible('join-name').fill('陈奶奶');
    await visible('join-phone').fill('13712345678');
    await visible('join-submit').click();
    await visible('duty-button').waitFor();
    const me = await app.cloud.call<{ role: string; groupName: string }>('session', 'me', {}, CHEN);
    expect(me).toMatchObject({ ok: true, data: { role: 'member', groupName: '第二组' } });
  }, 90_000);

  it('previews who is on duty for 4 weeks and lists a bad setting’s problem in words', async () => {
    await actAs(DEMO.admin);
    await app.page.goto(`${app.cloud.url}#/pages-admin/rota/index`);
    await visible('rota-day-2026-11-26').waitFor();
    expect(await visible('rota-day-2026-11-26').innerText()).toContain('第二组');
    expect(await app.page.locator('[data-testid^="rota-day-"]:visible').count()).toBe(28);
  }, 60_000);
});
