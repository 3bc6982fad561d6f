/**
 * Runs the compiled mini-program (dist/weapp, what `npm run build:weapp` makes) in Node: a small model of WeChat's
 * app service after its documentation. Each `launchWeapp` is a cold start in a fresh JavaScript realm that has only
 * WeChat's globals (App, Page, Component, getApp, getCurrentPages, __wxConfig, wx, console and timers: no window,
 * document, fetch or process). console.error and whatever a handler, hook or timer throws are collected in `errors`; a
 * rejection left unhandled fails the running test (jest catches it at Node's process). The view layer is a plain data tree: every setData payload Taro sends (`root.cn.[0].v`)
 * is applied to it, texts are read from it, and taps are dispatched to Taro's event handler (`eh`) on each bound
 * element from the tapped one up, as WeChat bubbles them, the bindings read from dist/weapp/base.wxml.
 */
import fs from 'fs';
import path from 'path';
import vm from 'vm';
import { createWx, type WxError, type WxLog } from './weapp-wx';

/** The build under test: dist/weapp, or another weapp build's folder in WEAPP_DIST (e.g. a release build). */
export const WEAPP_DIST = path.resolve(process.env.WEAPP_DIST ?? path.join(__dirname, '../../dist/weapp'));

/** A node of the rendered tree: Taro's short keys (nn node type, sid id, v text, cn children, st style, cl class). */
export interface TreeNode {
  nn?: string;
  sid?: string;
  uid?: string;
  v?: string;
  cn?: TreeNode[];
  st?: string;
  cl?: string;
  [attr: string]: unknown;
}

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
}

