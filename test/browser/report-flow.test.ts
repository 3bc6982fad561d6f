/**
 * The walking skeleton, as people use it, in headless Chromium on the H5 build served by the local cloud:
 * a resident reports a burst pipe → the on-duty member sees it and claims it → resolves it → the resident's case
 * shows 已办结 and the outbox holds exactly one 「办结」 message to that resident (and the 「进度」 one sent at the claim).
 */
import type { Route } from 'playwright-core';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO, DUTY_HOUR } from '../support/local-cloud';
import { CLOUD_FAILURES } from '../../src/services/cloud-errors';

const run = browserAvailable() ? describe : describe.skip;

run('report → claim → resolve, in the browser', () => {
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
  const { actAs } = app;

  const tap = async (testId: string) => {
    taps++;
    await app.page.getByTestId(testId).first().click();
  };

  it('carries a burst pipe from the resident to the duty member and back', async () => {
    const { page } = app;
    const started = Date.now();
    // The resident.
    await actAs(DEMO.zhang);
    await page.getByTestId('report-button').waitFor();
    screens.length = 0;
    taps = 0;
    screens.push('#/pages/index/index');
    await tap('report-button');
    await tap('category-repair');
    taps++;
    await page.getByTestId('description').fill('水管爆裂了，一直在漏水，快来人看看');
    // Place is remembered from last time (虹桥佳苑 2幢 1单元302).
    await tap('submit');
    taps++;
    await page.getByText('允许', { exact: true }).click(); // the subscribe prompt
    await page.getByTestId('case-status').filter({ hasText: '等工作室的书记接手' }).waitFor(); // the resident's words
    expect(await page.getByTestId('case-reason').innerText()).toContain('由第二组值班成员处理：王思瑛等');
    // Times are Beijing time even though this browser runs in UTC.
    expect(await page.getByTestId('case-timeline').innerText()).toMatch(/2026年11月26日 10:0\d/);
    const caseId = new URL(page.url()).hash.match(/id=([^&]+)/)?.[1] ?? '';
    expect(caseId).not.toBe('');
    const reportScreens = screens.length;
    const reportTaps = taps;
    expect(reportScreens).toBeLessThanOrEqual(3);

    // The duty member on group 2.
    await actAs(DEMO.wang);
    await page.getByTestId('duty-button').click();
    await page.getByTestId(`pool-item-${caseId}`).waitFor();
    expect(await page.getByTestId(`pool-item-${caseId}`).innerText()).toContain('等待认领'); // the members' words
    await page.getByTestId(`pool-claim-${caseId}`).click();
    await page.getByTestId('case-status').filter({ hasText: '处理中' }).waitFor();
    await page.getByTestId('resolve-open').click();
    await page.getByTestId('resolution-note').fill('已请物业关了总阀，换了水管，不漏了');
    await page.getByTestId('resolve-button').click();
    await page.getByText('办好了', { exact: true }).click(); // confirm dialog
    await page.getByTestId('case-status').filter({ hasText: '已办结' }).waitFor();

    // The resident sees it resolved.
    await actAs(DEMO.zhang);
    await page.getByTestId('my-cases-button').click();
    expect(await page.getByTestId(`case-item-${caseId}`).innerText()).toContain('已经办好了');
    await page.getByTestId(`case-item-${caseId}`).click();
    await page.getByTestId('case-status').filter({ hasText: '已经办好了' }).waitFor();
    expect(await page.getByTestId('case-resolution').innerText()).toContain('换了水管');

    const { messages } = await app.cloud.get<{ messages: Array<{ touser: string; templateId: string }> }>('/__wx/outbox');
    const toResident = messages.filter((m) => m.touser === DEMO.zhang);
    // Exactly one 「事项办结通知」, plus the 「事项进度通知」 sent when 王思瑛 claimed it (both were allowed at submit).
    expect(toResident.filter((m) => m.templateId === 'LOCAL_TMPL_CASE_RESOLVED')).toHaveLength(1);
    expect(toResident.map((m) => m.templateId).sort()).toEqual(['LOCAL_TMPL_CASE_PROGRESS', 'LOCAL_TMPL_CASE_RESOLVED']);
    console.log(`browser e2e: report took ${reportScreens} screens and ${reportTaps} taps; whole flow ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);

  it('a neighbour reporting the same leak is asked 「是不是这件事？」 and joins it (one more tap, only then)', async () => {
    const { page } = app;
    // 张阿姨 reported a leak at 湖滨花园 5幢 an hour ago; 李大伯 lives in that building (his remembered place).
    const first = await app.cloud.call<{ id: string; code: string }>(
      'cases',
      'submit',
      { categoryId: 'repair', description: '五幢楼道的水管在漏水，地上全是水', place: { compoundId: 'hubin', building: '5幢', unit: '' } },
      DEMO.zhang,
    );
    if (!first.ok) throw new Error(JSON.stringify(first));
    await actAs(DEMO.li);
    await page.getByTestId('report-button').waitFor();
    screens.length = 0;
    taps = 0;
    screens.push('#/pages/index/index');
    await tap('report-button');
    await tap('category-repair');
    taps++;
    await page.getByTestId('description').fill('楼道里水管漏水了');
    await tap('submit');
    await page.getByText('允许', { exact: true }).click(); // the subscribe prompt, still inside the 提交 tap
    taps++;
    await page.getByTestId('duplicate-question').filter({ hasText: '是不是这件事？' }).waitFor();
    const shown = await page.getByTestId('duplicate-candidate').innerText();
    expect(shown).toContain('水电维修');
    expect(shown).toContain('5幢');
    expect(shown).toContain('五幢楼道的水管在漏水');
    expect(shown).toContain('等工作室的书记接手');
    expect(shown).not.toMatch(/张阿姨|张桂芳|1381234/);
    expect(await page.getByTestId('file-separately').innerText()).toContain('不是，我要单独反映');
    await tap('join-duplicate');
    await page.getByTestId('following').waitFor();
    expect(new URL(page.url()).hash).toContain(`id=${first.data.id}`);
    expect(await page.getByTestId('case-status').innerText()).toContain('等工作室的书记接手');
    // No reporter's actions on someone else's case.
    expect(await page.getByTestId('cancel-button').count()).toBe(0);
    // The question takes the report page's place (no new page); its answer is the one tap added.
    console.log(`joining a duplicate: ${screens.length} screens (${screens.join(' → ')}), ${taps} taps`);
    expect(screens.length).toBeLessThanOrEqual(3);
    expect(taps).toBe(6);
    // 我的事项 holds it once; no second case was filed.
    await page.goto(`${app.cloud.url}#/pages/my-cases/index`);
    await page.getByTestId(`case-item-${first.data.id}`).waitFor();
    const mine = await app.cloud.call<{ cases: Array<{ id: string }> }>('cases', 'listMine', {}, DEMO.li);
    expect(mine.ok && mine.data.cases.map((c) => c.id)).toEqual([first.data.id]);
  }, 60_000);

  it('says why a call failed (no network, not deployed, crashed) and 「再试一次」 loads the form once the cloud answers', async () => {
    const { page } = app;
    await actAs(DEMO.zhang);
    const retry = page.getByText('再试一次', { exact: true }).filter({ visible: true });
    const failWith = async (answer: (r: Route) => Promise<void>) => {
      await page.unrouteAll();
      await page.route('**/fn/session', answer);
    };

    await failWith((r) => r.abort('internetdisconnected'));
    await page.goto('about:blank'); // a fresh start: no MeView cached from the role switcher's home page
    await page.goto(`${app.cloud.url}#/pages/report/index`);
    await page.getByText(CLOUD_FAILURES.network.message).filter({ visible: true }).waitFor();

    await failWith((r) => r.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ errCode: -1, errMsg: 'no route' }) }));
    await retry.click();
    await page.getByText(CLOUD_FAILURES['not-deployed'].message).filter({ visible: true }).waitFor();

    await failWith((r) =>
      r.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ errCode: -504002, errMsg: 'functions execute fail' }) }),
    );
    await retry.click();
    await page.getByText(CLOUD_FAILURES.crashed.message).filter({ visible: true }).waitFor();

    await page.unrouteAll();
    await retry.click();
    await page.getByTestId('category-repair').filter({ visible: true }).waitFor();
    expect(await page.getByText(CLOUD_FAILURES.crashed.message).filter({ visible: true }).count()).toBe(0);
  }, 60_000);
});
