/**
 * The compiled mini-program (dist/weapp), not the H5 build: every page of app.json opened cold, as the role that uses
 * it, on test/support/weapp-harness.ts's model of WeChat against a real local cloud. Also: the text scale from
 * getAppBaseInfo, a failed callFunction, and what the model itself catches.
 */
import { launchWeapp, textOf, weappPages, type LaunchOptions, type Weapp } from '../support/weapp-harness';
import { cloudForFile, DEMO, ok } from '../support/local-cloud';
import { CLOUD_FAILURES } from '../../src/services/cloud-errors';
import { WX_ALLOWED } from './wx-allow-list';

const T27 = '2026-11-27T10:00:00+08:00'; // group 3 (顾秀兰) on duty
const cloud = cloudForFile({ now: T27, timers: false });

let running: Weapp[] = [];
async function open(openid: string, path: string, extra: Partial<LaunchOptions> = {}): Promise<Weapp> {
  const app = await launchWeapp({ allowed: WX_ALLOWED, cloudUrl: cloud.url, openid, path, ...extra });
  running.push(app);
  return app;
}
afterEach(() => {
  running.forEach((app) => app.close());
  running = [];
});

/** What the page's root View's style says (scaleStyle() puts --gk-scale there). */
const rootStyle = (app: Weapp) => app.page.root.cn?.[0]?.st ?? '';

/** A clean run: nothing logged as an error, no rejection left unhandled, no WeChat API outside the allow-list. */
function expectClean(app: Weapp) {
  expect({ route: app.page.route, errors: app.errors, notAllowed: app.log.notAllowed }).toEqual({ route: app.page.route, errors: [], notAllowed: [] });
}

it('every page of app.json renders for its role, with the text it should show', async () => {
  const filed = ok(
    await cloud.call<{ id: string }>(
      'cases',
      'submit',
      { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } },
      DEMO.li,
    ),
  );
  const resident = ['居民', DEMO.li] as const;
  const member = ['值班成员', DEMO.gu] as const;
  const office = ['社区', DEMO.office] as const;
  const admin = ['管理员', DEMO.admin] as const;
  // Route (with query), who opens it, and texts it must show: a heading of the page and something from the cloud.
  const screens: Array<[string, readonly [string, string], string[]]> = [
    ['pages/index/index', resident, ['金钥匙书记工作室', '您好，李大伯', '我要反映问题']],
    ['pages/report/index', resident, ['1. 是哪一类事情？', '水电维修', '提交']],
    ['pages/my-cases/index', resident, ['我反映过的事', '楼道灯坏了好几天了']],
    [`pages/case/index?id=${filed.id}`, resident, ['现在的情况', '楼道灯坏了好几天了', '催一催']],
    ['pages/messages/index', resident, ['办事的进展都会在这里留一份']],
    ['pages/join/index', resident, ['1. 邀请码']],
    // 家人的地址: a resident's places to report for someone else (none saved yet).
    ['pages-family/places/index', resident, ['家人的地址', '还没有保存地址', '添加一个地址']],
    ['pages-member/duty/index', member, ['今天值班：第三组', '楼道灯坏了好几天了', '我来处理']],
    ['pages-member/intake/index', member, ['1. 居民姓名或称呼', '水电维修']],
    ['pages-office/queues/index', office, ['全部未办结']],
    ['pages-office/dashboard/index', office, ['共收到 1 件', '三率（接诉即办的考核数）']],
    ['pages-office/reports/index', office, ['按日期生成一份', '还没有通报']],
    // 志愿服务记录: a member opens their own (顾秀兰, 第三组); printing is from the computer.
    ['pages-office/service-record/index', member, ['志愿者：顾秀兰（第三组）', '认领事项 0 件', '要打印，请在电脑上打开']],
    ['pages-admin/index/index', admin, ['邀请码', '有身份的人', '王思瑛']],
    ['pages-admin/invites/index', admin, ['一个邀请码只能用一次', '生成邀请码']],
    [`pages-admin/person/index?id=${DEMO.wang}`, admin, ['王思瑛']],
    ['pages-admin/rota/index', admin, ['接下来四周谁值班']],
    ['pages-admin/config/index', admin, ['事情的类别（8）']],
    ['pages-admin/audit/index', admin, ['最新的在最上面']],
    // 楼道二维码: the form (the posters are printed from the computer).
    ['pages-admin/posters/index', admin, ['1. 哪个小区？', '湖滨花园', '生成']],
  ];
  // The table covers app.json exactly: 20 pages (the H5-only dev-switch page is not in the weapp build).
  expect(screens.map(([path]) => path.split('?')[0]).sort()).toEqual([...weappPages()].sort());
  expect(screens).toHaveLength(20);

  const table: string[] = [];
  for (const [path, [role, openid], texts] of screens) {
    const started = Date.now();
    // WeChat's care mode (larger text): every page's root carries the scale.
    const app = await open(openid, path, { fontSizeScaleFactor: 1.4 });
    await app.page.waitFor((p) => texts.every((t) => p.text().includes(t)), texts.map((t) => `「${t}」`).join(''));
    table.push(`  ${path.split('?')[0].padEnd(30)} ${role.padEnd(5, '　')} ${String(Date.now() - started).padStart(5)} ms`);
    expect(app.page.route).toBe(path.split('?')[0]);
    expect(rootStyle(app)).toContain('--gk-scale: 1.4;');
    expectClean(app);
    app.close();
  }
  console.log(`weapp pages (cold start to expected text):\n  ${'page'.padEnd(30)} ${'role'.padEnd(5, '　')}      ms\n${table.join('\n')}`);
});

