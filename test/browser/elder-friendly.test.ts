/**
 * Elder-friendliness by measurement (shared docs: elder-friendly.md) on every page of every role in the H5 build:
 * resident 张阿姨, duty member 王思瑛, office 吴霞 and the admin (the role switcher; the case page as each of them), at
 * widths 320/360/375/414 and font scales 1.0/1.4/2.0 (`?fontScale=` before the #, see src/lib/font-scale.ts), each
 * page in a 667 px high window: nothing runs off sideways (WCAG 1.4.10) and axe-core finds no WCAG 2.2 A/AA violation
 * at all 12 sizes; at 320 px × 1.0 — the smallest case, since every size grows with `var(--gk-scale, 1)` — no
 * text is under 18 px, line height is ≥ 1.3, main actions are ≥ 60×60 and every other tap target ≥ 44×44 (MIIT 2021
 * §1.1, 1.2, 2.1). Issue 12's design goals fail it too: body text keeps ≥ 8 characters a line at 320 × 2.0 (padding
 * shrinks as the type grows), and at 375 × 1.0 a page shows at most one filled blue button, whose bottom edge — the
 * page's main action — is inside the first screen (667 px, not counting the H5 demo bar, which the mini-program does
 * not have). The table at the end gives each page's numbers, its length in screens and its larger text's
 * characters a line (titles and notices, reported only).
 *
 * The dev bar (`current-identity`, `dev-clock`, `dev-advance-hour`) exists only in the H5 local mode; it is NOT
 * excluded: it is measured like the rest and meets the same numbers.
 *
 * Taro's H5 `showModal` dialog (`.taro__modal`, WeChat's own dialog in the mini-program) is styled in src/app.css
 * and measured with the subscribe question open over the report form. Its buttons are plain divs with a DOM
 * onclick that our markup cannot give a role, so only the "tappable without a role" rule skips it.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Page } from 'playwright-core';
import type { CaseView } from '../../types/domain';
import { browserAvailable, launch } from '../support/browser';
import { DEMO, DUTY_HOUR, RunningCloud, startCloud } from '../support/local-cloud';
import { axe, axeLines, AxeViolation, boxText, elderProblems, ElderMeasurement, layout, measure, PageLayout } from '../support/elder-checks';
import { tinyPng } from '../support/tiny-png';

const WIDTHS = [320, 360, 375, 414];
const SCALES = [1, 1.4, 2];
/** A 375 × 667 phone's height (title bar included): page lengths are in these screens. */
const HEIGHT = 667;
/** axe runs at every width × scale (about 0.5 s each). */
const AXE_AT = WIDTHS.flatMap((w) => SCALES.map((s) => `${w}x${s}`));
/** Issue 12: at 320 px × 2.0 body text keeps at least this many Chinese characters on a line. */
const CHARS_PER_LINE_GOAL = 8;
/** Issue 12: the main action inside the first screen at 375 × 1.0 — a 375 × 667 phone, title bar included. */
const FIRST_SCREEN = { width: 375, height: HEIGHT };

type Role = 'resident' | 'member' | 'office' | 'admin';
const ACTOR: Record<Role, string> = { resident: DEMO.zhang, member: DEMO.wang, office: DEMO.office, admin: DEMO.admin };

/**
 * Known violations left in place, each with why: a line of the problems list containing `match` on the screen
 * `screen` is not a failure (the pages are being rebuilt by others; these are reported to them). Keep it short.
 */
const KNOWN: Array<{ screen: string; match: string; why: string }> = [
  ...[
    'pages/report/index',
    'pages/report/index (scanned 地点码)',
    'pages-member/intake/index',
    'pages-admin/person/index',
    'pages-admin/rota/index',
    'pages-family/places/index (adding)',
  ].map((screen) => ({
    screen,
    match: 'below the first screen',
    why: "a form's 提交/保存 comes after its fields (a bottom bar pinned over them hid fields: axe target-size); its first step is at the top",
  })),
  {
    screen: 'pages/case/index (resolved with a photo)',
    match: 'below the first screen',
    why: 'the result and its photo (facts) come before 问题解决了; issue 13 turns this into the 回访',
  },
];

interface Row {
  page: string;
  role: Role;
  minFont: string;
  minTarget: string;
  axe: number;
  charsPerLine: string;
  charsPerLineLarger: string;
  mainAction: string;
  primaries: string;
  screens375: string;
  screens320x2: string;
}

