/**
 * A photo at 办结, in the H5 build, step by step as people do it by what they see: the duty member 王思瑛 writes the
 * result, takes a photo (the browser's file input stands in for the camera), waits for 「已传好」 and taps 办结; the
 * resident 张阿姨 then reads that the photo of the result is still being checked, and once WeChat's check passes it
 * (the pushed verdict, delivered by the test) sees it under 办理结果 as 「办好后的照片」.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR, ok } from '../support/local-cloud';
import { tinyPng } from '../support/tiny-png';

const run = browserAvailable() ? describe : describe.skip;

run('a photo at 办结, in the browser', () => {
  const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-photo-')), 'fixed.png');
  const app = cloudPage({ now: DUTY_HOUR, timers: false }, () => fs.writeFileSync(photo, tinyPng()));
  const { actAs } = app;
  /** Something on the current page with these words (Taro's H5 keeps earlier pages in the DOM, hidden). */
  const shown = (words: string) => app.page.getByText(words, { exact: true }).filter({ visible: true }).first();
  const button = (name: string | RegExp) => app.page.getByRole('button', { name, exact: true }).filter({ visible: true }).first();
  const openCase = async (id: string) => {
    await app.page.goto(`${app.cloud.url}#/pages/case/index?id=${id}`);
    await app.page.reload();
    await app.page.getByTestId('case-status').filter({ visible: true }).first().waitFor();
  };

  it('the duty member resolves with a photo; the resident sees it under the result once WeChat passed it', async () => {
    const { page, cloud } = app;
    expect(await cloud.post('/__wx/pushes/delay', { delay: 'manual' })).toEqual({ delay: 'manual' });
    const place = { compoundId: 'hongqiao', building: '2幢', unit: '302' };
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', description: '楼道灯坏了，晚上看不见', place }, DEMO.zhang));
    ok(await cloud.call<CaseView>('cases', 'claim', { caseId: filed.id }, DEMO.wang));

    // 王思瑛 opens the case she holds: the resolve form offers photos; nothing says 「以后会加上」 any more.
    await actAs(DEMO.wang);
    await openCase(filed.id);
    // 办结 opens its form (the result in words, photos), right under the case's facts.
    await button(/^办结/).click();
    await shown('办好后的照片（可以不拍，最多 6 张）').waitFor();
    expect(await page.getByText('以后会加上').count()).toBe(0);
    await page
      .getByRole('textbox', { name: /办理结果/ })
      .filter({ visible: true })
      .first()
      .fill('换了新灯泡，楼道亮了');
    const chooser = page.waitForEvent('filechooser');
    await button('拍照或选照片').click();
    await (await chooser).setFiles(photo);
    await shown('第1张 已传好').waitFor();
    expect(await button('删除第1张照片').isVisible()).toBe(true);
    // The big buttons are big: 确认办结 and 拍照或选照片 (now saying how many more fit) at least 60 px high.
    for (const name of ['确认办结', /^拍照或选照片\s*还能放 5 张$/]) expect((await button(name).boundingBox())!.height).toBeGreaterThanOrEqual(60);

    await button('确认办结').click();
    await shown('办好了').click(); // the confirm dialog
    await page.getByTestId('case-status').filter({ visible: true }).filter({ hasText: '已办结' }).waitFor();
    // She sees her own photo at once, and that the resident will see it after the check.
    await shown('办好后的照片').waitFor();
    await shown('正在做安全检查，通过后居民才能看到').waitFor();
    expect(await page.getByTestId('case-timeline').filter({ visible: true }).innerText()).toContain('王思瑛办结：换了新灯泡，楼道亮了（附照片1张）');

    // 张阿姨: the result is there; the photo is still being checked, so she does not see it yet.
    await actAs(DEMO.zhang);
    await openCase(filed.id);
    await shown('换了新灯泡，楼道亮了').waitFor();
    await shown('办好后的照片有1张还在检查，暂时看不到').waitFor();
    expect(
      await page
        .getByRole('button', { name: /办好后的照片第1张/ })
        .filter({ visible: true })
        .count(),
    ).toBe(0);

    // WeChat's verdict arrives (pass): she opens the case again and sees the photo under the result.
    const delivered = await cloud.post<{ delivered: Array<{ event: { result: { suggest: string } } | null }> }>('/__wx/pushes/deliver', {});
    expect(delivered.delivered.map((p) => p.event?.result.suggest)).toEqual(['pass']);
    await openCase(filed.id);
    const result = page.getByTestId('case-resolution').filter({ visible: true });
    await result.getByText('办好后的照片', { exact: true }).waitFor();
    const thumb = result.getByRole('button', { name: '办好后的照片第1张，点一下看大图' });
    await thumb.waitFor();
    expect(await thumb.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.getByText('还在检查').filter({ visible: true }).count()).toBe(0);
  }, 120_000);
});
