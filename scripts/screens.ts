/**
 * `npm run screens`: screenshots of every page of every role into docs/screens/, for reviewing the look without a
 * phone. Starts the local cloud with demo data at a duty hour (as the browser tests do), seeds two cases, and opens
 * each page in headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium) at 375 px × font scale 1.0 and at
 * 320 px × 2.0 (the hardest case). Each PNG is one screen high (not the full page) at 1 device pixel per CSS px, to
 * keep the folder small; docs/screens/README.md is the index. Needs dist/h5 (`npm run build:h5`).
 * `npm run screens -- --full DIR`: whole-page PNGs into DIR instead (for reviewing a layout; not kept in docs/).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type Page } from 'playwright-core';
import type { CaseView } from '../types/domain';
import { CHROMIUM } from '../test/support/browser';
import { DEMO, DUTY_HOUR, startCloud } from '../test/support/local-cloud';

const ROOT = path.resolve(__dirname, '..');
const fullAt = process.argv.indexOf('--full');
const FULL = fullAt > 0 && process.argv[fullAt + 1] ? path.resolve(process.argv[fullAt + 1]) : null;
const OUT = FULL ?? path.join(ROOT, 'docs/screens');
const SIZES = [
  { width: 375, height: 667, scale: 1, tag: '375x1' },
  { width: 320, height: 568, scale: 2, tag: '320x2' },
];

type Role = 'resident' | 'member' | 'office' | 'admin';
const ACTOR: Record<Role, string> = { resident: DEMO.zhang, member: DEMO.wang, office: DEMO.office, admin: DEMO.admin };

interface Shot {
  role: Role;
  /** File name part, e.g. "report". */
  name: string;
  /** What the page is, for the index. */
  title: string;
  route: (ids: { waiting: string; claimed: string }) => string;
}

const SHOTS: Shot[] = [
  { role: 'resident', name: 'home', title: '首页', route: () => 'pages/index/index' },
  { role: 'resident', name: 'report', title: '反映问题', route: () => 'pages/report/index' },
  { role: 'resident', name: 'my-cases', title: '我的事项', route: () => 'pages/my-cases/index' },
  { role: 'resident', name: 'case', title: '事项详情（等待认领）', route: (ids) => `pages/case/index?id=${ids.waiting}` },
  { role: 'resident', name: 'messages', title: '消息', route: () => 'pages/messages/index' },
  { role: 'resident', name: 'join', title: '输入邀请码', route: () => 'pages/join/index' },
  { role: 'resident', name: 'family-places', title: '家人的地址', route: () => 'pages-family/places/index' },
  { role: 'member', name: 'duty', title: '值班待办', route: () => 'pages-member/duty/index' },
  { role: 'member', name: 'intake', title: '帮居民登记', route: () => 'pages-member/intake/index' },
  { role: 'member', name: 'case', title: '事项详情（我认领的）', route: (ids) => `pages/case/index?id=${ids.claimed}` },
  { role: 'office', name: 'queues', title: '社区待办', route: () => 'pages-office/queues/index' },
  { role: 'office', name: 'dashboard', title: '数据看板', route: () => 'pages-office/dashboard/index' },
  { role: 'office', name: 'reports', title: '通报', route: () => 'pages-office/reports/index' },
  { role: 'office', name: 'service-record', title: '志愿服务记录', route: () => 'pages-office/service-record/index?id=demo-member-05' },
  { role: 'office', name: 'case', title: '事项详情', route: (ids) => `pages/case/index?id=${ids.waiting}` },
  { role: 'admin', name: 'index', title: '管理', route: () => 'pages-admin/index/index' },
  { role: 'admin', name: 'invites', title: '邀请码', route: () => 'pages-admin/invites/index' },
  { role: 'admin', name: 'person', title: '修改成员（王思瑛）', route: () => `pages-admin/person/index?id=${DEMO.wang}` },
  { role: 'admin', name: 'rota', title: '值班表', route: () => 'pages-admin/rota/index' },
  { role: 'admin', name: 'config', title: '类别与设置', route: () => 'pages-admin/config/index' },
  { role: 'admin', name: 'audit', title: '修改记录', route: () => 'pages-admin/audit/index' },
  { role: 'admin', name: 'case', title: '事项详情', route: (ids) => `pages/case/index?id=${ids.claimed}` },
];

