/**
 * The resident's side in the H5 build: a report with a photo and its receipt, urging it, 我的事项 in two groups,
 * hearing back in the message centre (with its unread badge), and answering the 回访 (解决了, 满意: it ends the reopen offer).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';
import { tinyPng } from '../support/tiny-png';

const run = browserAvailable() ? describe : describe.skip;

run('the resident’s side, in the browser', () => {
  const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-photo-')), 'leak.png');
  const app = cloudPage({ now: DUTY_HOUR, timers: false }, () => fs.writeFileSync(photo, tinyPng()));
  const { visible, actAs } = app;

  it('reports with a photo, urges, hears back, answers the 回访', async () => {
    const { page } = app;
    await actAs(DEMO.zhang);
    await visible('report-button').click();
    await visible('category-repair').click();
    await visible('description').fill('卫生间水管接头漏水，地上全是水');
    const chooser = page.waitForEvent('filechooser');
    await visible('add-photo').click();
    await (await chooser).setFiles(photo);
    await visible('photo-0').waitFor();
    await visible('submit').click();
    await page.getByText('允许', { exact: true }).click();
    await visible('case-status').filter({ hasText: '等工作室的书记接手' }).waitFor();
    await visible('case-photo-0').waitFor();
    const caseId = new URL(page.url()).hash.match(/id=([^&]+)/)![1];

    // The receipt, at the top and in view, only right after submitting: 收到了, the number, who and by when, what next.
    expect(page.url()).toContain('submitted=1');
    const receipt = visible('receipt');
    const got = await app.cloud.call<{ code: string }>('cases', 'get', { caseId }, DEMO.zhang);
    const code = got.ok ? got.data.code : 'no code';
    const words = await receipt.innerText();
    for (const w of ['收到了', `事项编号：${code}`, '由谁处理：第二组值班成员', '前有书记接手', '有人接手时会通知您']) expect(words).toContain(w);
    expect(words).not.toMatch(/认领|上报|超时/);
    const box = (await receipt.boundingBox())!;
    expect(box.y).toBeLessThan(page.viewportSize()!.height / 2);
    // 催一催 is not the biggest button now: the receipt's 「好的，回到首页」 is.
    const area = async (testId: string) => ((b) => b.width * b.height)((await visible(testId).boundingBox())!);
    expect(await area('urge-button')).toBeLessThan(await area('receipt-home'));
    // The reporter can ring the office from the case page (a 60 px button).
    expect(await visible('case-contact').innerText()).toContain('社区办公室电话：0573-85010001');
    expect((await visible('call-office').boundingBox())!.height).toBeGreaterThanOrEqual(60);

    await visible('urge-button').click();
    await visible('urge-done').waitFor();

    // 我的事项: the case is under 进行中; opening it from there shows no receipt.
    await page.goto(`${app.cloud.url}#/pages/my-cases/index`);
    await page.reload();
    await visible('my-cases-open').locator(`[data-testid=case-item-${caseId}]`).waitFor();
    expect(await visible('my-cases-done').locator(`[data-testid=case-item-${caseId}]`).count()).toBe(0);
    await visible(`case-item-${caseId}`).click();
    await visible('case-status').waitFor();
    expect(await page.locator('[data-testid=receipt]:visible').count()).toBe(0);

    // 王思瑛 (group 2, on duty) claims and resolves it.
    for (const [action, payload] of [
      ['claim', { caseId }],
      ['resolve', { caseId, note: '换了水管接头，不漏了' }],
    ] as const) {
      const r = await app.cloud.call('cases', action, payload, DEMO.wang);
      expect(r.ok).toBe(true);
    }
    // The group's members were told about the urge, in their message centres.
    const wangs = await app.cloud.call<{ items: Array<{ title: string; caseId: string }> }>('messages', 'list', {}, DEMO.wang);
    expect(wangs.ok && wangs.data.items.some((m) => m.caseId === caseId && m.title.startsWith('催办'))).toBe(true);

    // Back to 张阿姨: the home page counts unread messages in words; the message opens the case.
    await page.goto(`${app.cloud.url}#/pages/index/index`);
    await page.reload();
    await visible('messages-badge').waitFor();
    expect(await visible('messages-badge').innerText()).toMatch(/\d+条未读/);
    await visible('messages-button').click();
    await page.locator('[data-testid^="message-"]:visible').filter({ hasText: '书记正在办您反映的事' }).first().waitFor();
    await page.locator('[data-testid^="message-"]:visible').filter({ hasText: '您反映的事已经办好了' }).first().click();
    await visible('case-status').filter({ hasText: '已经办好了' }).waitFor();

    await visible('reopen-button').waitFor(); // offered until the resident says it is solved
    // 回访, answerable at once (问题解决了 and 评价 are its two questions now); both must be picked.
    expect(await page.locator('[data-testid=confirm-button]:visible, [data-testid=rate-button]:visible').count()).toBe(0);
    await visible('follow-solved-yes').click();
    await visible('follow-up-confirm').click();
    expect(await visible('action-error').innerText()).toContain('请两个问题都选一下');
    await visible('follow-satisfied').click();
    await visible('follow-comment').fill('王书记来得很快');
    await visible('follow-up-confirm').click();
    await visible('follow-up-answer').waitFor();
    expect(await visible('follow-up-answer').innerText()).toContain('问题解决了，满意');
    expect(await visible('follow-up-answer').innerText()).toContain('王书记来得很快');
    await visible('case-confirmed').waitFor();
    // Saying it is solved ends the reopen offer, and the form.
    expect(await page.locator('[data-testid=reopen-button]:visible, [data-testid=follow-up-form]:visible').count()).toBe(0);

    // 我的事项: now under 已办完.
    await page.goto(`${app.cloud.url}#/pages/my-cases/index`);
    await page.reload();
    await visible('my-cases-done').locator(`[data-testid=case-item-${caseId}]`).waitFor();
    expect(await visible('my-cases-open').locator(`[data-testid=case-item-${caseId}]`).count()).toBe(0);

    // Counted in 三率 on the office's dashboard: one answer, 解决了 and 满意. Its claim time has not ended yet (the
    // clock stands at 10:00 on the day it came), so 响应率 has nothing to count.
    await actAs(DEMO.office);
    await page.goto(`${app.cloud.url}#/pages-office/dashboard/index`);
    await page.reload();
    await visible('rates-total').waitFor();
    expect(await visible('rate-solved').innerText()).toContain('解决率：100.0%');
    expect(await visible('rate-solved').innerText()).toContain('1 ÷ 1');
    expect(await visible('rate-satisfied').innerText()).toContain('满意率：100.0%');
    expect(await visible('rate-response').innerText()).toContain('响应率：—');
    expect(await visible('rate-response').innerText()).toContain('认领时限在本期内到期的事项'); // its definition, beside it
    await visible('rates-part-byMember').click();
    expect(await visible('rates-row-demo-member-05').innerText()).toContain('解决率 100.0%（1/1）');
  }, 120_000);

  it('off duty, 催一催 says when it will be seen, before tapping and after', async () => {
    const { page } = app;
    await app.cloud.post('/__dev/clock', { advanceMinutes: 9 * 60 }); // 19:00: nobody on duty until 08:30 tomorrow
    const pipe = { categoryId: 'repair', description: '楼道灯不亮了', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
    const r = await app.cloud.call<{ id: string }>('cases', 'submit', pipe, DEMO.zhang);
    const id = r.ok ? r.data.id : '';
    await actAs(DEMO.zhang);
    await page.goto(`${app.cloud.url}#/pages/case/index?id=${id}`);
    await page.reload();
    const note = '现在是下班时间，明天 08:30 值班的人会先看到';
    expect(await visible('urge-note').innerText()).toBe(note);
    await visible('urge-button').click();
    expect(await visible('urge-done').innerText()).toContain(note);
  }, 60_000);
});
