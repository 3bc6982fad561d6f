/**
 * Elder-friendliness measured in the browser (see docs/elder-friendly.md in the shared docs): font sizes, line
 * heights, tap-target boxes and sideways scrolling of what is on screen, plus axe-core's WCAG 2.2 AA rules.
 *
 * `measure(page)` reads the rendered page with getComputedStyle/getBoundingClientRect:
 * - every visible text node (and every input/textarea, whose typed text has the field's font): font size and line
 *   height in px (`normal` counts as 1.2 × the font size);
 * - every tappable element — `[role=button]`, `button`, `a[href]`, `input`, `textarea`, `select`, other clickable
 *   roles, and any element with a click handler (Taro H5's `__events`, a React onClick or a DOM onclick on the node, so a tappable Taro
 *   View that lacks a role is found too and reported in `unlabelledTappables`) — and its bounding box; role-carrying
 *   ones must also take keyboard focus (`notFocusable`);
 * - whether anything runs off sideways: the document or any scroll/clip container (Taro's H5 pages scroll inside
 *   `.taro_page`, and `.gk-page` hides overflow-x, so a too-wide child is clipped rather than scrolled) being wider
 *   inside than outside, or visible text reaching past the viewport's edges.
 * Main actions are the elements marked `data-main-action` (the big-button component's `size='main'`).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface Box {
  width: number;
  height: number;
}

export interface Offender {
  /** A CSS-ish path that finds the element (data-testid when it has one). */
  selector: string;
  /** Its visible words (cut to 40 characters). */
  text: string;
  /** What was measured, e.g. "15px", "1.2", "300×40". */
  value: string;
}

export interface ElderThresholds {
  /** Smallest font size in CSS px (MIIT 1.1: main text ≥ 18). */
  minFontPx: number;
  /** Smallest line height as a multiple of the font size (MIIT 1.2: ≥ 1.3). */
  minLineHeight: number;
  /** Main actions at least this wide and high (MIIT 2.1 elder mode: 60×60). */
  mainAction: number;
  /** Every other tap target at least this wide and high (MIIT 2.1: 44×44). */
  target: number;
}

export const ELDER: ElderThresholds = { minFontPx: 18, minLineHeight: 1.3, mainAction: 60, target: 44 };

export interface ElderMeasurement {
  viewport: { width: number; height: number };
  /** Text nodes measured. */
  textCount: number;
  targetCount: number;
  mainActionCount: number;
  /** Smallest font size found, px (Infinity when there is no text). */
  minFontPx: number;
  /** Smallest line-height ÷ font-size found. */
  minLineHeight: number;
  /** Smallest main action, by its smaller side; null when the page has none. */
  minMainAction: Box | null;
  /** Smallest other tap target, by its smaller side; null when the page has none. */
  minTarget: Box | null;
  /** The document scrolls sideways (scrollWidth > clientWidth + 1). */
  documentScrollsSideways: boolean;
  /** Anything sideways: the document, a scroll/clip container wider inside than out, or text past the viewport edge. */
  horizontalOverflow: boolean;
  offenders: {
    /** Text under minFontPx. */
    font: Offender[];
    /** Text with line height under minLineHeight. */
    lineHeight: Offender[];
    /** Main actions under mainAction × mainAction. */
    mainAction: Offender[];
    /** Other targets under target × target. */
    target: Offender[];
    /** Containers wider inside than outside, and text past the viewport edge. */
    overflow: Offender[];
    /** Elements with a click handler but no role (invisible to screen readers as buttons). */
    unlabelledTappables: Offender[];
    /** Role-carrying targets (role=button etc.) that cannot take keyboard focus (no tabindex). */
    notFocusable: Offender[];
  };
}

export interface MeasureOptions {
  /** Elements inside these are not measured (e.g. a dialog that is not ours). */
  exclude?: string[];
  thresholds?: Partial<ElderThresholds>;
}

