/**
 * 楼道二维码 in the browser (issue 14, item 1), on the H5 build served by the local cloud: the admin makes posters
 * for 3 buildings of 湖滨花园 (each an A4 poster with the code's image); a resident opens the URL the code holds →
 * the place is filled in and the page starts on the categories → reports in 2 screens; an unknown code opens the
 * normal form with a clear word; 「不是这里？改一下」 brings the place fields back.
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR, ok } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;

run('stairwell QR codes, in the browser', () => {
  const screens: string[] = [];
  const app = cloudPage({ now: DUTY_HOUR }, (page) => {
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) {
        const route = new URL(f.url()).hash.replace(/\?.*$/, '');
        if (route && screens.at(-1) !== route) screens.push(route);
      }
    });
  });
  let loads = 0;
  /** Open a route afresh (a new document, as a scan opens the page). */
  const open = (route: string) => app.page.goto(`${app.cloud.url}?load=${++loads}#/${route}`);
  let codes: string[] = [];

  it('the admin makes A4 posters for 3 buildings, each with the code as an image', async () => {
    const { page, visible } = app;
    await app.actAs(DEMO.admin);
    await open('pages-admin/index/index');
    await visible('admin-posters').click();
    await visible('poster-compound-hubin').click();
    await visible('poster-buildings').fill('1幢,2幢，3幢');
    await visible('poster-make').click();
    const posters = page.locator('[data-testid^=poster-]').filter({ has: page.locator('[data-testid=poster-code]') });
    await posters.first().waitFor();
    expect(await posters.count()).toBe(3);
    codes = await posters.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('poster-', '')));
    const first = await posters.first().innerText();
    expect(first).toContain('有事扫一扫 · 金钥匙书记工作室');
    expect(first).toContain('湖滨花园 1幢');
    expect(first).toContain('0573-85010001');
    const img = posters.first().locator('img');
    await expect(img.getAttribute('src')).resolves.toContain(`placecodes/${codes[0]}.png`);
    // The image is really there (the browser loaded it).
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid=poster-code] img, img')).some((i) => (i as HTMLImageElement).naturalWidth > 0),
    );
    await visible('poster-print').waitFor();
  }, 120_000);

  it('a resident opens the scanned URL: the place is filled in, and the report takes 2 screens', async () => {
    const { page, visible } = app;
    expect(codes).toHaveLength(3);
    await app.actAs(DEMO.li);
    screens.length = 0;
    let taps = 0;
    // What the printed code holds (the local cloud's QR code): the H5 report page with the place code as `scene`.
    await open(`pages/report/index?scene=${codes[1]}`);
    await visible('scanned-place').waitFor();
    expect(await visible('scanned-place-text').innerText()).toBe('湖滨花园 2幢');
    // Straight on the category grid: no place to choose.
    expect(await page.locator('[data-testid^=compound-]:visible').count()).toBe(0);
    taps++;
    await visible('category-repair').click();
    taps++;
    await visible('description').fill('楼道的灯坏了，晚上看不见台阶');
    taps++;
    await visible('submit').click();
    taps++;
    await page.getByText('允许', { exact: true }).click(); // the subscribe prompt
    await visible('case-status').waitFor();
    const caseId = new URL(page.url()).hash.match(/id=([^&]+)/)?.[1] ?? '';
    const seen = new Set(screens).size;
    console.log(`scanned report: ${seen} screens (${screens.join(' → ')}), ${taps} taps (category, description, 提交, 允许)`);
    expect(seen).toBe(2);
    const c = ok(await app.cloud.call<CaseView>('cases', 'get', { caseId }, DEMO.li));
    expect(c.place).toMatchObject({ compoundId: 'hubin', building: '2幢', unit: '' });
  }, 120_000);

  it('「不是这里？改一下」 brings the place fields back; an unknown code opens the normal form with a clear word', async () => {
    const { page, visible } = app;
    await open(`pages/report/index?scene=${codes[0]}`);
    await visible('change-place').click();
    await visible('compound-hubin').waitFor();
    expect(await page.locator('[data-testid=scanned-place]:visible').count()).toBe(0);

    await open('pages/report/index?scene=ZZZZZZZ');
    await visible('scene-problem').waitFor();
    expect(await visible('scene-problem').innerText()).toContain('这个二维码已经不用了，请选一下您住在哪里');
    await visible('compound-hubin').waitFor();
    await visible('category-repair').waitFor();
  }, 120_000);

  it('the admin retires a code typed from the poster; scanning it then opens the normal form', async () => {
    const { page, visible } = app;
    await app.actAs(DEMO.admin);
    await open('pages-admin/posters/index');
    await visible('retire-code').fill(` ${codes[2].toLowerCase()} `);
    await visible('retire-make').click();
    await page.getByText(`地点码 ${codes[2]}（湖滨花园 3幢）已停用。`).waitFor();
    await app.actAs(DEMO.li);
    await open(`pages/report/index?scene=${codes[2]}`);
    await visible('scene-problem').waitFor();
    expect(await visible('scene-problem').innerText()).toContain('这个二维码已经不用了，请选一下您住在哪里');
    // The others still work.
    await open(`pages/report/index?scene=${codes[1]}`);
    expect(await visible('scanned-place-text').innerText()).toBe('湖滨花园 2幢');
  }, 120_000);
});
