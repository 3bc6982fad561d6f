/**
 * 常用语 (issue 14, item 4) in the H5 build: the admin adds a phrase to 写进展's list on the configuration page; the
 * duty member holding a case taps it (and a default 办结 phrase) instead of typing, and the words land in the
 * case's timeline.
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR, ok } from '../support/local-cloud';

const run = browserAvailable() ? describe : describe.skip;
const PHRASE = '已约好周六上门';

run('常用语 in the browser', () => {
  const app = cloudPage({ now: DUTY_HOUR, timers: false });
  const { visible, actAs } = app;
  /** The chips of a step's 常用语 on the open form. */
  const chip = (step: string, words: string) => app.page.locator(`[role=button][data-testid^="quick-${step}-"]:visible`, { hasText: words }).first();

  it('the admin adds a phrase; the duty member taps it on 写进展 and a default on 办结; both land in the timeline', async () => {
    const { page } = app;
    // The admin adds a line to 写进展's phrases (an empty line is left out).
    await actAs(DEMO.admin);
    await page.goto(`${app.cloud.url}#/pages-admin/config/index`);
    await visible('open-quickReplies').click();
    const box = visible('quick-note');
    const before = await box.inputValue();
    expect(before.split('\n')).toContain('已上门查看');
    await box.fill(`${before}\n\n${PHRASE}`);
    await visible('save-quickReplies').click();
    await visible('config-saved').waitFor();
    const saved = ok(await app.cloud.call<{ config: { quickReplies?: { note: string[] } } }>('admin', 'overview', {}, DEMO.admin));
    expect(saved.config.quickReplies?.note).toEqual([...before.split('\n'), PHRASE]);
    // The other functions read the configuration again within their cache's minute.
    await app.cloud.post('/__dev/clock', { advanceMinutes: 2 });

    // 李大伯 reports; 陆建国 (group 2, on duty) claims it.
    const c = ok(
      await app.cloud.call<CaseView>(
        'cases',
        'submit',
        { categoryId: 'repair', description: '楼道灯坏了好几天', place: { compoundId: 'hubin', building: '', unit: '' } },
        DEMO.li,
      ),
    );
    ok(await app.cloud.call('cases', 'claim', { caseId: c.id }, DEMO.lu));

    await actAs(DEMO.lu);
    await page.goto(`${app.cloud.url}#/pages/case/index?id=${c.id}`);
    await visible('case-status').waitFor();
    await visible('note-button').click();
    // Two taps: the phrases joined with 「，」.
    await chip('note', PHRASE).click();
    await chip('note', '已联系物业').click();
    expect(await visible('note-text').inputValue()).toBe(`${PHRASE}，已联系物业`);
    const size = await chip('note', PHRASE).evaluate((el) => ({ height: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) }));
    expect(size.height).toBeGreaterThanOrEqual(48);
    expect(size.font).toBeGreaterThanOrEqual(18);
    await visible('note-confirm').click();
    await page
      .getByTestId('case-timeline')
      .filter({ hasText: `${PHRASE}，已联系物业` })
      .waitFor();

    // 办结 with a default phrase after a typed word.
    await visible('resolve-open').click();
    await visible('resolution-note').fill('灯');
    await chip('resolve', '已修好').click();
    expect(await visible('resolution-note').inputValue()).toBe('灯，已修好');
    await visible('resolve-button').click();
    await page.getByText('办好了', { exact: true }).click();
    await page.getByTestId('case-timeline').filter({ hasText: '灯，已修好' }).waitFor();
  }, 120_000);
});