const run = browserAvailable() ? describe : describe.skip;

/** Page paths the H5 build registered: the route list Taro writes into the app bundle that index.html loads. */
function h5Routes(): string[] {
  const dir = path.resolve(__dirname, '../../dist/h5');
  const html = path.join(dir, 'index.html');
  if (!fs.existsSync(html)) throw new Error('dist/h5 is missing: run `npx taro build --type h5` first');
  const routes = new Set<string>();
  for (const [, src] of fs.readFileSync(html, 'utf8').matchAll(/<script[^>]+src="\/?(js\/[^"]+\.js)"/g)) {
    const file = path.join(dir, src);
    if (!fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/"(pages[\w-]*\/[\w-]+\/index)"/g)) routes.add(m[1]);
  }
  return [...routes];
}

interface Screen {
  /** Name in the summary line. */
  name: string;
  /** Whom the page is opened as (the role switcher); resident 张阿姨 by default. */
  role?: Role;
  /** Another demo identity of that role (e.g. 李大伯, who saved 「我父母家」). */
  as?: string;
  /** Hash route (with query) to open. */
  route: () => string;
  /** Something that shows once the page has its data. */
  ready?: () => string;
  /** Steps after loading (pick a category, open a dialog). */
  prepare?: (page: Page) => Promise<void>;
  /** Sizes to check; all widths × scales by default. */
  sizes?: Array<{ width: number; scale: number }>;
  /** Passed to measure(): parts not to measure. */
  exclude?: string[];
  /** Skip the "tappable without a role" rule inside these (not our markup). */
  foreign?: string[];
}

