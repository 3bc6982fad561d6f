/**
 * A resident reports in the compiled mini-program (dist/weapp): home → report (category, description, a photo taken
 * and uploaded onto the local cloud's storage) → submit → the case page; the subscribe prompt is asked inside the
 * submit tap, and a refusal still files the case.
 */
import type { CaseView } from '../../types/domain';
import { launchWeapp, type Weapp } from '../support/weapp-harness';
import { cloudForFile, DEMO, ok } from '../support/local-cloud';
import { WX_ALLOWED } from './wx-allow-list';

const cloud = cloudForFile({ now: '2026-11-27T10:00:00+08:00', timers: false });

let app: Weapp | undefined;
afterEach(() => app?.close());

/** From home to a filed case as 李大伯, answering the subscribe prompt with `answer`; resolves with the case id. */
async function report(answer: 'accept' | 'reject', description: string, withPhoto: boolean): Promise<string> {
  app = await launchWeapp({ allowed: WX_ALLOWED, cloudUrl: cloud.url, openid: DEMO.li, path: 'pages/index/index', subscribeAnswer: answer });
  await app.page.waitForText('我要反映问题');
  await app.page.tap('我要反映问题');
  const form = await app.waitForPage('pages/report/index');
  await form.waitForText('水电维修');
  await form.tap('水电维修');
  await form.type('请说说是什么事', description);
  if (withPhoto) {
    await form.tap('拍照或选照片');
    await form.waitForText('第1张 已传好');
  }
  await form.tap('提交');
  const casePage = await app.waitForPage('pages/case/index', 15_000);
  await casePage.waitForText(description);
  expect({ errors: app.errors, notAllowed: app.log.notAllowed }).toEqual({ errors: [], notAllowed: [] });
  return casePage.query.id;
}

it('home → report with a photo → submit → the case page; the case has the description and the photo', async () => {
  const started = Date.now();
  const id = await report('accept', '楼道灯坏了好几天了，晚上看不见路', true);
  console.log(`weapp report flow (home → case page, with a photo): ${Date.now() - started} ms`);

  // The photo went the weapp way: picked, made smaller, uploaded into the resident's own folder.
  const apis = app!.log.calls.map((c) => c.api);
  expect(apis.filter((a) => ['chooseMedia', 'compressImage', 'cloud.uploadFile'].includes(a))).toEqual(['chooseMedia', 'compressImage', 'cloud.uploadFile']);
  const upload = app!.log.calls.find((c) => c.api === 'cloud.uploadFile')!.args as { cloudPath: string };
  expect(upload.cloudPath).toMatch(new RegExp(`^photos/${DEMO.li}/\\d{8}-[0-9a-f]{16}\\.jpg$`));
  expect(apis.filter((a) => a === 'redirectTo')).toHaveLength(1);

  const filed = ok(await cloud.call<CaseView>('cases', 'get', { caseId: id }, DEMO.li));
  expect(filed.description).toBe('楼道灯坏了好几天了，晚上看不见路');
  expect(filed.photos).toHaveLength(1);
});

it('asks requestSubscribeMessage synchronously inside the submit tap (≤ 5 templates); a refusal still files the case', async () => {
  const credits = async (tmplId: string) => (await cloud.get<{ credits: number }>(`/__wx/credits?openid=${DEMO.li}&tmplId=${tmplId}`)).credits;
  const before = await credits('LOCAL_TMPL_CASE_RESOLVED');
  const id = await report('reject', '小区门口的路灯不亮了', false);

  const asked = app!.log.calls.filter((c) => c.api === 'requestSubscribeMessage');
  expect(asked).toHaveLength(1);
  expect(asked[0].inTap).toBe(true);
  const { tmplIds } = asked[0].args as { tmplIds: string[] };
  expect(tmplIds.length).toBeGreaterThanOrEqual(1);
  expect(tmplIds.length).toBeLessThanOrEqual(5);
  expect(tmplIds).toContain('LOCAL_TMPL_CASE_RESOLVED');
  // WeChat's platform heard the refusal: no credit for the resolved notice.
  expect(await credits('LOCAL_TMPL_CASE_RESOLVED')).toBe(before);

  expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: id }, DEMO.li)).description).toBe('小区门口的路灯不亮了');
});

it('asks the privacy question at the first photo (not agreed before): 「同意」 on the sheet lets the photo through', async () => {
  app = await launchWeapp({ allowed: WX_ALLOWED, cloudUrl: cloud.url, openid: DEMO.zhang, path: 'pages/report/index', privacyAgreed: false });
  await app.page.waitForText('拍照或选照片');
  await app.page.tap('拍照或选照片');
  await app.page.waitForText('先请您同意一件事'); // WeChat holds chooseMedia until the page's sheet answers
  await app.page.tap('同意');
  await app.page.waitForText('第1张 已传好');
  expect(app.page.text()).not.toContain('先请您同意一件事');
  expect(app.log.calls.filter((c) => c.api === 'chooseMedia')).toHaveLength(1);
  expect({ errors: app.errors, notAllowed: app.log.notAllowed }).toEqual({ errors: [], notAllowed: [] });
});