/** dist/weapp/app.json; a missing build fails (it never skips) with how to make it. */
export function weappAppJson(): AppJson {
  const file = path.join(WEAPP_DIST, 'app.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:weapp\` before the weapp tests`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AppJson;
}

/** Every page route of app.json, subpackages included. */
export function weappPages(app = weappAppJson()): string[] {
  return [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

/** Which node types (nn) handle tap ('bind' bubbles on, 'catch' stops there) and which take typing, from base.wxml. */
function bindings(): { taps: Map<string, 'bind' | 'catch'>; touches: Set<string>; inputs: Set<string>; openType: Map<string, string> } {
  const wxml = fs.readFileSync(path.join(WEAPP_DIST, 'base.wxml'), 'utf8');
  const taps = new Map<string, 'bind' | 'catch'>();
  /** Node types bound to touchstart/touchend (a hold-to-talk button). */
  const touches = new Set<string>();
  const inputs = new Set<string>();
  /** Where a button's open-type sits in its node (Taro names attributes p0, p1, …). */
  const openType = new Map<string, string>();
  for (const [, nn, body] of wxml.matchAll(/<template name="tmpl_0_(\w+?)(?:_focus|_blur)?">([\s\S]*?)<\/template>/g)) {
    if (/\scatchtap="eh"/.test(body)) taps.set(nn, 'catch');
    else if (/\sbindtap="eh"/.test(body) && !taps.has(nn)) taps.set(nn, 'bind');
    if (/\sbindinput="eh"/.test(body)) inputs.add(nn);
    if (/\sbindtouchstart="eh"/.test(body)) touches.add(nn);
    const open = /\sopen-type="\{\{i\.(\w+)\}\}"/.exec(body);
    if (open) openType.set(nn, open[1]);
  }
  return { taps, touches, inputs, openType };
}

/** Apply one setData payload as WeChat does: each key is a path (`a.b[2].c`; Taro writes `root.cn.[0]`). */
export function applySetData(data: Record<string, unknown>, payload: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(payload)) {
    const parts = [...key.matchAll(/\[(\d+)\]|[^.[\]]+/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[0]));
    let at = data as Record<string | number, unknown>;
    parts.slice(0, -1).forEach((part, i) => {
      if (typeof at[part] !== 'object' || at[part] === null) at[part] = typeof parts[i + 1] === 'number' ? [] : {};
      at = at[part] as Record<string | number, unknown>;
    });
    at[parts[parts.length - 1]] = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }
}

/** All text of a subtree, in order. */
export function textOf(node: TreeNode | undefined): string {
  if (!node) return '';
  return (node.v ?? '') + (node.cn ?? []).map(textOf).join('');
}

/** Polls `test` every 10 ms; fails after `timeoutMs`, or as soon as the app has logged an error. */
async function until(app: Weapp, test: () => boolean, failure: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (app.errors.length > 0 || Date.now() > deadline) {
      throw new Error(`${failure()}\n(${app.errors.length > 0 ? 'stopped at the first error' : `waited ${timeoutMs} ms`})\n${app.report()}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One open page: its instance (what Page() made), its data tree, and a user's taps and typing. */
export class WeappPage {
  readonly data: Record<string, unknown>;
  readonly instance: Record<string, unknown> & { eh(e: unknown): unknown };
  rendered = false;
  constructor(
    readonly route: string,
    readonly query: Record<string, string>,
    config: Record<string, unknown>,
    private readonly app: Weapp,
  ) {
    this.data = JSON.parse(JSON.stringify(config.data ?? {})) as Record<string, unknown>;
    this.instance = { ...config, route, options: query, data: this.data } as unknown as WeappPage['instance'];
    this.instance.setData = (payload: Record<string, unknown>, cb?: () => void) => {
      applySetData(this.data, payload);
      this.app.setDataCalls += 1;
      this.rendered = true;
      this.app.timer(() => cb?.());
    };
  }

  get root(): TreeNode {
    return (this.data.root ?? {}) as TreeNode;
  }

  text(): string {
    return textOf(this.root);
  }

  /** Elements matching `test`, depth first (the page's root holder itself is no element). */
  findAll(test: (n: TreeNode) => boolean, from: TreeNode = this.root): TreeNode[] {
    return (from.cn ?? []).flatMap((c) => [...(test(c) ? [c] : []), ...this.findAll(test, c)]);
  }

  /** The first innermost element showing exactly `text` (what a finger lands on), else containing it, or so labelled. */
  byText(text: string): TreeNode | undefined {
    const hits = this.findAll((n) => n.nn !== '9' && (textOf(n).includes(text) || n.ariaLabel === text));
    const innermost = hits.filter((n) => !hits.some((h) => h !== n && this.ancestors(h).includes(n)));
    return innermost.find((n) => textOf(n).trim() === text) ?? innermost[0];
  }

  /** `node`, its parent, … up to the page's top element. */
  ancestors(node: TreeNode): TreeNode[] {
    const walk = (at: TreeNode, trail: TreeNode[]): TreeNode[] | null =>
      at === node ? [node, ...trail] : (at.cn ?? []).reduce<TreeNode[] | null>((found, c) => found ?? walk(c, at === this.root ? trail : [at, ...trail]), null);
    return walk(this.root, []) ?? [];
  }

  /** Resolves once `test` holds for the page (checked as setData arrives); fails with what the page shows. */
  waitFor(test: (page: WeappPage) => boolean, what: string, timeoutMs = 8000): Promise<void> {
    return until(
      this.app,
      () => test(this),
      () => `${this.route}: no ${what}; the page shows:\n${this.text()}`,
      timeoutMs,
    );
  }

  waitForText(text: string, timeoutMs?: number): Promise<void> {
    return this.waitFor((p) => p.text().includes(text), `「${text}」`, timeoutMs);
  }

  /**
   * A tap on the element showing `text` (or this node): WeChat calls `eh` on each element bound to tap, innermost
   * first. Resolves once the page has re-rendered (a finger is slower than a render).
   */
  async tap(target: string | TreeNode): Promise<void> {
    const node = typeof target === 'string' ? this.byText(target) : target;
    if (!node) throw new Error(`${this.route}: nothing shows 「${String(target)}」 to tap; the page shows:\n${this.text()}`);
    const chain = this.ancestors(node).filter((n) => this.app.bound.taps.has(n.nn ?? ''));
    if (chain.length === 0) throw new Error(`${this.route}: 「${textOf(node)}」 is not inside anything bound to tap`);
    for (const bound of chain) {
      this.dispatch('tap', node, bound, { x: 10, y: 10 });
      if (this.app.bound.taps.get(bound.nn ?? '') === 'catch') break;
    }
    // A button with an open-type also fires that open-type's event (only the privacy agree button is modelled).
    const button = chain.find((n) => this.app.bound.openType.has(n.nn ?? ''));
    const openType = button?.[this.app.bound.openType.get(button.nn ?? '') ?? ''];
    if (button && openType === 'agreePrivacyAuthorization') {
      this.app.agreeTapped.add(String(button.uid ?? button.sid));
      this.dispatch('agreeprivacyauthorization', button, button, {});
    } else if (openType) this.app.log.notAllowed.push(`button open-type="${String(openType)}"`);
    await this.app.idle();
  }

  /**
   * A finger put down on (`touchstart`) or lifted from (`touchend`) the element showing `text`: WeChat calls `eh` on
   * each element bound to touches, innermost first (a hold-to-talk button). Resolves once the page has re-rendered.
   */
  async touch(type: 'touchstart' | 'touchend', target: string | TreeNode): Promise<void> {
    const node = typeof target === 'string' ? this.byText(target) : target;
    if (!node) throw new Error(`${this.route}: nothing shows 「${String(target)}」 to touch; the page shows:\n${this.text()}`);
    const chain = this.ancestors(node).filter((n) => this.app.bound.touches.has(n.nn ?? ''));
    if (chain.length === 0) throw new Error(`${this.route}: 「${textOf(node)}」 is not inside anything bound to touches`);
    for (const bound of chain) this.dispatch(type, node, bound, { x: 10, y: 10 });
    await this.app.idle();
  }

  /** The first input or textarea after the element showing `label`, in page order. */
  field(label: string): TreeNode {
    const all = this.findAll(() => true);
    const after = all.slice(all.indexOf(this.byText(label) as TreeNode) + 1);
    const found = this.byText(label) && after.find((n) => this.app.bound.inputs.has(n.nn ?? ''));
    if (!found) throw new Error(`${this.route}: no input after 「${label}」; the page shows:\n${this.text()}`);
    return found;
  }

  /** Typing into the field after `label`: its `input` event (which does not bubble). */
  async type(label: string, value: string): Promise<void> {
    const field = this.field(label);
    this.dispatch('input', field, field, { value, cursor: value.length, keyCode: 0 });
    await this.app.idle();
  }

  private dispatch(type: string, target: TreeNode, current: TreeNode, detail: Record<string, unknown>): void {
    const ref = (n: TreeNode) => ({ id: n.uid ?? n.sid, dataset: { sid: n.sid }, offsetLeft: 0, offsetTop: 0 });
    const event = this.app.toApp({ type, timeStamp: Date.now(), detail, target: ref(target), currentTarget: ref(current), mark: {}, touches: [] });
    this.app.inTap = type === 'tap';
    try {
      this.instance.eh(event);
    } catch (err) {
      this.app.errors.push(`${type} handler threw: ${String((err as Error)?.stack ?? err)}`);
    } finally {
      this.app.inTap = false;
    }
  }
}

export interface LaunchOptions {
  /** The test's allow-list of WeChat APIs (each modelled in weapp-wx.ts). */
  allowed: readonly string[];
  cloudUrl: string;
  openid: string;
  /** Route and query to open, e.g. `pages/case/index?id=…` (the app opens there, as from a message). */
  path: string;
  fontSizeScaleFactor?: number;
  subscribeAnswer?: 'accept' | 'reject';
  /** The person agreed to the privacy guide before (default true: no privacy question comes). */
  privacyAgreed?: boolean;
  callFunctionFails?: (name: string, data: unknown) => WxError | undefined;
  /** The microphone: 'deny' as when the person refused it (default allowed). */
  microphone?: 'allow' | 'deny';
}

/** One running mini-program. */
export class Weapp {
  readonly stack: WeappPage[] = [];
  readonly errors: string[] = [];
  readonly log: WxLog;
  readonly bound = bindings();
  inTap = false;
  setDataCalls = 0;
  /** Ids of agreePrivacyAuthorization buttons tapped. */
  readonly agreeTapped = new Set<string>();
  private readonly realm: vm.Context;
  private readonly modules = new Map<string, { exports: unknown }>();
  /** The app's pending timers and their delays. */
  private readonly timers = new Map<ReturnType<typeof setTimeout>, number>();
  private readonly pageConfigs = new Map<string, Record<string, unknown>>();
  private loadingRoute = '';
  private app: Record<string, (o?: unknown) => unknown> = {};
  private closed = false;

  constructor(private readonly opts: LaunchOptions) {
    const appJson = weappAppJson();
    const timer = (fn: () => void, ms?: number) => this.timer(fn, ms);
    const cancel = (id: ReturnType<typeof setTimeout>) => (clearTimeout(id), this.timers.delete(id));
    const say =
      (level: string) =>
      (...args: unknown[]) =>
        level === 'error' && this.errors.push(`console.error: ${args.map(String).join(' ')}`);
    this.realm = vm.createContext({
      console: { log: say('log'), info: say('info'), debug: say('debug'), warn: say('warn'), error: say('error') },
      setTimeout: timer,
      clearTimeout: cancel,
      setInterval: (fn: () => void, ms: number) => this.timer(fn, ms, true),
      clearInterval: cancel,
      App: (config: Record<string, (o?: unknown) => unknown>) => (this.app = config),
      Page: (config: Record<string, unknown>) => this.pageConfigs.set(this.loadingRoute, config),
      Component: () => undefined,
      getApp: () => this.app,
      getCurrentPages: () => this.stack.map((p) => p.instance),
      __wxConfig: { envVersion: 'develop', platform: 'devtools', pages: weappPages(appJson), global: { window: {} } },
    });
    const created = createWx({
      allowed: opts.allowed,
      cloudUrl: opts.cloudUrl,
      openid: opts.openid,
      fontSizeScaleFactor: opts.fontSizeScaleFactor ?? 1,
      subscribeAnswer: opts.subscribeAnswer ?? 'accept',
      callFunctionFails: opts.callFunctionFails,
      privacyAgreed: opts.privacyAgreed ?? true,
      microphone: opts.microphone ?? 'allow',
      inTap: () => this.inTap,
      agreeTapped: (id) => this.agreeTapped.has(id),
      route: (api, args) => this.navigate(api, args),
      toApp: (v) => this.toApp(v),
      AppPromise: vm.runInContext('Promise', this.realm) as PromiseConstructor,
    });
    this.realm.wx = created.wx;
    this.log = created.log;
    // NOTE: a rejection the app leaves unhandled reaches Node's process, where jest fails the running test with it.
  }

  /** A timer of the app's realm; none fires after close(). */
  timer(fn: () => void, ms = 0, repeat = false): ReturnType<typeof setTimeout> {
    if (this.closed) return undefined as unknown as ReturnType<typeof setTimeout>;
    const run = () => {
      if (!repeat) this.timers.delete(id);
      try {
        fn();
      } catch (err) {
        this.errors.push(`timer threw: ${String((err as Error)?.stack ?? err)}`);
      }
    };
    const id = repeat ? setInterval(run, ms) : setTimeout(run, ms);
    this.timers.set(id, repeat ? Infinity : ms);
    return id;
  }

  /** A value copied into the app's realm (WeChat serialises whatever crosses its bridge). */
  toApp<T>(value: T): T {
    return value === undefined ? value : ((vm.runInContext('JSON', this.realm) as JSON).parse(JSON.stringify(value)) as T);
  }

  /** Runs `code` in the app's realm (for tests of this model itself). */
  evaluate(code: string): unknown {
    return vm.runInContext(code, this.realm);
  }

  /** WeChat's module loader: each file runs once, with require/module/exports of its own. */
  private require(file: string): unknown {
    const full = path.resolve(file.endsWith('.js') ? file : `${file}.js`);
    const cached = this.modules.get(full);
    if (cached) return cached.exports;
    const module = { exports: {} };
    this.modules.set(full, module);
    const code = `(function (require, module, exports) {${fs.readFileSync(full, 'utf8')}\n})`;
    const fn = vm.runInContext(code, this.realm, { filename: full }) as (r: (p: string) => unknown, m: unknown, e: unknown) => void;
    fn((p) => this.require(path.resolve(path.dirname(full), p)), module, module.exports);
    return module.exports;
  }

  /** Calls an app or page lifecycle hook; what it throws is an error of the run (WeChat reports it to onError). */
  private lifecycle(target: Record<string, unknown>, hook: string, arg?: unknown): void {
    try {
      (target[hook] as ((a?: unknown) => void) | undefined)?.call(target, arg);
    } catch (err) {
      this.errors.push(`${hook} threw: ${String((err as Error)?.stack ?? err)}`);
    }
  }

  /** Starts the app (app.js and its chunks: common, vendors, taro, then runtime) at `path`. */
  async start(): Promise<WeappPage> {
    this.require(path.join(WEAPP_DIST, 'app.js'));
    const { route, query } = this.parseUrl(`/${this.opts.path}`);
    const launch = { path: route, query, scene: 1001, referrerInfo: {} };
    this.lifecycle(this.app, 'onLaunch', this.toApp(launch));
    this.lifecycle(this.app, 'onShow', this.toApp(launch));
    return this.open(route, query);
  }

  get page(): WeappPage {
    return this.stack[this.stack.length - 1];
  }

  /**
   * Resolves once the app has done what the last event started and it can do at once: no short timer (React's and
   * Taro's render steps, setData callbacks) pending twice in a row; a cloud call in flight is waited for by waitFor.
   */
  async idle(): Promise<void> {
    for (let quiet = 0, i = 0; quiet < 2 && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 5));
      quiet = [...this.timers.values()].some((ms) => ms <= 50) ? 0 : quiet + 1;
    }
  }

  /** Resolves with the page on top once it is `route` and has rendered. */
  async waitForPage(route: string, timeoutMs = 8000): Promise<WeappPage> {
    const failure = () => `no ${route}: on ${this.page.route}, which shows:\n${this.page.text()}`;
    await until(this, () => this.page.route === route && this.page.rendered, failure, timeoutMs);
    return this.page;
  }

  private parseUrl(url: string): { route: string; query: Record<string, string> } {
    const [p, q = ''] = url.split('?');
    const route = path.posix.join(p.startsWith('/') ? '' : path.posix.dirname(this.page?.route ?? ''), p).replace(/^\/+/, '');
    if (!weappPages().includes(route)) throw { errMsg: `page "${route}" is not found` };
    return { route, query: Object.fromEntries(new URLSearchParams(q)) };
  }

  /** Loads a page (its custom components, then its module, which calls Page()) and runs onLoad, onShow, onReady. */
  private async open(route: string, query: Record<string, string>): Promise<WeappPage> {
    if (!this.pageConfigs.has(route)) {
      const json = JSON.parse(fs.readFileSync(path.join(WEAPP_DIST, `${route}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
      for (const comp of Object.values(json.usingComponents ?? {})) this.require(path.resolve(WEAPP_DIST, path.dirname(route), comp));
      this.loadingRoute = route;
      this.require(path.join(WEAPP_DIST, `${route}.js`));
    }
    const config = this.pageConfigs.get(route);
    if (!config) throw new Error(`${route}.js did not call Page()`);
    const page = new WeappPage(route, query, config, this);
    this.stack.push(page);
    this.lifecycle(page.instance, 'onLoad', this.toApp(query));
    this.lifecycle(page.instance, 'onShow');
    await page.waitFor((p) => p.rendered, 'first render');
    this.lifecycle(page.instance, 'onReady');
    return page;
  }

  /** navigateTo / redirectTo / reLaunch / navigateBack on the page stack (at most 10 pages, as WeChat allows). */
  private async navigate(api: string, args: { url?: string; delta?: number }): Promise<void> {
    if (api === 'navigateBack') {
      for (let i = 0; i < (args.delta ?? 1) && this.stack.length > 1; i++) this.lifecycle(this.stack.pop()!.instance, 'onUnload');
      return this.lifecycle(this.page.instance, 'onShow');
    }
    let target: { route: string; query: Record<string, string> };
    try {
      target = this.parseUrl(args.url ?? '');
    } catch (err) {
      throw { errMsg: `${api}:fail ${(err as WxError).errMsg}` };
    }
    const { route, query } = target;
    if (api === 'navigateTo' && this.stack.length >= 10) throw { errMsg: 'navigateTo:fail webview count limit exceed' };
    if (api === 'navigateTo') this.lifecycle(this.page.instance, 'onHide');
    const leaving = api === 'reLaunch' ? this.stack.splice(0) : api === 'redirectTo' ? this.stack.splice(-1) : [];
    leaving.reverse().forEach((p) => this.lifecycle(p.instance, 'onUnload'));
    await this.open(route, query);
  }

  /** Errors, calls outside the allow-list, and the wx calls made: for a failing test's message. */
  report(): string {
    const calls = this.log.calls.map((c) => c.api).join(', ');
    return `errors: ${JSON.stringify(this.errors)}\nnot allowed: ${JSON.stringify(this.log.notAllowed)}\nwx calls: ${calls}`;
  }

  /** Stops every timer of the app. */
  close(): void {
    this.closed = true;
    this.timers.forEach((_ms, id) => (clearTimeout(id), clearInterval(id)));
    this.timers.clear();
  }
}

/** A cold start of the mini-program at `opts.path`; resolves once that page has rendered. */
export async function launchWeapp(opts: LaunchOptions): Promise<Weapp> {
  const app = new Weapp(opts);
  try {
    await app.start();
  } catch (err) {
    app.close();
    throw err;
  }
  return app;
}