/** Measure the page as it is on screen now. */
export async function measure(page: Page, opts: MeasureOptions = {}): Promise<ElderMeasurement> {
  const t = { ...ELDER, ...opts.thresholds };
  return page.evaluate(
    ({ exclude, t }) => {
      const excluded = (el: Element) => exclude.some((sel) => el.closest(sel) !== null);
      const shown = (el: Element) =>
        (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? (el as HTMLElement).offsetParent !== null;
      const words = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 40);
      const selectorOf = (el: Element): string => {
        const testId = el.getAttribute('data-testid');
        if (testId) return `[data-testid="${testId}"]`;
        const parts: string[] = [];
        let cur: Element | null = el;
        while (cur && cur !== document.body && parts.length < 4) {
          const id = cur.getAttribute('data-testid');
          if (id) {
            parts.unshift(`[data-testid="${id}"]`);
            break;
          }
          const cls = (cur.getAttribute('class') ?? '')
            .split(/\s+/)
            .filter((c) => c && !c.startsWith('taro_'))
            .slice(0, 2);
          parts.unshift(cur.tagName.toLowerCase() + cls.map((c) => `.${c}`).join(''));
          cur = cur.parentElement;
        }
        return parts.join(' > ');
      };
      const px = (v: string) => parseFloat(v) || 0;
      const vw = document.documentElement.clientWidth;

      const font: Offender[] = [];
      const lineHeight: Offender[] = [];
      const overflow: Offender[] = [];
      let minFontPx = Infinity;
      let minLineHeight = Infinity;
      let textCount = 0;

      const measureText = (el: Element, text: string, rect: DOMRect) => {
        const cs = getComputedStyle(el);
        const size = px(cs.fontSize);
        const lh = cs.lineHeight === 'normal' ? 1.2 * size : px(cs.lineHeight);
        const ratio = Math.round((lh / size) * 100) / 100;
        textCount++;
        minFontPx = Math.min(minFontPx, size);
        minLineHeight = Math.min(minLineHeight, ratio);
        if (size < t.minFontPx - 0.01) font.push({ selector: selectorOf(el), text: words(text), value: `${size}px` });
        if (ratio < t.minLineHeight - 0.005) lineHeight.push({ selector: selectorOf(el), text: words(text), value: `${ratio}` });
        if (rect.right > vw + 1 || rect.left < -1) {
          overflow.push({ selector: selectorOf(el), text: words(text), value: `text from x=${Math.round(rect.left)} to ${Math.round(rect.right)} in ${vw}` });
        }
      };

      // Text nodes.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        const el = n.parentElement;
        if (!el || !text.trim() || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(el.tagName) || excluded(el) || !shown(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const rect = range.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        measureText(el, text, rect);
      }
      // Typed text takes the field's font.
      for (const el of Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))) {
        if (excluded(el) || !shown(el)) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        measureText(el, (el as HTMLInputElement).value || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '(field)', rect);
      }

      // Tap targets.
      const ROLE_SELECTOR =
        '[role=button], button, a[href], input:not([type=hidden]), textarea, select, [role=link], [role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option]';
      // Taro's H5 components keep their handlers in `el.__events` ({ click: … }); plain React ones in
      // `__reactProps$…`; DOM ones in `onclick`.
      const TAP_EVENTS = ['click', 'tap', 'longpress', 'touchstart', 'touchend'];
      const hasClick = (el: Element) => {
        const anyEl = el as unknown as Record<string, unknown>;
        const events = anyEl.__events as Record<string, unknown> | undefined;
        if (events && TAP_EVENTS.some((e) => events[e])) return true;
        if (typeof (el as HTMLElement).onclick === 'function') return true;
        const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
        const props = key ? (anyEl[key] as Record<string, unknown> | undefined) : undefined;
        return !!props && (typeof props.onClick === 'function' || typeof props.onTap === 'function');
      };
      // Framework containers that listen for clicks on behalf of the page (Taro's router root and pages).
      const FRAMEWORK = '#app, .taro_router, .taro_page';
      const targets = new Set<Element>(Array.from(document.querySelectorAll(ROLE_SELECTOR)));
      const unlabelledTappables: Offender[] = [];
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        if (targets.has(el) || el.matches(FRAMEWORK) || !hasClick(el)) continue;
        // A handler on an element whose role-carrying ancestor is the real target (e.g. a Text inside a button).
        if (el.parentElement?.closest(ROLE_SELECTOR)) continue;
        targets.add(el);
        if (!excluded(el) && shown(el))
          unlabelledTappables.push({ selector: selectorOf(el), text: words((el as HTMLElement).innerText ?? ''), value: 'click handler, no role' });
      }
      const mainAction: Offender[] = [];
      const target: Offender[] = [];
      const notFocusable: Offender[] = [];
      let minMainAction: Box | null = null;
      let minTarget: Box | null = null;
      let mainActionCount = 0;
      let targetCount = 0;
      const smaller = (a: Box | null, b: Box) => (!a || Math.min(b.width, b.height) < Math.min(a.width, a.height) ? b : a);
      for (const el of targets) {
        if (excluded(el) || !shown(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const box = { width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 };
        const value = `${box.width}×${box.height}`;
        const label = words((el as HTMLElement).innerText || el.getAttribute('aria-label') || '');
        if (el.hasAttribute('role') && !(el as HTMLElement).matches('a[href], button, input, textarea, select') && (el as HTMLElement).tabIndex < 0) {
          notFocusable.push({ selector: selectorOf(el), text: label, value: `role=${el.getAttribute('role')}, no tabindex` });
        }
        if (el.closest('[data-main-action]')) {
          mainActionCount++;
          minMainAction = smaller(minMainAction, box);
          if (box.width < t.mainAction - 0.5 || box.height < t.mainAction - 0.5) mainAction.push({ selector: selectorOf(el), text: label, value });
        } else {
          targetCount++;
          minTarget = smaller(minTarget, box);
          if (box.width < t.target - 0.5 || box.height < t.target - 0.5) target.push({ selector: selectorOf(el), text: label, value });
        }
      }

      // Sideways: the document, and every container that scrolls or clips horizontally.
      const se = document.scrollingElement ?? document.documentElement;
      const documentScrollsSideways = se.scrollWidth > se.clientWidth + 1;
      if (documentScrollsSideways) overflow.push({ selector: 'document', text: '', value: `scrollWidth ${se.scrollWidth} > clientWidth ${se.clientWidth}` });
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        if (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || excluded(el) || !shown(el)) continue;
        const ox = getComputedStyle(el).overflowX;
        if (ox === 'visible' || el.clientWidth === 0) continue;
        if (el.scrollWidth > el.clientWidth + 1) {
          // Name the outermost descendants that stick out, so the message says what is too wide.
          const edge = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
          const out = Array.from(el.querySelectorAll('*')).filter((d) => shown(d) && d.getBoundingClientRect().right > edge + 1);
          const culprits = out.filter((d) => !out.includes(d.parentElement as Element)).slice(0, 3);
          overflow.push({
            selector: selectorOf(el),
            text: culprits.map((d) => `${selectorOf(d)} "${words((d as HTMLElement).innerText ?? '')}"`).join('; '),
            value: `overflow-x ${ox}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`,
          });
        }
      }

      return {
        viewport: { width: window.innerWidth, height: window.innerHeight },
        textCount,
        targetCount,
        mainActionCount,
        minFontPx,
        minLineHeight,
        minMainAction,
        minTarget,
        documentScrollsSideways,
        horizontalOverflow: overflow.length > 0,
        offenders: { font, lineHeight, mainAction, target, overflow, unlabelledTappables, notFocusable },
      };
    },
    { exclude: opts.exclude ?? [], t },
  );
}

