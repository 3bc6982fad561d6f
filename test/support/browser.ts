/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Without Chromium the browser tests
 * skip locally — and fail in CI, where .ci/run installs it.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startCloud, type CloudOptions, type RunningCloud } from './local-cloud';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when browser tests can run here; throws in CI when they cannot. */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: CI must run the browser tests (.ci/run installs it)`);
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM}`);
  return false;
}

/**
 * Chromium's stand-ins for a microphone: a fake device (a steady tone) and the permission granted without asking
 * (test/browser/voice.test.ts).
 */
export const FAKE_MICROPHONE = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** A fresh browser profile, phone-sized, loopback only; `args` are added to Chromium's (e.g. FAKE_MICROPHONE). */
export async function launch(opts: { width?: number; height?: number; args?: string[] } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: opts.width ?? 375, height: opts.height ?? 812 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.args ?? []),
    ],
  });
  // NOTE: nothing may leave the machine: any request not to 127.0.0.1 is aborted.
  await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The visible element with this test id (Taro's H5 keeps earlier pages of the stack in the DOM, hidden). */
export function visible(page: Page, testId: string) {
  return page.locator(`[data-testid="${testId}"]:visible`).first();
}

/** Act as a demo identity: pick it in the H5 build's role switcher (local mode only). */
export async function actAs(page: Page, cloudUrl: string, openid: string): Promise<void> {
  await page.goto(`${cloudUrl}#/pages/dev-switch/index`);
  await page.getByTestId(`identity-${openid}`).click();
  await visible(page, 'current-identity').waitFor();
}

/** One page of a fresh phone-sized browser on a fresh local cloud, for the tests of one describe block. */
export interface CloudPage {
  readonly cloud: RunningCloud;
  readonly page: Page;
  /** The visible element with this test id. */
  visible(testId: string): ReturnType<typeof visible>;
  /** Act as this demo identity (the role switcher). */
  actAs(openid: string): Promise<void>;
}

/** Starts the cloud and the browser before the describe block's tests (then `ready`) and stops both after them. */
export function cloudPage(opts: CloudOptions, ready?: (page: Page) => void | Promise<void>, browserOpts: Parameters<typeof launch>[0] = {}): CloudPage {
  let cloud: RunningCloud | undefined;
  let browser: Awaited<ReturnType<typeof launch>> | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    cloud = await startCloud(opts);
    browser = await launch(browserOpts);
    page = await browser.context.newPage();
    await ready?.(page);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  });
  const started = <T>(it: T | undefined): T => {
    if (it === undefined) throw new Error('cloudPage: used before its beforeAll ran');
    return it;
  };
  return {
    get cloud() {
      return started(cloud);
    },
    get page() {
      return started(page);
    },
    visible: (testId) => visible(started(page), testId),
    actAs: (openid) => actAs(started(page), started(cloud).url, openid),
  };
}
