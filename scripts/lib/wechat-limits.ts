/**
 * WeChat's limits the deploy checks enforce, in one place. Conservative bounds: the docs disagree on some
 * (total package size 20 MB in older docs, 30 MB in newer ones) — see /work/shared/docs/wechat-platform-facts.md.
 */
export const LIMITS = {
  /** Main package, bytes. */
  mainPackage: 2 * 1024 * 1024,
  /** Each subpackage, bytes. */
  subPackage: 2 * 1024 * 1024,
  /** All packages together, bytes (20 MB: the older, smaller documented limit). */
  total: 20 * 1024 * 1024,
  /** Cloud function timeout, seconds (console maximum). */
  functionTimeout: 60,
  /** Timer triggers per cloud function. */
  triggersPerFunction: 1,
} as const;

/** The files a deployed function folder holds, nothing else. */
export const FUNCTION_FILES = ['config.json', 'index.js', 'package.json'] as const;

/** A placeholder appid for offline checks (no account needed). */
export const PLACEHOLDER_APPID = 'wx0000000000000000';

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