/** Rule failures of one measurement, one line each; empty when the page meets every threshold. */
export function elderProblems(m: ElderMeasurement, rules: { sizes: boolean } = { sizes: true }): string[] {
  const lines: string[] = [];
  const list = (rule: string, offenders: Offender[]) => {
    for (const o of offenders) lines.push(`${rule}: ${o.selector} "${o.text}" ${o.value}`);
  };
  list('overflow', m.offenders.overflow);
  list('tappable without role', m.offenders.unlabelledTappables);
  list('not focusable', m.offenders.notFocusable);
  if (rules.sizes) {
    list(`font < ${ELDER.minFontPx}px`, m.offenders.font);
    list(`line-height < ${ELDER.minLineHeight}`, m.offenders.lineHeight);
    list(`main action < ${ELDER.mainAction}×${ELDER.mainAction}`, m.offenders.mainAction);
    list(`target < ${ELDER.target}×${ELDER.target}`, m.offenders.target);
  }
  return lines;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each failing node's target (axe's selector path) and its failure summary. */
  nodes: Array<{ target: string; summary: string }>;
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

/** axe-core's WCAG 2.0/2.1/2.2 A+AA rules on the page as it is now. */
export async function axe(page: Page, opts: { exclude?: string[] } = {}): Promise<AxeViolation[]> {
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  for (const sel of opts.exclude ?? []) builder = builder.exclude(sel);
  const result = await builder.analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map((x) => (Array.isArray(x) ? x.join(' >>> ') : String(x))).join(' '), summary: n.failureSummary ?? '' })),
  }));
}

/** One line per violation, for failure messages. */
export function axeLines(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `axe ${v.id} (${v.impact}): ${n.target} — ${n.summary.replace(/\s+/g, ' ').slice(0, 200)}`));
}

