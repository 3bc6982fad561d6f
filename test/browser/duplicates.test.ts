/**
 * Duplicates in the H5 build: the office finds the same matter reported twice from a case page (「合并重复的事」) and
 * merges it into the kept case; the merged case points to the kept one, both timelines say so, and the duplicate's
 * reporter then follows the kept case. (The resident's 「是不是这件事？」 is in report-flow.test.ts.)
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO } from '../support/local-cloud';

const T27 = '2026-11-27T10:00:00+08:00'; // group 3 on duty
const QIAN = 'o-browser-qian';
const run = browserAvailable() ? describe : describe.skip;

run('merging duplicates, in the browser', () => {
  const app = cloudPage({ now: T27, timers: false });
  const { visible, actAs } = app;
  const tap = (testId: string) => visible(testId).click();
  const confirm = (text: string) =>
    app.page
      .locator('.taro__modal :text-is("' + text + '"), .taro-modal__foot :text-is("' + text + '")')
      .last()
      .click();
  const report = async (openid: string, unit: string) => {
    const r = await app.cloud.call<CaseView>(
      'cases',
      'submit',
      { categoryId: 'sanitation', description: '垃圾房好几天没人清运了，味道很大', place: { compoundId: 'hongqiao', building: '9幢', unit } },
      openid,
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data;
  };

  it('the office merges a duplicate into the kept case from the case page', async () => {
    const kept = await report(DEMO.li, '');
    const dup = await report(QIAN, '2单元');
    await actAs(DEMO.office);
    await app.page.goto(`${app.cloud.url}#/pages/case/index?id=${dup.id}`);
    await visible('case-status').waitFor();
    await tap('merge-button');
    await visible(`merge-candidate-${kept.code}`).waitFor();
    expect(await visible(`merge-candidate-${kept.code}`).innerText()).toContain('垃圾房好几天没人清运了');
    await tap(`merge-into-${kept.code}`);
    await confirm('确定合并');
    await visible('merged-into').waitFor();
    expect(await visible('case-status').innerText()).toContain('已合并');
    expect(await visible('merged-into').innerText()).toContain(kept.code);
    await app.page
      .locator('[data-testid="case-timeline"]:visible')
      .filter({ hasText: `已并入事项 ${kept.code}` })
      .waitFor();
    await tap('merged-into-open');
    await app.page
      .locator('[data-testid="case-timeline"]:visible')
      .filter({ hasText: `并入了事项 ${dup.code}` })
      .waitFor();
    expect(new URL(app.page.url()).hash).toContain(`id=${kept.id}`);

    // The duplicate's reporter now follows the kept case: it is in their 我的事项, and the merged one is not.
    const mine = await app.cloud.call<{ cases: Array<{ id: string }> }>('cases', 'listMine', {}, QIAN);
    expect(mine.ok && mine.data.cases.map((c) => c.id)).toEqual([kept.id]);
    await actAs(QIAN);
    await app.page.goto(`${app.cloud.url}#/pages/case/index?id=${kept.id}`);
    await visible('following').waitFor();
  }, 60_000);
});