/** Wait until the shown page has rendered and nothing on it still says it is loading. */
async function settled(page: Page): Promise<void> {
  await page.locator('.taro_page_show .gk-page').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll('.taro_page_show .gk-page *')).filter(
        (e) => (e as HTMLElement).checkVisibility?.() && /正在读取|读取中/.test(e.textContent ?? ''),
      ).length === 0,
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(300);
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/h5/index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` first');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const cloud = await startCloud({ now: DUTY_HOUR, timers: false });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-screens-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // Nothing leaves the machine.
    await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
    const submit = async (categoryId: string, description: string) => {
      const r = await cloud.call<CaseView>(
        'cases',
        'submit',
        { categoryId, description, place: { compoundId: 'hongqiao', building: '2幢', unit: '1单元302' } },
        DEMO.zhang,
      );
      if (!r.ok) throw new Error(`seeding a case failed: ${JSON.stringify(r)}`);
      return r.data.id;
    };
    const ids = {
      waiting: await submit('repair', '楼道灯坏了好几天了，晚上下楼看不见台阶'),
      claimed: await submit('sanitation', '楼下垃圾桶好几天没人清，气味很大'),
    };
    const claimed = await cloud.call('cases', 'claim', { caseId: ids.claimed }, DEMO.wang);
    if (!claimed.ok) throw new Error(`seeding a claim failed: ${JSON.stringify(claimed)}`);

    fs.mkdirSync(OUT, { recursive: true });
    for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
    const page = await context.newPage();
    let loads = 0;
    let actingAs = '';
    const rows: string[] = [];
    let total = 0;
    for (const shot of SHOTS) {
      const actor = ACTOR[shot.role];
      if (actor !== actingAs) {
        await page.setViewportSize({ width: 375, height: 667 });
        await page.goto(`${cloud.url}?load=${++loads}#/pages/dev-switch/index`);
        await page.getByTestId(`identity-${actor}`).click();
        await page.getByTestId('current-identity').first().waitFor();
        actingAs = actor;
      }
      const files: string[] = [];
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`${cloud.url}?fontScale=${size.scale}&load=${++loads}#/${shot.route(ids)}`);
        await settled(page);
        const file = `${shot.role}-${shot.name}-${size.tag}.png`;
        await page.screenshot({ path: path.join(OUT, file), type: 'png', fullPage: FULL !== null });
        total += fs.statSync(path.join(OUT, file)).size;
        files.push(`[${size.tag}](${file})`);
        console.log(`screens: ${file}`);
      }
      rows.push(`| ${shot.role} | ${shot.title} | \`${shot.route(ids).replace(/\?.*$/, '')}\` | ${files.join(' · ')} |`);
    }
    const readme = [
      '# Screens',
      '',
      'Every page of every role in the H5 build, one screen high, made by `npm run screens` (scripts/screens.ts) with',
      "the local cloud's demo data at a duty hour (Thursday 26 November 2026, 10:00; group 2 on duty) and two seeded",
      'cases. `375x1`: 375 × 667 px at font scale 1.0; `320x2`: 320 × 568 px at font scale 2.0 (the largest type on the',
      'smallest phone). Roles: resident 张阿姨, member 王思瑛 (group 2), office 吴霞 (community office), admin 社区信息员.',
      '',
      '| role | page | route | screens |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(OUT, 'README.md'), readme);
    console.log(`screens: ${SHOTS.length * SIZES.length} PNGs, ${(total / 1024).toFixed(0)} KB in ${path.relative(ROOT, OUT)}`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    await cloud.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