/** "60×64" for a box, "none" for null. */
export function boxText(b: Box | null): string {
  return b ? `${Math.round(b.width)}×${Math.round(b.height)}` : 'none';
}

export interface PageLayout {
  /**
   * Fewest characters per line of body text: for each visible text of ≥ 8 characters at the body size (18 px × the
   * font scale: the size of .gk-text, hints and row lines) outside tap targets and the dev/title bars, the content
   * width of the block it flows in divided by its font size (a Chinese character is one em wide); the smallest over
   * the page. null: no body text.
   */
  charsPerLine: number | null;
  /** The text that gave `charsPerLine`. */
  charsPerLineText: string;
  /** The same for larger text (titles, row titles, notices: 20–26 px × the scale), reported beside it. */
  charsPerLineLarger: number | null;
  /** Page length in screens: the scroll height of the document or of the shown Taro page ÷ the viewport height. */
  screens: number;
  /** Visible filled blue main buttons (the red emergency ones aside): one per screen is the design. */
  primaryButtons: number;
  /**
   * Where the main action ends, in px from the top of the page without the H5 demo bar (the mini-program has none):
   * the bottom edge of the first visible filled blue button (else the first red, else the first main-size button);
   * null when the page has none (a list, a dashboard). A fixed bottom bar counts where it is drawn.
   */
  mainActionBottom: number | null;
  /** The words on that button. */
  mainActionText: string;
}

/** How the page's text flows (characters per line), how long it is (screens) and where its main action is. */
export async function layout(page: Page, opts: { exclude?: string[] } = {}): Promise<PageLayout> {
  return page.evaluate(
    ({ exclude }) => {
      const skip = [...exclude, '.gk-devbar', '.gk-titlebar', '[role=button]', '[role=radio]', '[role=checkbox]', '[role=tab]', 'button', 'a[href]'];
      const scale = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--gk-scale')) || 1;
      const root = document.querySelector('.taro_page_show') ?? document.body;
      let min = Infinity;
      let minLarger = Infinity;
      let sample = '';
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').replace(/\s+/g, '');
        const el = n.parentElement;
        if (!el || text.length < 8 || skip.some((s) => el.closest(s)) || !el.checkVisibility()) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (!size) continue;
        let block: Element | null = el;
        while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
        if (!block) continue;
        const bs = getComputedStyle(block);
        const width = block.clientWidth - parseFloat(bs.paddingLeft) - parseFloat(bs.paddingRight);
        const chars = Math.floor(width / size + 0.01);
        if (size > 18 * scale + 0.5) {
          minLarger = Math.min(minLarger, chars);
        } else if (chars < min) {
          min = chars;
          sample = text.slice(0, 16);
        }
      }
      const shownPage = document.querySelector('.taro_page_show') as HTMLElement | null;
      const se = document.scrollingElement ?? document.documentElement;
      const height = Math.max(se.scrollHeight, shownPage?.scrollHeight ?? 0);
      const visible = (sel: string) =>
        Array.from(root.querySelectorAll(sel)).filter((e) => (e as HTMLElement).checkVisibility() && !skip.slice(0, exclude.length).some((s) => e.closest(s)));
      const filled = visible('.gk-btn--primary[data-main-action]');
      const main = filled[0] ?? visible('.gk-btn--alarm[data-main-action]')[0] ?? visible('[data-main-action]')[0];
      // The H5 demo bar is not in the mini-program: the main action's place is measured as if it were not there.
      const devBar = root.querySelector('.gk-devbar');
      let pinned = false;
      for (let e: Element | null = main ?? null; e && !pinned; e = e.parentElement) pinned = getComputedStyle(e).position === 'fixed';
      const below = !pinned && devBar && main && devBar.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING;
      const top = se.scrollTop - (below ? devBar.getBoundingClientRect().height : 0);
      return {
        charsPerLine: min === Infinity ? null : min,
        charsPerLineText: sample,
        charsPerLineLarger: minLarger === Infinity ? null : minLarger,
        screens: Math.round((height / window.innerHeight) * 10) / 10,
        primaryButtons: filled.length,
        mainActionBottom: main ? Math.round(main.getBoundingClientRect().bottom + top) : null,
        mainActionText: main ? (main.textContent ?? '').trim().slice(0, 12) : '',
      };
    },
    { exclude: opts.exclude ?? [] },
  );
}
