/**
 * Text scale that follows the user's WeChat font size. Sizes in the styles grow with `var(--gk-scale, 1)` (body text
 * `calc(18PX * var(--gk-scale, 1))`, larger type 18 px × the scale plus its lead, see app.css), so setting --gk-scale
 * on an ancestor enlarges all text and tap targets together.
 */
import Taro from '@tarojs/taro';

const MIN = 1;
const MAX = 2;

function clamp(n: number): number {
  return Math.min(MAX, Math.max(MIN, n));
}

let weappScale: number | null = null;

/** WeChat's fontSizeScaleFactor (1 standard, ≈1.4 care mode), never below 1; 1 outside weapp. */
export function fontScale(): number {
  if (process.env.TARO_ENV !== 'weapp') return 1;
  if (weappScale === null) {
    let factor = 1;
    try {
      const info = Taro.getAppBaseInfo() as { fontSizeScaleFactor?: number };
      if (typeof info.fontSizeScaleFactor === 'number' && info.fontSizeScaleFactor > 0) factor = info.fontSizeScaleFactor;
    } catch {
      factor = 1;
    }
    weappScale = clamp(factor);
  }
  return weappScale;
}

/** Inline style for a page's root View: sets --gk-scale in weapp; in H5 it inherits from <html> (see app.ts). */
export function scaleStyle(): string | undefined {
  if (process.env.TARO_ENV !== 'weapp') return undefined;
  const s = fontScale();
  return s === 1 ? undefined : `--gk-scale: ${s};`;
}

/**
 * H5 only: `?fontScale=1.4` in the address (before the #) sets --gk-scale on <html>, to try larger text in a
 * browser the way WeChat's font setting does on a phone.
 */
export function applyH5FontScaleFromUrl(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return;
  const raw = new URLSearchParams(window.location.search).get('fontScale');
  const n = raw === null ? NaN : Number(raw);
  if (Number.isFinite(n) && n > 0) document.documentElement.style.setProperty('--gk-scale', String(clamp(n)));
}
