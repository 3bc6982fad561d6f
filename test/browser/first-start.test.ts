/**
 * Issue 15's "done when", in Chromium: a local cloud started as `npm start` starts a fresh data folder (here with 14
 * days of history instead of 90, to keep the suite short) → the office's dashboard shows the history's cases and
 * 三率 → the inspector's outbox holds the message sent to 张阿姨 yesterday → the clock moves a day and the timer runs →
 * a snapshot exported from the inspector starts a second local cloud with the same cases → the inspector imports a
 * snapshot into a running cloud.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { browserAvailable, cloudPage } from '../support/browser';
import type { RunningCloud } from '../support/local-cloud';
import { DEMO, ok, startCloud } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const NOW = '2026-11-30T10:00:00+08:00';
const DAYS = 14;

run('first start: history, the inspector and a snapshot', () => {
  const app = cloudPage({ now: NOW, history: true, args: ['--history', String(DAYS)] });
  const snapDir = path.join(os.tmpdir(), `gk-first-start-${process.pid}`);
  let second: RunningCloud | undefined;
  afterAll(async () => {
    await second?.stop();
    fs.rmSync(snapDir, { recursive: true, force: true });
  });
  const total = async (c: RunningCloud) => ok(await c.call<{ total: number }>('office', 'dashboard', { days: 30 }, DEMO.office)).total;

  it('the dashboard shows the replayed weeks: cases and 三率 with figures', async () => {
    const { page, cloud } = app;
    expect(cloud.output()).toContain(`近${DAYS}天的演示历史`);
    await app.actAs(DEMO.office);
    await page.goto(`${cloud.url}#/pages-office/dashboard/index`);
    const totalText = await app.visible('dashboard-total').innerText();
    const n = Number(/共收到 (\d+) 件/.exec(totalText)?.[1]);
    expect(n).toBeGreaterThan(20);
    expect(await app.visible('rate-response').innerText()).toMatch(/响应率：\d+\.\d%/);
    expect(await app.visible('rate-satisfied').innerText()).toMatch(/满意率：\d+\.\d%/);
  }, 120_000);

  it('the inspector finds the message sent to 张阿姨 yesterday', async () => {
    const { page, cloud } = app;
    await page.goto(`${cloud.url}__inspector#messages`);
    await page.fill('#msg-user', DEMO.zhang);
    await page.click('#msg-go');
    // Her lamp, reported yesterday morning and fixed in the afternoon (she may have had other messages too).
    const row = page.getByTestId('outbox-row').filter({ hasText: '事项办结通知' }).filter({ hasText: '2026-11-29' }).filter({ hasText: '新灯泡' });
    await row.first().waitFor();
  }, 120_000);

  it('the clock moves a day and the timer runs', async () => {
    const { page } = app;
    await page.click('[data-tab=clock]');
    await page.click('[data-advance="1440"]');
    await page.locator('#clock-says', { hasText: '触发了 triggered 1' }).waitFor();
    await page.click('[data-tab=timers]');
    await page.getByTestId('timer-run').filter({ hasText: '2026-12-01' }).first().waitFor();
  }, 120_000);

  it('a snapshot exported from the inspector starts another local cloud with the same cases; an import replaces a running one', async () => {
    const { page, cloud } = app;
    await page.click('[data-tab=snapshots]');
    await page.fill('#snap-dir', snapDir);
    await page.click('#snap-export');
    await page.locator('#snap-says', { hasText: 'golden-key-local-snapshot' }).waitFor();
    const exported = await total(cloud);

    // npm start -- --import DIR
    second = await startCloud({ timers: false, args: ['--import', snapDir, '--no-h5'] });
    expect(await total(second)).toBe(exported);

    // A new case after the export, then the inspector's import: the state is the snapshot's again.
    ok(
      await cloud.call(
        'cases',
        'submit',
        { categoryId: 'repair', description: '导入前多出来的一件', place: { compoundId: 'hubin', building: '1幢', unit: '1单元101' } },
        DEMO.li,
      ),
    );
    expect(await total(cloud)).toBe(exported + 1);
    page.once('dialog', (d) => void d.accept());
    await page.click('#snap-import');
    await page.locator('#snap-says', { hasText: 'golden-key-local-snapshot' }).waitFor();
    expect(await total(cloud)).toBe(exported);
  }, 240_000);
});
