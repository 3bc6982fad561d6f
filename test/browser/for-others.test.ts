/**
 * 家人的地址 in the browser (issue 14 item 3: "This is how a son in Shanghai reports his mother's leak"), on the H5 build
 * served by the local cloud. 李大伯 plays the son (he lives in 虹桥佳苑): from the report page he adds 「我父母家」
 * (湖滨花园 5幢 101, 王大伯) and reports a leak for it → the duty member for 湖滨花园 (陆建国) opens the case: whom to
 * visit, the parent's phone and place, and the son as reporter with his own phone → after 办结 the son finds the
 * result in his messages. A second report for the saved place takes ≤ 3 screens.
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR, ok } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;

run('reporting for someone else (家人的地址), in the browser', () => {
  const screens: string[] = [];
  let taps = 0;
  const app = cloudPage({ now: DUTY_HOUR }, (page) => {
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) {
        const route = new URL(f.url()).hash.replace(/\?.*$/, '');
        if (route && screens.at(-1) !== route) screens.push(route);
      }
    });
  });
  const tap = async (testId: string) => {
    taps++;
    await app.visible(testId).click();
  };
  let caseId = '';

  it('the son adds 「我父母家」 from the report page and reports a leak for it', async () => {
    const { page, visible } = app;
    await app.actAs(DEMO.li);
    await visible('report-button').waitFor();
    screens.length = 0;
    screens.push('#/pages/index/index');
    await tap('report-button');
    // No saved place yet: no 「为谁反映」, one light button to add one.
    await visible('category-repair').waitFor();
    expect(await page.locator('[data-testid=report-for-whom]:visible').count()).toBe(0);
    await tap('add-family-place');
    await visible('place-label').fill('我父母家');
    await tap('place-compound-hubin');
    await visible('place-building').fill('5幢');
    await visible('place-unit').fill('101');
    await visible('place-name').fill('王大伯');
    await visible('place-phone').fill('13800005678');
    await tap('place-save');
    // Back on the report: the new place is chosen, its words say who will be visited.
    await visible('report-for-whom').waitFor();
    expect(await visible('for-place-text').innerText()).toContain('湖滨花园 5幢 101');
    expect(await visible('for-place-text').innerText()).toContain('王大伯');
    expect(await page.locator('[data-testid^=compound-]:visible').count()).toBe(0); // no place to choose
    await tap('category-repair');
    await visible('description').fill('我妈家厨房水管漏水了，地上都是水');
    await tap('submit');
    await page.getByText('允许', { exact: true }).click();
    await visible('case-status').waitFor();
    caseId = new URL(page.url()).hash.match(/id=([^&]+)/)?.[1] ?? '';
    expect(caseId).not.toBe('');
    expect(await visible('filed-for').innerText()).toContain('帮家人反映：王大伯（我父母家）');
    console.log(`first report for a parent (adding the place): ${new Set(screens).size} screens (${screens.join(' → ')}), ${taps} taps`);
    const c = ok(await app.cloud.call<CaseView>('cases', 'get', { caseId }, DEMO.li));
    expect(c).toMatchObject({ place: { compoundId: 'hubin', building: '5幢', unit: '101' }, filedFor: { name: '王大伯', label: '我父母家' } });
  }, 180_000);

  it('the duty member sees whom to visit and call, the place, and the son as reporter with his own phone', async () => {
    const { page, visible } = app;
    await app.actAs(DEMO.lu);
    await page.goto(`${app.cloud.url}?load=case#/pages/case/index?id=${caseId}`);
    await visible('visit-card').waitFor();
    // In the pool: masked phones, no call buttons yet.
    expect(await visible('visit-person').innerText()).toBe('王大伯（我父母家）湖滨花园5幢101');
    expect(await visible('visit-phone').innerText()).toContain('138****5678');
    expect(await page.locator('[data-testid=call-visit]:visible').count()).toBe(0);
    await visible('claim-button').click();
    await visible('call-visit').waitFor();
    expect(await visible('visit-phone').innerText()).toContain('13800005678');
    expect(await visible('call-visit').innerText()).toContain('打电话给王大伯');
    const reporter = await visible('reporter-away').innerText();
    expect(reporter).toContain('反映人：李大伯 13912345678');
    expect(reporter).toContain('（在外地，帮家人反映）');
    expect(await visible('call-reporter').innerText()).toContain('打电话给李大伯');
    // The resident's own single call button is not shown twice.
    expect(await page.locator('[data-testid=call-resident]:visible').count()).toBe(0);
    await visible('resolve-open').click();
    await visible('resolution-note').fill('换了厨房水管的接头，不漏了');
    await visible('resolve-button').click();
    await page.getByText('办好了', { exact: true }).click(); // confirm dialog
    await page.getByTestId('case-status').filter({ hasText: '已办结' }).first().waitFor();
  }, 180_000);

  it('the son finds the result in his messages and on the case', async () => {
    const { page, visible } = app;
    await app.actAs(DEMO.li);
    await visible('messages-button').click();
    await page.locator('[data-testid^="message-"]:visible').filter({ hasText: '您反映的事已经办好了' }).first().click();
    await visible('case-resolution').waitFor();
    expect(await visible('case-resolution').innerText()).toContain('换了厨房水管的接头，不漏了');
  }, 180_000);

  it('a second report for the saved place: ≤ 3 screens', async () => {
    const { page, visible } = app;
    await app.actAs(DEMO.li);
    await visible('report-button').waitFor();
    screens.length = 0;
    taps = 0;
    screens.push('#/pages/index/index');
    await tap('report-button');
    await visible('report-for-whom').waitFor();
    // 自己 is chosen until the son picks the saved place.
    expect(await visible('for-self').getAttribute('aria-pressed')).toBe('true');
    await page.locator('[data-testid^=for-place-]:visible').filter({ hasText: '我父母家' }).first().click();
    taps++;
    await tap('category-sanitation');
    await visible('description').fill('我父母楼下的垃圾好几天没人清了');
    taps++;
    await tap('submit');
    await page.getByText('允许', { exact: true }).click();
    taps++;
    await visible('case-status').waitFor();
    console.log(`second report for a parent: ${screens.length} screens (${screens.join(' → ')}), ${taps} taps`);
    expect(screens.length).toBeLessThanOrEqual(3);
    const id = new URL(page.url()).hash.match(/id=([^&]+)/)?.[1] ?? '';
    expect(ok(await app.cloud.call<CaseView>('cases', 'get', { caseId: id }, DEMO.li))).toMatchObject({ placeText: '湖滨花园 5幢 101' });
  }, 180_000);
});
