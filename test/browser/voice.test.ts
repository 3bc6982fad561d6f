/**
 * Reporting by voice in the H5 build (issue 14 item 2), in headless Chromium with its fake microphone (a steady tone,
 * the permission granted without asking): 张阿姨 holds 「按住 说话」 about 3 seconds (the seconds count while she
 * holds), lets go, hears it back, and sends the report without typing a word. 王思瑛, who takes the case, opens it
 * once WeChat's check (the pushed verdict, delivered by the test) has passed the recording and plays it: the storage
 * answers the <audio> element's GET with an audio type and the element plays (its time advances). A press under a
 * second is thrown away with words; a refused microphone says so and the typed words still work; a recording stops
 * itself at 60 s — and that minute's size is measured.
 */
import type { Page, Response } from 'playwright-core';
import type { CaseView } from '../../types/domain';
import { actAs, browserAvailable, cloudPage, FAKE_MICROPHONE } from '../support/browser';
import { DEMO, DUTY_HOUR, ok } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;

run('report by voice, in the browser', () => {
  const app = cloudPage({ now: DUTY_HOUR, timers: false }, undefined, { args: FAKE_MICROPHONE });
  const visibleId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]:visible`).first();

  /** Press the hold-to-talk button with the mouse, keep it down `ms` after recording started, let go. */
  async function hold(page: Page, ms: number, prefix = ''): Promise<void> {
    const button = visibleId(page, `${prefix}voice-hold`);
    await button.waitFor();
    await button.scrollIntoViewIfNeeded();
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(60);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page
      .getByText(/^松开 结束/)
      .filter({ visible: true })
      .first()
      .waitFor();
    await page.waitForTimeout(ms);
    await page.mouse.up();
  }

  const openReport = async (page: Page) => {
    await page.goto(`${app.cloud.url}#/pages/report/index`);
    await visibleId(page, 'category-repair').waitFor();
  };

  it('a press under a second is thrown away: 「时间太短，请按住多说一会儿」', async () => {
    const { page } = app;
    await app.actAs(DEMO.zhang);
    await openReport(page);
    const button = visibleId(page, 'voice-hold');
    await button.scrollIntoViewIfNeeded();
    const box = (await button.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(300);
    await page.mouse.up();
    await visibleId(page, 'voice-error').filter({ hasText: '时间太短，请按住多说一会儿' }).waitFor();
    expect(await visibleId(page, 'voice-take').count()).toBe(0);
  });

  it('the resident reports by voice alone; the duty member who takes it hears it after the check', async () => {
    const { page, cloud } = app;
    expect(await cloud.post('/__wx/pushes/delay', { delay: 'manual' })).toEqual({ delay: 'manual' });
    await app.actAs(DEMO.zhang);
    await openReport(page);
    await visibleId(page, 'category-repair').click();
    // Nothing typed, nothing recorded: the form asks for either.
    await visibleId(page, 'submit').click();
    await visibleId(page, 'form-error').filter({ hasText: '请说一段话或写几个字。' }).waitFor();

    const uploaded = page.waitForResponse((r) => r.url().includes('/__storage/upload') && r.request().method() === 'POST');
    await hold(page, 3200);
    const upload = await uploaded;
    expect(upload.status()).toBe(200);
    const type = upload.request().headers()['content-type'];
    console.log(`H5 voice note: ${upload.request().postDataBuffer()?.length ?? 0} bytes for about 3 s, ${type}`);
    await visibleId(page, 'voice-state').filter({ hasText: '录好了 3秒　已传好' }).waitFor();
    // She hears it back before sending.
    await visibleId(page, 'voice-play').click();
    await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('audio[data-testid="voice-audio"]');
      return a !== null && a.currentTime > 0.2;
    });
    await visibleId(page, 'voice-play').click(); // stop

    await visibleId(page, 'submit').click();
    await page.getByText('允许', { exact: true }).click(); // the subscribe prompt
    await visibleId(page, 'case-status').waitFor();
    const caseId = new URL(page.url()).hash.match(/id=([^&]+)/)?.[1] ?? '';
    expect(caseId).not.toBe('');
    // Her own voice, with what happens next.
    await visibleId(page, 'case-voice-note').filter({ hasText: '正在做安全检查，通过后处理的人才能听' }).waitFor();
    expect(await visibleId(page, 'case-voice-button').innerText()).toContain('▶ 听语音（3秒）');

    // 王思瑛 takes it; before WeChat's verdict she is told to wait; after it she plays it.
    ok(await cloud.call<CaseView>('cases', 'claim', { caseId }, DEMO.wang));
    await actAs(page, cloud.url, DEMO.wang);
    const openCase = async () => {
      await page.goto(`${cloud.url}#/pages/case/index?id=${caseId}`);
      await page.reload();
      await visibleId(page, 'case-status').waitFor();
    };
    await openCase();
    await visibleId(page, 'case-voice-note').filter({ hasText: '语音正在做安全检查，通过后才能听' }).waitFor();
    expect(await visibleId(page, 'case-voice-button').count()).toBe(0);
    const { delivered } = await cloud.post<{ delivered: Array<{ ok: boolean; event: { result: { suggest: string } } }> }>('/__wx/pushes/deliver', {});
    expect(delivered.map((d) => [d.ok, d.event.result.suggest])).toEqual([[true, 'pass']]);

    await openCase();
    const player = visibleId(page, 'case-voice-button');
    expect(await player.innerText()).toContain('▶ 听语音（3秒）');
    expect((await player.boundingBox())!.height).toBeGreaterThanOrEqual(60);
    const got = page.waitForResponse((r: Response) => r.url().includes('/__storage/files/voices/') && r.request().method() === 'GET');
    await player.click();
    const served = await got;
    expect([200, 206]).toContain(served.status());
    expect(served.headers()['content-type']).toMatch(/^audio\//);
    const played = await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('audio[data-testid="voice-audio"]');
      return a && a.currentTime > 0.5 ? { t: a.currentTime, ready: a.readyState, duration: a.duration } : null;
    });
    const state = (await played.jsonValue())!;
    console.log(`the duty member's <audio>: currentTime ${state.t}, readyState ${state.ready}, duration ${state.duration}`);
    expect(state.ready).toBeGreaterThanOrEqual(2);
    await page.getByText('■ 停止（3秒）').filter({ visible: true }).first().waitFor();
  }, 120_000);

  it('a refused microphone says so in words, and the typed description still files the report', async () => {
    const page = await app.page.context().newPage();
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    try {
      await actAs(page, app.cloud.url, DEMO.li);
      await openReport(page);
      await visibleId(page, 'category-repair').click();
      const button = visibleId(page, 'voice-hold');
      await button.scrollIntoViewIfNeeded();
      const box = (await button.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await visibleId(page, 'voice-error').filter({ hasText: '没有打开麦克风，不能录音。您可以直接打字写下来。' }).waitFor();
      await page.mouse.up();
      await visibleId(page, 'description').fill('小区门口的路灯不亮了');
      await visibleId(page, 'submit').click();
      await page.getByText('允许', { exact: true }).click();
      await visibleId(page, 'case-status').waitFor();
      expect(await page.getByText('小区门口的路灯不亮了').filter({ visible: true }).count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a recording stops itself at 60 s; the size of that minute is measured', async () => {
    const { page, cloud } = app;
    await app.actAs(DEMO.zhang);
    await openReport(page);
    const uploaded = page.waitForResponse((r) => r.url().includes('/__storage/upload') && r.request().method() === 'POST', { timeout: 80_000 });
    const button = visibleId(page, 'voice-hold');
    await button.scrollIntoViewIfNeeded();
    const box = (await button.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page
      .getByText(/^松开 结束/)
      .filter({ visible: true })
      .first()
      .waitFor();
    // Still held at 62 s: the recorder stopped by itself at 60.
    await visibleId(page, 'voice-state').filter({ hasText: '录好了 60秒' }).waitFor({ timeout: 70_000 });
    await page.mouse.up();
    const upload = await uploaded;
    const { fileID } = (await upload.json()) as { fileID: string };
    const file = await fetch(`${cloud.url}__storage/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}`);
    const bytes = (await file.arrayBuffer()).byteLength;
    console.log(`H5 voice note, one minute (MediaRecorder ${file.headers.get('content-type')}, audioBitsPerSecond 24000): ${bytes} bytes`);
    expect(file.headers.get('content-type')).toMatch(/^audio\//);
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  }, 120_000);
});