run('elder-friendliness of every page of every role, measured', () => {
  let cloud: RunningCloud;
  let browser: Awaited<ReturnType<typeof launch>>;
  let page: Page;
  let caseId = '';
  let claimedId = '';
  /** Resolved by 王思瑛 with a photo WeChat's check passed: 张阿姨 sees it under the result. */
  let resolvedId = '';
  /** Said by 张阿姨 by voice alone and answered by 王思瑛's voice note on 写进展 (both passed by WeChat's check). */
  let voiceId = '';
  /** A stairwell poster's 地点码 (湖滨花园 5幢): the report page opened by scanning it. */
  let placeCode = '';
  /** 李大伯's report for his saved place 「我父母家」, held by 王思瑛. */
  let forOthersId = '';
  /** A photo file to pick in the resolve form (the browser's file input stands in for the camera). */
  const photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-elder-photo-')), 'fixed.png');
  let loads = 0;
  let actingAs = '';
  const table: Row[] = [];
  const routes = h5Routes();
  const messageRoute = routes.find((r) => r.startsWith('pages/') && /messag|inbox|notic/i.test(r));

  beforeAll(async () => {
    cloud = await startCloud({ now: DUTY_HOUR });
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
    // A report by voice alone and a 写进展 by voice: first, so 张阿姨's remembered place is the later reports' again.
    const voiceOf = async (openid: string) => {
      const res = await fetch(`${cloud.url}__storage/upload?cloudPath=voices/${openid}/20261126-elder.mp3`, {
        method: 'POST',
        headers: { 'content-type': 'audio/mpeg', 'x-local-openid': openid },
        body: new Uint8Array(Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.alloc(2000)])),
      });
      return ((await res.json()) as { fileID: string }).fileID;
    };
    const said = await cloud.call<CaseView>(
      'cases',
      'submit',
      { categoryId: 'repair', place: { compoundId: 'hongqiao', building: '2幢', unit: '1单元302' }, voice: { fileId: await voiceOf(DEMO.zhang), seconds: 23 } },
      DEMO.zhang,
    );
    if (!said.ok) throw new Error(`seeding a voice report failed: ${JSON.stringify(said)}`);
    voiceId = said.data.id;
    for (const [action, payload] of [
      ['claim', { caseId: voiceId }],
      ['note', { caseId: voiceId, text: '', voice: { fileId: await voiceOf(DEMO.wang), seconds: 12 } }],
    ] as const) {
      const r = await cloud.call<CaseView>('cases', action, payload, DEMO.wang);
      if (!r.ok) throw new Error(`seeding a voice note failed: ${JSON.stringify(r)}`);
    }
    // One case waiting to be claimed; one claimed by 王思瑛 (group 2), which puts a message in 张阿姨's message centre.
    caseId = await submit('repair', '楼道灯坏了好几天了，晚上下楼看不见台阶');
    claimedId = await submit('sanitation', '楼下垃圾桶好几天没人清，气味很大');
    const claimed = await cloud.call<CaseView>('cases', 'claim', { caseId: claimedId }, DEMO.wang);
    if (!claimed.ok) throw new Error(`seeding a claim failed: ${JSON.stringify(claimed)}`);
    // One resolved with a photo of the result, passed by WeChat's check (the pushes settled).
    fs.writeFileSync(photoFile, tinyPng());
    resolvedId = await submit('repair', '单元门的闭门器坏了，门关不上');
    const upload = await fetch(`${cloud.url}__storage/upload?cloudPath=photos/${DEMO.wang}/20261126-elder.png`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-local-openid': DEMO.wang },
      body: new Uint8Array(tinyPng()),
    });
    const { fileID } = (await upload.json()) as { fileID: string };
    for (const [action, payload] of [
      ['claim', { caseId: resolvedId }],
      ['resolve', { caseId: resolvedId, note: '换了新的闭门器，门能关上了', photos: [fileID] }],
    ] as const) {
      const r = await cloud.call<CaseView>('cases', action, payload, DEMO.wang);
      if (!r.ok) throw new Error(`seeding a resolve with a photo failed: ${JSON.stringify(r)}`);
    }
    // 李大伯 reported the whole building's rubbish too: 张阿姨 reporting it is asked 「是不是这件事？」, and the office
    // sees it beside her case under 「合并重复的事」.
    const neighbours = await cloud.call<CaseView>(
      'cases',
      'submit',
      { categoryId: 'sanitation', description: '二幢的垃圾桶满了好几天，没人来清', place: { compoundId: 'hongqiao', building: '2幢', unit: '' } },
      DEMO.li,
    );
    if (!neighbours.ok) throw new Error(`seeding a neighbour's case failed: ${JSON.stringify(neighbours)}`);
    // A 通报 the office made, so its page lists one with its two buttons.
    const report = await cloud.call('office', 'makeReport', { from: '2026-11-20', to: '2026-11-26' }, DEMO.office);
    if (!report.ok) throw new Error(`seeding a 通报 failed: ${JSON.stringify(report)}`);
    const made = await cloud.call<{ codes: Array<{ code: string }> }>('admin', 'placeCodes', { compoundId: 'hubin', buildings: ['5幢'] }, DEMO.admin);
    if (!made.ok) throw new Error(`seeding a 地点码 failed: ${JSON.stringify(made)}`);
    placeCode = made.data.codes[0].code;
    // 家人的地址: 李大伯 saved 「我父母家」 and reported for it; 王思瑛 holds it (whom to visit and call, the reporter).
    const saved = await cloud.call<{ savedPlaces: Array<{ id: string }> }>(
      'session',
      'savePlace',
      { label: '我父母家', place: { compoundId: 'hongqiao', building: '5幢', unit: '101' }, name: '王大伯', phone: '13800005678' },
      DEMO.li,
    );
    if (!saved.ok) throw new Error(`seeding a saved place failed: ${JSON.stringify(saved)}`);
    const forOthers = await cloud.call<CaseView>(
      'cases',
      'submit',
      {
        categoryId: 'repair',
        description: '我妈家厨房水管漏水了',
        place: { compoundId: 'hongqiao', building: '5幢', unit: '101' },
        forPlaceId: saved.data.savedPlaces[0].id,
      },
      DEMO.li,
    );
    if (!forOthers.ok) throw new Error(`seeding a report for a saved place failed: ${JSON.stringify(forOthers)}`);
    forOthersId = forOthers.data.id;
    const held = await cloud.call<CaseView>('cases', 'claim', { caseId: forOthersId }, DEMO.wang);
    if (!held.ok) throw new Error(`seeding a claim for a saved place failed: ${JSON.stringify(held)}`);
    await cloud.get('/__wx/pushes?settle=1');
    browser = await launch({ width: 375, height: HEIGHT });
    page = await browser.context.newPage();
    // Act as 张阿姨 (the choice lives in localStorage, so it holds across the reloads below).
    await page.goto(`${cloud.url}#/pages/dev-switch/index`);
    await page.getByTestId(`identity-${DEMO.zhang}`).click();
    await page.getByTestId('current-identity').waitFor();
    actingAs = DEMO.zhang;
  }, 180_000);
  afterAll(async () => {
    if (table.length) {
      const head = [
        'page',
        'role',
        'min font',
        'min target',
        'axe (12 sizes)',
        'chars/line 320×2.0 body',
        '(titles)',
        'main action bottom 375×1.0',
        'filled buttons',
        'screens 375×1.0',
        'screens 320×2.0',
      ];
      const rows = table.map((r) => [
        r.page,
        r.role,
        r.minFont,
        r.minTarget,
        String(r.axe),
        r.charsPerLine,
        r.charsPerLineLarger,
        r.mainAction,
        r.primaries,
        r.screens375,
        r.screens320x2,
      ]);
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
      console.log(
        [
          `elder-friendliness, every page (sizes at 320×1.0, overflow at 12 sizes, axe at ${AXE_AT.join(', ')}; chars/line goal ≥ ${CHARS_PER_LINE_GOAL})`,
          line(head),
          line(widths.map((w) => '-'.repeat(w))),
          ...rows.map(line),
        ].join('\n'),
      );
    }
    await browser?.close();
    await cloud?.stop();
  });

  /** Open `route` afresh at `width` and font scale `scale` and wait until it has its data. */
  async function open(screen: Screen, width: number, scale: number) {
    const actor = screen.as ?? ACTOR[screen.role ?? 'resident'];
    if (actor !== actingAs) {
      await page.goto(`${cloud.url}?load=${++loads}#/pages/dev-switch/index`);
      await page.getByTestId(`identity-${actor}`).click();
      await page.getByTestId('current-identity').first().waitFor();
      actingAs = actor;
    }
    await page.setViewportSize({ width, height: HEIGHT });
    // A different query string each time (never only the hash): a full load, so the font scale is read again at launch.
    await page.goto(`${cloud.url}?fontScale=${scale}&load=${++loads}#/${screen.route()}`);
    await page.locator('.taro_page_show .gk-page').first().waitFor();
    if (screen.ready) await page.locator(`${screen.ready()}:visible`).first().waitFor();
    // Nothing still loading: no 「正在读取」 on screen, the dev clock read.
    await page.waitForFunction(() => {
      const shown = Array.from(document.querySelectorAll('.taro_page_show .gk-page *')).filter(
        (e) => (e as HTMLElement).checkVisibility?.() && /正在读取|读取中/.test(e.textContent ?? ''),
      );
      return shown.length === 0;
    });
    if (screen.prepare) await screen.prepare(page);
    const applied = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--gk-scale').trim() || '1');
    expect(Number(applied)).toBe(scale);
  }

  async function check(screen: Screen) {
    const problems: string[] = [];
    let smallest: ElderMeasurement | null = null;
    let axeTotal = 0;
    let axeRuns = 0;
    let cpl: PageLayout | null = null;
    const screens: Record<string, number> = {};
    let first: PageLayout | null = null;
    const sizes = screen.sizes ?? WIDTHS.flatMap((width) => SCALES.map((scale) => ({ width, scale })));
    for (const { width, scale } of sizes) {
      await open(screen, width, scale);
      const where = `${width}px × ${scale.toFixed(1)}`;
      const m = await measure(page, { exclude: screen.exclude });
      if ((width === 320 && scale === 2) || (width === 375 && scale === 1)) {
        const l = await layout(page, { exclude: screen.exclude });
        screens[`${width}x${scale}`] = l.screens;
        if (width === 320) {
          cpl = l;
          if (l.charsPerLine !== null && l.charsPerLine < CHARS_PER_LINE_GOAL)
            problems.push(`${where}: body text has ${l.charsPerLine} characters a line (goal ≥ ${CHARS_PER_LINE_GOAL}): "${l.charsPerLineText}"`);
        } else {
          first = l;
          if (l.primaryButtons > 1) problems.push(`${where}: ${l.primaryButtons} filled buttons on one screen (one is the design)`);
          // The page as opened; after a person's steps (a panel opened, a photo picked) it may be scrolled.
          if (!screen.prepare && l.mainActionBottom !== null && l.mainActionBottom > FIRST_SCREEN.height)
            problems.push(
              `${where}: the main action 「${l.mainActionText}」 ends at ${l.mainActionBottom} px, below the first screen (${FIRST_SCREEN.height} px)`,
            );
        }
      }
      if (m.textCount === 0) problems.push(`${where}: no text measured — page did not render?`);
      // Sizes at the smallest case only (320 × 1.0): every size grows with the scale and none shrinks with width.
      const sizesRule = width === 320 && scale === 1;
      if (sizesRule) smallest = m;
      const found = elderProblems(m, { sizes: sizesRule }).filter(
        (line) => !(line.startsWith('tappable without role') && (screen.foreign ?? []).some((sel) => line.includes(sel.replace(/^\./, '')))),
      );
      problems.push(...found.map((line) => `${where}: ${line}`));
      if (width === 375 && scale === 1) {
        // WCAG 1.4.4: people must be able to zoom (axe's meta-viewport rule checks it too).
        const viewport = await page.locator('meta[name=viewport]').getAttribute('content');
        if (/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*(0|1)(\.\d+)?\b/i.test(viewport ?? ''))
          problems.push(`${where}: viewport meta blocks zoom: ${viewport}`);
      }
      if (AXE_AT.includes(`${width}x${scale}`)) {
        const violations: AxeViolation[] = await axe(page, { exclude: screen.exclude });
        axeRuns++;
        axeTotal += violations.length;
        problems.push(...axeLines(violations).map((line) => `${where}: ${line}`));
      }
    }
    const s = smallest as ElderMeasurement | null;
    const c = cpl as PageLayout | null;
    const f = first as PageLayout | null;
    const known = KNOWN.filter((k) => k.screen === screen.name);
    const failing = problems.filter((line) => !known.some((k) => line.includes(k.match)));
    const left = problems.length - failing.length;
    console.log(
      `elder: ${screen.name} as ${screen.role ?? 'resident'}: min font ${s ? s.minFontPx : '?'}px, line-height ${s ? s.minLineHeight : '?'}, ` +
        `main ${boxText(s?.minMainAction ?? null)}, target ${boxText(s?.minTarget ?? null)}, axe ${axeTotal}` +
        ` (sizes at 320 px × 1.0; overflow at ${sizes.length} sizes; axe at ${axeRuns} sizes)` +
        (c ? `, chars/line at 320×2.0 ${c.charsPerLine ?? '-'} ("${c.charsPerLineText}")` : '') +
        (left ? `; ${left} known problem(s) left: ${known.map((k) => k.why).join('; ')}` : ''),
    );
    table.push({
      page: screen.name,
      role: screen.role ?? 'resident',
      minFont: s ? `${s.minFontPx}px` : '-',
      minTarget: boxText(s?.minTarget ?? null),
      axe: axeTotal,
      charsPerLine: c ? String(c.charsPerLine ?? '-') : '-',
      charsPerLineLarger: c ? String(c.charsPerLineLarger ?? '-') : '-',
      mainAction: f ? (f.mainActionBottom === null ? 'none' : `${f.mainActionBottom}px 「${f.mainActionText}」`) : '-',
      primaries: f ? String(f.primaryButtons) : '-',
      screens375: screens['375x1'] !== undefined ? String(screens['375x1']) : '-',
      screens320x2: screens['320x2'] !== undefined ? String(screens['320x2']) : '-',
    });
    expect(failing).toEqual([]);
  }

  const screens: Screen[] = [
    { name: 'pages/index/index', route: () => 'pages/index/index', ready: () => '[data-testid=my-cases-button]' },
    { name: 'pages/report/index', route: () => 'pages/report/index', ready: () => '[data-testid=category-repair]' },
    {
      name: 'pages/report/index (scanned 地点码)',
      route: () => `pages/report/index?scene=${placeCode}`,
      ready: () => '[data-testid=scanned-place]',
    },
    {
      name: 'pages/report/index (emergency category)',
      route: () => 'pages/report/index',
      ready: () => '[data-testid=category-repair]',
      prepare: async (p) => {
        await p.locator('[data-testid=category-hazard]:visible').click();
        await p.locator('[data-testid=emergency-banner]:visible').waitFor();
      },
    },
    {
      name: 'pages/report/index (subscribe dialog open)',
      route: () => 'pages/report/index',
      ready: () => '[data-testid=category-repair]',
      // The dialog is fixed-size and centred: the narrowest screen at each scale is the hard case.
      sizes: SCALES.map((scale) => ({ width: 320, scale })),
      foreign: ['.taro-model__btn'],
      prepare: async (p) => {
        await p.locator('[data-testid=category-repair]:visible').click();
        await p.locator('[data-testid=description]:visible').fill('楼道灯坏了好几天了');
        await p.locator('[data-testid=submit]:visible').click();
        await p.locator('.taro__modal .taro-modal__content').waitFor();
        await p.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
        // The next open() loads a new page, so the question is never answered and no case is sent.
      },
    },
    {
      name: 'pages/report/index (「是不是这件事？」)',
      route: () => 'pages/report/index',
      ready: () => '[data-testid=category-repair]',
      prepare: async (p) => {
        await p.locator('[data-testid=category-sanitation]:visible').click();
        await p.locator('[data-testid=description]:visible').fill('楼下垃圾桶满了');
        await p.locator('[data-testid=submit]:visible').click();
        await p.getByText('允许', { exact: true }).click();
        await p.locator('[data-testid=duplicate-question]:visible').waitFor();
        // The subscribe dialog answered, its fade-out over (what is measured is the question).
        await p.waitForFunction(() =>
          Array.from(document.querySelectorAll('.taro__modal')).every((m) => !(m as HTMLElement).checkVisibility({ opacityProperty: true })),
        );
        // The next open() loads a new page: neither answer is given, nothing is joined or sent.
      },
    },
    { name: 'pages/my-cases/index', route: () => 'pages/my-cases/index', ready: () => `[data-testid="case-item-${caseId}"]` },
    // 家人的地址: the list (none saved yet), the form, and the report page of 李大伯, who saved 「我父母家」.
    { name: 'pages-family/places/index', route: () => 'pages-family/places/index', ready: () => '[data-testid=place-add]' },
    { name: 'pages-family/places/index (adding)', route: () => 'pages-family/places/index?add=1', ready: () => '[data-testid=place-label]' },
    {
      name: 'pages/report/index (为谁反映, a saved place chosen)',
      as: DEMO.li,
      route: () => 'pages/report/index',
      ready: () => '[data-testid=report-for-whom]',
      prepare: async (p) => {
        await p.locator('[data-testid^=for-place-]:visible').first().click();
        await p.locator('[data-testid=for-place-text]:visible').waitFor();
      },
    },
    {
      name: 'pages/case/index (家人的地址, claimed, member)',
      role: 'member',
      route: () => `pages/case/index?id=${forOthersId}`,
      ready: () => '[data-testid=visit-card]',
    },
    { name: 'pages/case/index (waiting)', route: () => `pages/case/index?id=${caseId}`, ready: () => '[data-testid=case-timeline]' },
    { name: 'pages/case/index (claimed)', route: () => `pages/case/index?id=${claimedId}`, ready: () => '[data-testid=case-timeline]' },
    { name: 'pages/case/index (resolved with a photo)', route: () => `pages/case/index?id=${resolvedId}`, ready: () => '[data-testid=result-photo-0]' },
    {
      name: 'pages/case/index (said by voice, answered by voice)',
      route: () => `pages/case/index?id=${voiceId}`,
      ready: () => '[data-testid=case-voice-button]',
    },
    { name: 'pages/join/index', route: () => 'pages/join/index' },
    // Duty members (王思瑛, group 2, on duty at DUTY_HOUR): the oldest users of all.
    { name: 'pages-member/duty/index', role: 'member', route: () => 'pages-member/duty/index', ready: () => '[data-testid=duty-today]' },
    {
      name: 'pages-office/service-record/index (own, member)',
      role: 'member',
      route: () => 'pages-office/service-record/index',
      ready: () => '[data-testid=rec-claimed]',
    },
    { name: 'pages-member/intake/index', role: 'member', route: () => 'pages-member/intake/index', ready: () => '[data-testid=intake-category-repair]' },
    { name: 'pages/case/index (claimed, member)', role: 'member', route: () => `pages/case/index?id=${claimedId}`, ready: () => '[data-testid=case-timeline]' },
    {
      name: 'pages/case/index (claimed, member, a photo picked to resolve)',
      role: 'member',
      route: () => `pages/case/index?id=${claimedId}`,
      ready: () => '[data-testid=resolve-open]',
      prepare: async (p) => {
        await p.locator('[data-testid=resolve-open]:visible').click();
        const chooser = p.waitForEvent('filechooser');
        await p.locator('[data-testid=resolution-add-photo]:visible').click();
        await (await chooser).setFiles(photoFile);
        await p.getByText('第1张 已传好', { exact: true }).filter({ visible: true }).waitFor();
      },
    },
    {
      name: 'pages/case/index (claimed, member, 写进展 open with 按住 说话)',
      role: 'member',
      route: () => `pages/case/index?id=${voiceId}`,
      ready: () => '[data-testid=note-button]',
      prepare: async (p) => {
        await p.locator('[data-testid=note-button]:visible').click();
        await p.locator('[data-testid=note-voice-hold]:visible').waitFor();
      },
    },
    // The community office.
    { name: 'pages-office/queues/index', role: 'office', route: () => 'pages-office/queues/index', ready: () => '[data-testid=office-list-heading]' },
    { name: 'pages-office/dashboard/index', role: 'office', route: () => 'pages-office/dashboard/index', ready: () => '[data-testid=dashboard-total]' },
    {
      name: 'pages-office/reports/index',
      role: 'office',
      route: () => 'pages-office/reports/index',
      ready: () => '[data-testid=report-range_2026-11-20_2026-11-26]',
    },
    {
      name: 'pages-office/service-record/index (office)',
      role: 'office',
      route: () => `pages-office/service-record/index?id=${DEMO.wang}`,
      ready: () => '[data-testid=rec-claimed]',
    },
    { name: 'pages/case/index (waiting, office)', role: 'office', route: () => `pages/case/index?id=${caseId}`, ready: () => '[data-testid=case-timeline]' },
    {
      name: 'pages/case/index (claimed, office, 合并重复的事 open)',
      role: 'office',
      route: () => `pages/case/index?id=${claimedId}`,
      ready: () => '[data-testid=merge-button]',
      prepare: async (p) => {
        await p.locator('[data-testid=merge-button]:visible').click();
        await p.locator('[data-testid^=merge-into-]:visible').first().waitFor();
      },
    },
    // The admin.
    { name: 'pages-admin/index/index', role: 'admin', route: () => 'pages-admin/index/index' },
    { name: 'pages-admin/invites/index', role: 'admin', route: () => 'pages-admin/invites/index', ready: () => '[data-testid=invite-create]' },
    { name: 'pages-admin/person/index', role: 'admin', route: () => `pages-admin/person/index?id=${DEMO.wang}`, ready: () => '[data-testid=person-role]' },
    { name: 'pages-admin/rota/index', role: 'admin', route: () => 'pages-admin/rota/index' },
    { name: 'pages-admin/config/index', role: 'admin', route: () => 'pages-admin/config/index', ready: () => '[data-testid=open-categories]' },
    {
      name: 'pages-admin/config/index (categories open)',
      role: 'admin',
      route: () => 'pages-admin/config/index',
      ready: () => '[data-testid=open-categories]',
      prepare: async (p) => {
        await p.locator('[data-testid=open-categories]:visible').click();
        await p.locator('[data-testid=save-categories]:visible').waitFor();
      },
    },
    { name: 'pages-admin/audit/index', role: 'admin', route: () => 'pages-admin/audit/index' },
    { name: 'pages-admin/posters/index', role: 'admin', route: () => 'pages-admin/posters/index', ready: () => '[data-testid=poster-make]' },
    {
      name: 'pages-admin/posters/index (posters made)',
      role: 'admin',
      route: () => 'pages-admin/posters/index',
      ready: () => '[data-testid=poster-make]',
      prepare: async (p) => {
        await p.locator('[data-testid=poster-compound-hubin]:visible').click();
        await p.locator('[data-testid=poster-buildings]:visible').fill('5幢,6幢');
        await p.locator('[data-testid=poster-make]:visible').click();
        await p.locator('[data-testid=poster-code]:visible').first().waitFor();
      },
    },
    { name: 'pages/case/index (claimed, admin)', role: 'admin', route: () => `pages/case/index?id=${claimedId}`, ready: () => '[data-testid=case-timeline]' },
  ];

  for (const screen of screens) {
    it(`${screen.name}: no sideways scroll, big enough, axe-clean`, () => check(screen), 300_000);
  }

  // The message centre is being built; check it once it is in the H5 build, skip until then.
  (messageRoute ? it : it.skip)(
    `${messageRoute ?? 'message centre (not in dist/h5 yet)'}: no sideways scroll, big enough, axe-clean`,
    async () => {
      await check({ name: messageRoute!, route: () => messageRoute!, ready: () => '.gk-row' });
    },
    300_000,
  );
});
