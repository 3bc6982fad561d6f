/**
 * The duty member resolves with a photo in the compiled mini-program (dist/weapp): the case page's resolve form picks
 * a photo (chooseMedia), makes it smaller and uploads it into the member's own folder, and 办结 sends it with the
 * result; the stored case holds the photo as the member's, taken at 办结, waiting for WeChat's check.
 */
import type { CaseView } from '../../types/domain';
import { launchWeapp, type Weapp } from '../support/weapp-harness';
import { cloudForFile, DEMO, ok } from '../support/local-cloud';
import { WX_ALLOWED } from './wx-allow-list';

const cloud = cloudForFile({ now: '2026-11-26T10:00:00+08:00', timers: false });

let app: Weapp | undefined;
afterEach(() => app?.close());

it('case page → result and a photo → 办结: the photo goes up the weapp way and comes with the resolve', async () => {
  const place = { compoundId: 'hongqiao', building: '2幢', unit: '302' };
  const filed = ok(await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', description: '楼道灯坏了好几天了', place }, DEMO.zhang));
  ok(await cloud.call<CaseView>('cases', 'claim', { caseId: filed.id }, DEMO.wang));

  app = await launchWeapp({ allowed: WX_ALLOWED, cloudUrl: cloud.url, openid: DEMO.wang, path: `pages/case/index?id=${filed.id}` });
  await app.page.waitForText('写下办理结果，可以拍照');
  await app.page.tap('写下办理结果，可以拍照'); // the 办结 button opens its form
  await app.page.waitForText('办好后的照片（可以不拍，最多 6 张）');
  expect(app.page.text()).not.toContain('以后会加上');
  await app.page.type('办理结果（必须填写）', '换了新灯泡，楼道亮了');
  await app.page.tap('拍照或选照片');
  await app.page.waitForText('第1张 已传好');
  await app.page.tap('确认办结'); // the confirm dialog says yes
  await app.page.waitForText('已办结', 15_000);
  await app.page.waitForText('正在做安全检查，通过后居民才能看到');
  expect({ errors: app.errors, notAllowed: app.log.notAllowed }).toEqual({ errors: [], notAllowed: [] });

  const apis = app.log.calls.map((c) => c.api);
  expect(apis.filter((a) => ['chooseMedia', 'compressImage', 'cloud.uploadFile', 'showModal'].includes(a))).toEqual([
    'chooseMedia',
    'compressImage',
    'cloud.uploadFile',
    'showModal',
  ]);
  const upload = app.log.calls.find((c) => c.api === 'cloud.uploadFile')!.args as { cloudPath: string };
  expect(upload.cloudPath).toMatch(new RegExp(`^photos/${DEMO.wang}/\\d{8}-[0-9a-f]{16}\\.jpg$`));

  const holder = ok(await cloud.call<CaseView>('cases', 'get', { caseId: filed.id }, DEMO.wang));
  expect(holder).toMatchObject({ status: 'resolved', photoStages: ['resolve'] });
  expect(holder.timeline.at(-1)?.text).toBe('王思瑛办结：换了新灯泡，楼道亮了（附照片1张）');
  const resident = ok(await cloud.call<CaseView>('cases', 'get', { caseId: filed.id }, DEMO.zhang));
  expect(resident).toMatchObject({ photos: [], resolutionPhotosWaiting: { count: 1 } });
});