it("applies WeChat's font size: getAppBaseInfo's fontSizeScaleFactor, at least 1 and at most 2", async () => {
  const scaleAt = async (factor: number) => {
    const app = await open(DEMO.li, 'pages/index/index', { fontSizeScaleFactor: factor });
    await app.page.waitForText('我要反映问题');
    expect(app.log.calls.filter((c) => c.api === 'getAppBaseInfo')).toHaveLength(1); // read once, then kept
    expectClean(app);
    return rootStyle(app);
  };
  expect(await scaleAt(1.5)).toContain('--gk-scale: 1.5;');
  expect(await scaleAt(1)).not.toContain('--gk-scale');
  expect(await scaleAt(0.8)).not.toContain('--gk-scale');
  expect(await scaleAt(3)).toContain('--gk-scale: 2;');
});

it.each([
  ['no network', { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' }, CLOUD_FAILURES.network.message],
  ['a timeout', { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' }, CLOUD_FAILURES.timeout.message],
  [
    'a crashed function',
    { errCode: -404011, errMsg: 'cloud.callFunction:fail requestID 4ee35948, cloud function execution error' },
    CLOUD_FAILURES.crashed.message,
  ],
])('a callFunction rejected for %s (as WeChat rejects it) says so with 「再试一次」, which then loads the page', async (_kind, error, words) => {
  let failing = true;
  const app = await open(DEMO.li, 'pages/my-cases/index', { callFunctionFails: () => (failing ? error : undefined) });
  await app.page.waitForText('再试一次');
  const alerts = () => app.page.findAll((n) => n.role === 'alert');
  expect(alerts().map((n) => [n.cl, textOf(n)])).toEqual([[expect.stringContaining('gk-notice--error'), expect.stringContaining(words)]]);
  failing = false;
  await app.page.tap('再试一次');
  await app.page.waitFor((p) => !p.text().includes('再试一次') && !p.text().includes('正在读取'), 'the list instead of the failure');
  expect(alerts()).toEqual([]);
  expect(app.log.calls.filter((c) => c.api === 'cloud.callFunction')).toHaveLength(2);
  expectClean(app);
});

it("asks WeChat's privacy question on the page's own sheet: 「不同意」 fails the copy, 「同意」 lets it go on", async () => {
  const app = await open(DEMO.admin, 'pages-admin/invites/index', { privacyAgreed: false });
  await app.page.waitForText('生成邀请码');
  await app.page.tap('社区工作人员');
  await app.page.tap('生成邀请码');
  await app.page.waitForText('复制邀请码');
  await app.page.tap('复制邀请码');
  await app.page.waitForText('先请您同意一件事');
  await app.page.tap('不同意');
  await app.page.waitForText('没有复制成功');
  await app.page.tap('复制邀请码');
  await app.page.waitForText('先请您同意一件事');
  await app.page.tap('同意');
  await app.page.waitForText('已复制');
  expect(app.page.text()).not.toContain('先请您同意一件事');
  expect(app.log.calls.filter((c) => c.api === 'setClipboardData')).toHaveLength(2);
  expectClean(app);
});

describe('the model of WeChat itself', () => {
  // NOTE: a rejection the app leaves unhandled fails the test by itself (jest's handler at Node's process).
  it('logs a WeChat API outside the allow-list, and console.error', async () => {
    const app = await open(DEMO.li, 'pages/join/index');
    await app.page.waitForText('1. 邀请码');
    expectClean(app);
    app.evaluate(`wx.getLocation({ fail() {} }); wx.cloud.database(); console.error('seen');`);
    expect(app.log.notAllowed).toEqual(['getLocation', 'cloud.database']);
    expect(app.errors).toEqual(['console.error: seen']);
  });

  it('refuses requestSubscribeMessage outside a tap, as WeChat does since base library 2.8.2', async () => {
    const app = await open(DEMO.li, 'pages/join/index');
    await app.page.waitForText('1. 邀请码');
    const answer = await (app.evaluate(`wx.requestSubscribeMessage({ tmplIds: ['T'] }).then(() => 'ok', (e) => e.errMsg)`) as Promise<string>);
    expect(answer).toMatch(/^requestSubscribeMessage:fail .*TAP gesture/);
  });
});
