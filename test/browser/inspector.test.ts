/**
 * The local cloud's inspector (issue 15 item 1) in Chromium, against a running local cloud: the dev bar links to it;
 * a case is browsed, filtered, opened as JSON and edited through the database layer (the audit trail shows it, the
 * app reads the new words); 张阿姨's 办结 message shows in the outbox with its template fields and her credits; the
 * clock moves a day and the timer runs; the function log shows each invocation with its database calls; a stored
 * photo has a preview; acting as someone opens the app as them; a snapshot is exported from the page.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR, ok } from '../support/local-cloud';
import { tinyPng } from '../support/tiny-png';

const run = browserAvailable() ? describe : describe.skip;
const TEMPLATES = { LOCAL_TMPL_CASE_RESOLVED: 'accept', LOCAL_TMPL_CASE_PROGRESS: 'accept' };

run('the inspector at /__inspector', () => {
  const app = cloudPage({ now: DUTY_HOUR, timers: false });
  let caseId = '';
  const snapDir = path.join(os.tmpdir(), `gk-inspector-snap-${process.pid}`);
  afterAll(() => fs.rmSync(snapDir, { recursive: true, force: true }));

  beforeAll(async () => {
    const { cloud } = app;
    // 张阿姨 reports with a photo (accepting the messages at the tap); 王思瑛 claims and resolves it.
    await cloud.post('/__wx/requestSubscribeMessage', { result: TEMPLATES }, DEMO.zhang);
    const up = await fetch(`${cloud.url}__storage/upload?cloudPath=photos/${DEMO.zhang}/inspector.png`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-local-openid': DEMO.zhang },
      body: new Uint8Array(tinyPng()),
    });
    const { fileID } = (await up.json()) as { fileID: string };
    const made = ok(
      await cloud.call<CaseView>(
        'cases',
        'submit',
        {
          categoryId: 'repair',
          description: '楼道灯不亮了',
          place: { compoundId: 'hongqiao', building: '2幢', unit: '1单元302' },
          subscriptions: TEMPLATES,
          photos: [fileID],
        },
        DEMO.zhang,
      ),
    );
    caseId = made.id;
    ok(await cloud.call('cases', 'claim', { caseId }, DEMO.wang));
    ok(await cloud.call('cases', 'resolve', { caseId, note: '换了新灯泡' }, DEMO.wang));
  }, 120_000);

  it('the dev bar links to it; collections are browsed, filtered and a case opened as JSON', async () => {
    const { page, cloud } = app;
    await app.actAs(DEMO.zhang);
    await page.goto(`${cloud.url}#/pages/index/index`);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), app.visible('dev-inspector').click()]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toBe('/__inspector');
    await tab.close();

    await page.goto(`${cloud.url}__inspector`);
    await page.getByTestId('col-app-cases').click();
    await page.getByTestId(`doc-${caseId}`).waitFor();
    await page.fill('#filter-field', 'status');
    await page.fill('#filter-value', 'pending');
    await page.click('#filter-go');
    await page.getByText('共 0 条 total').waitFor();
    await page.fill('#filter-value', 'resolved');
    await page.click('#filter-go');
    await page.getByTestId(`doc-${caseId}`).click();
    const json = JSON.parse(await page.inputValue('#doc-json')) as { _id: string; status: string; createdAt: { $date: string } };
    expect(json).toMatchObject({ _id: caseId, status: 'resolved' });
    expect(json.createdAt.$date).toMatch(/^2026-11-26T/);
  }, 120_000);

  it('an edit goes through the database layer and into the audit trail; a bad edit changes nothing', async () => {
    const { page, cloud } = app;
    const doc = JSON.parse(await page.inputValue('#doc-json')) as { description: string; $bad?: number };
    doc.description = '楼道灯不亮了（检查器改过）';
    await page.fill('#doc-json', JSON.stringify(doc, null, 2));
    await page.click('#doc-save');
    await page.getByText('已保存 Saved').waitFor();
    await page.locator('#audit tbody tr', { hasText: caseId }).first().waitFor();
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId }, DEMO.zhang)).description).toBe('楼道灯不亮了（检查器改过）');
    // A `$` key is refused, with the reason, and nothing is written.
    await page.fill('#doc-json', JSON.stringify({ ...doc, description: '不该写进去', $where: 1 }));
    await page.click('#doc-save');
    await page.getByText('a stored field cannot start with $').waitFor();
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId }, DEMO.zhang)).description).toBe('楼道灯不亮了（检查器改过）');
  }, 120_000);

  it('the message sent to 张阿姨, with its template fields, and her credits', async () => {
    const { page } = app;
    await page.click('[data-tab=messages]');
    await page.fill('#msg-user', DEMO.zhang);
    await page.click('#msg-go');
    const row = page.getByTestId('outbox-row').filter({ hasText: '事项办结通知' });
    await row.first().waitFor();
    const text = await row.first().innerText();
    expect(text).toContain(DEMO.zhang);
    expect(text).toMatch(/thing2：/);
    await page.locator('#credits tbody tr', { hasText: DEMO.zhang }).waitFor();
  }, 120_000);

  it('the clock moves a day; the timer and its next fire time show', async () => {
    const { page } = app;
    await page.click('[data-tab=clock]');
    await page.getByText('2026-11-26 10:').first().waitFor();
    await page.click('[data-advance="1440"]');
    await page.locator('#clock-big', { hasText: '2026-11-27 10:' }).waitFor();
    await page.click('[data-tab=timers]');
    await page.getByTestId('next-sla-sweep').waitFor();
    expect(await page.getByTestId('next-sla-sweep').innerText()).toMatch(/^2026-11-27T10:/);
  }, 120_000);

  it('the function log shows each invocation with its caller, result and database calls', async () => {
    const { page } = app;
    await page.click('[data-tab=functions]');
    const submit = page.getByTestId('fn-row').filter({ hasText: 'cases.submit' });
    await submit.first().waitFor();
    const cells = await submit.first().locator('td').allInnerTexts();
    expect(cells[3]).toBe(DEMO.zhang);
    expect(cells[5]).toBe('OK');
    expect(Number(cells[6])).toBeGreaterThan(2);
    await submit.first().click();
    expect(await page.locator('#fn-detail').innerText()).toContain('"fn": "cases"');
  }, 120_000);

  it('storage lists the photo with a preview', async () => {
    const { page } = app;
    await page.click('[data-tab=storage]');
    const row = page.getByTestId('file-row').filter({ hasText: 'inspector.png' });
    await row.waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('img.preview')).some((i) => (i as HTMLImageElement).naturalWidth > 0));
  }, 120_000);

  it('acting as someone opens the app as them', async () => {
    const { page } = app;
    await page.click('[data-tab=identities]');
    await page.getByTestId(`act-as-${DEMO.wang}`).click();
    await page.waitForURL(/#\/pages\/index\/index/);
    await app.visible('current-identity').waitFor();
    expect(await app.visible('current-identity').innerText()).toContain('王思瑛');
  }, 120_000);

  it('a snapshot is exported from the page', async () => {
    const { page, cloud } = app;
    await page.goto(`${cloud.url}__inspector#snapshots`);
    await page.fill('#snap-dir', snapDir);
    await page.click('#snap-export');
    await page.locator('#snap-says', { hasText: 'golden-key-local-snapshot' }).waitFor();
    const cases = JSON.parse(fs.readFileSync(path.join(snapDir, 'db', 'cases.json'), 'utf8')) as Array<{ _id: string; description: string }>;
    expect(cases.find((c) => c._id === caseId)?.description).toBe('楼道灯不亮了（检查器改过）');
  }, 120_000);
});
