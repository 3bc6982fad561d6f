/**
 * Content security (内容安全) as the local cloud emulates it: `openapi.security.msgSecCheck` (v2, and v1 when
 * `version` is not 2) and `openapi.security.imgSecCheck` (v1, synchronous). The permission check (-604101) is the
 * SDK's (sdk/index.ts); this module only judges content.
 *
 * Verdicts come from a word list, so tests and demos can trigger each outcome:
 *   defaults  risky:  违禁词, 暴力威胁, 赌博      review: 待审核, 上访, 投诉到底
 *   override  <dataDir>/platform/content-words.json  { "risky": [...], "review": [...] }, read once at start;
 *             a list given replaces that default list, a list left out keeps the default; a malformed file
 *             refuses the start.
 * Matching: case-insensitive substring, also against the text with all whitespace removed ("违 禁 词" hits).
 * risky wins over review.
 * Images: risky when the bytes contain the ASCII marker `RISKY-IMAGE` (append it to any image to make one).
 *
 * Following WeChat:
 * - msgSecCheck v2 resolves errCode 0 whatever the content; the verdict is `result.suggest` (pass|review|risky),
 *   `result.label` 100 for pass. WeChat's label values: 100 正常, 10001 广告, 20001 时政, 20002 色情, 20003 辱骂,
 *   20006 违法犯罪, 20008 欺诈, 20012 低俗, 20013 版权, 21000 其他. A word list cannot tell which applies, so every
 *   hit here is labelled 20006 (NOTE: a local simplification).
 * - msgSecCheck v1 (no `version: 2`) resolves errCode 0 for pass/review and rejects 87014 for risky.
 * - imgSecCheck resolves errCode 0, rejects 87014 for a risky image.
 * Assumptions (NOTE: codes chosen locally, not confirmed against WeChat): content over 2500 characters → 40003
 * 'content too long'; missing openid (v2) → 40003; content missing or not a string, or scene not 1–4 → 47001;
 * image over 1 MB → 40006; media missing → 41005; contentType not image/* → 40004. WeChat's "the openid must have
 * used the mini-program in the last 2 hours" is not emulated.
 */
import fs from 'fs';
import { WxApiError } from './platform';

export interface ContentWords {
  risky: string[];
  review: string[];
}

export const DEFAULT_CONTENT_WORDS: ContentWords = {
  risky: ['违禁词', '暴力威胁', '赌博'],
  review: ['待审核', '上访', '投诉到底'],
};

export const RISKY_IMAGE_MARKER = 'RISKY-IMAGE';
export const MAX_TEXT_CHARS = 2500;
export const MAX_IMAGE_BYTES = 1024 * 1024;
export const LABEL_NORMAL = 100;
export const LABEL_HIT = 20006;

export type Suggest = 'pass' | 'review' | 'risky';

export interface MsgSecCheckResult {
  errCode: 0;
  errMsg: string;
  result: { suggest: Suggest; label: number };
  detail: { strategy: string; errcode: number; suggest: Suggest; label: number; prob?: number; level?: number; keyword?: string }[];
  traceId: string;
}

/** Read `<dataDir>/platform/content-words.json` (or any such file); defaults when it does not exist. */
export function readContentWords(file: string): ContentWords {
  if (!fs.existsSync(file)) return { ...DEFAULT_CONTENT_WORDS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${String((err as Error).message)})`, { cause: err });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: expected { "risky": [...], "review": [...] }`);
  const words = { ...DEFAULT_CONTENT_WORDS };
  for (const key of ['risky', 'review'] as const) {
    const list = (parsed as Record<string, unknown>)[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((w) => typeof w === 'string' && w.trim() !== '')) {
      throw new Error(`${file}: "${key}" must be a list of non-empty strings`);
    }
    words[key] = list as string[];
  }
  return words;
}

let traceSeq = 0;
const traceId = () => `local-${Date.now().toString(16)}-${(++traceSeq).toString(16)}`;

export class LocalSecurity {
  private readonly words: ContentWords;

  constructor(words: Partial<ContentWords> = {}) {
    this.words = { risky: words.risky ?? DEFAULT_CONTENT_WORDS.risky, review: words.review ?? DEFAULT_CONTENT_WORDS.review };
  }

  /** The verdict for a text and the word that decided it. */
  judge(content: string): { suggest: Suggest; keyword?: string } {
    const text = content.toLowerCase();
    const squeezed = text.replace(/\s+/g, '');
    const hit = (list: string[]) =>
      list.find((w) => {
        const word = w.toLowerCase();
        return text.includes(word) || squeezed.includes(word.replace(/\s+/g, ''));
      });
    const risky = hit(this.words.risky);
    if (risky) return { suggest: 'risky', keyword: risky };
    const review = hit(this.words.review);
    if (review) return { suggest: 'review', keyword: review };
    return { suggest: 'pass' };
  }

  /** openapi.security.msgSecCheck */
  async msgSecCheck(req: {
    content?: unknown;
    version?: unknown;
    scene?: unknown;
    openid?: unknown;
  }): Promise<MsgSecCheckResult | { errCode: 0; errMsg: string }> {
    const api = 'openapi.security.msgSecCheck';
    const content = req?.content;
    if (typeof content !== 'string' || content === '') throw new WxApiError(47001, `${api}:fail data format error: content is required`);
    if (Array.from(content).length > MAX_TEXT_CHARS) throw new WxApiError(40003, `${api}:fail content too long (at most ${MAX_TEXT_CHARS} characters)`);
    const { suggest, keyword } = this.judge(content);
    if (req.version !== 2) {
      // v1: no openid or scene; risky content is an error.
      if (suggest === 'risky') throw new WxApiError(87014, `${api}:fail risky content`);
      return { errCode: 0, errMsg: `${api}:ok` };
    }
    if (typeof req.openid !== 'string' || req.openid === '') throw new WxApiError(40003, `${api}:fail invalid openid`);
    if (![1, 2, 3, 4].includes(req.scene as number)) throw new WxApiError(47001, `${api}:fail data format error: scene must be 1, 2, 3 or 4`);
    const label = suggest === 'pass' ? LABEL_NORMAL : LABEL_HIT;
    const detail: MsgSecCheckResult['detail'] = [{ strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 }];
    if (keyword) detail.push({ strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword });
    return { errCode: 0, errMsg: `${api}:ok`, result: { suggest, label }, detail, traceId: traceId() };
  }

  /** openapi.security.imgSecCheck (v1, synchronous) */
  async imgSecCheck(req: { media?: { contentType?: unknown; value?: unknown } }): Promise<{ errCode: 0; errMsg: string }> {
    const api = 'openapi.security.imgSecCheck';
    const value = req?.media?.value;
    if (!(value instanceof Uint8Array) || value.length === 0) throw new WxApiError(41005, `${api}:fail media data missing`);
    const contentType = req.media?.contentType;
    if (typeof contentType !== 'string' || !contentType.toLowerCase().startsWith('image/')) {
      throw new WxApiError(40004, `${api}:fail invalid media type (contentType must be image/*)`);
    }
    if (value.length > MAX_IMAGE_BYTES) throw new WxApiError(40006, `${api}:fail invalid media size (at most ${MAX_IMAGE_BYTES} bytes)`);
    if (Buffer.from(value.buffer, value.byteOffset, value.byteLength).includes(RISKY_IMAGE_MARKER, 0, 'latin1')) {
      throw new WxApiError(87014, `${api}:fail risky content`);
    }
    return { errCode: 0, errMsg: `${api}:ok` };
  }
}
