/**
 * A stairwell poster's code scanned in the compiled mini-program (dist/weapp): WeChat opens pages/report/index with
 * the code in `query.scene` (URL-encoded); the place is filled in and the report is filed from that one page.
 */
import type { CaseView } from '../../types/domain';
import { launchWeapp, type Weapp } from '../support/weapp-harness';
import { cloudForFile, DEMO, ok } from '../support/local-cloud';
import { WX_ALLOWED } from './wx-allow-list';

const cloud = cloudForFile({ now: '2026-11-27T10:00:00+08:00', timers: false });

let app: Weapp | undefined;
afterEach(() => app?.close());

it('scan → the report page with 湖滨花园 3幢 filled in → category, description, 提交 → the case has the place', async () => {
  const made = ok(await cloud.call<{ codes: Array<{ code: string }> }>('admin', 'placeCodes', { compoundId: 'hubin', buildings: ['3幢'] }, DEMO.admin));
  const code = made.codes[0].code;
  // WeChat passes the scene URL-encoded (the harness decodes the query once, as a page's options are).
  app = await launchWeapp({
    allowed: WX_ALLOWED,
    cloudUrl: cloud.url,
    openid: DEMO.li,
    path: `pages/report/index?scene=${encodeURIComponent(encodeURIComponent(code.toLowerCase()))}`,
    subscribeAnswer: 'accept',
  });
  await app.page.waitForText('湖滨花园 3幢');
  await app.page.waitForText('不是这里？改一下');
  await app.page.tap('水电维修');
  await app.page.type('请说说是什么事', '三幢楼道的灯不亮了');
  await app.page.tap('提交');
  const casePage = await app.waitForPage('pages/case/index', 15_000);
  await casePage.waitForText('三幢楼道的灯不亮了');
  expect({ errors: app.errors, notAllowed: app.log.notAllowed }).toEqual({ errors: [], notAllowed: [] });
  const filed = ok(await cloud.call<CaseView>('cases', 'get', { caseId: casePage.query.id }, DEMO.li));
  expect(filed.place).toEqual({ compoundId: 'hubin', building: '3幢', unit: '' });
});
