/**
 * Content security (内容安全) as the local cloud emulates it: `openapi.security.msgSecCheck` (v2, and v1 when
 * `version` is not 2), `openapi.security.imgSecCheck` (v1, synchronous; no longer maintained by WeChat, kept because
 * the platform still answers it) and `openapi.security.mediaCheckAsync` (v2, asynchronous: the verdict is pushed
 * later, see push.ts). The permission check (-604101) is the SDK's (sdk/index.ts); this module only judges content.
 *
 * Verdicts come from a word list, so tests and demos can trigger each outcome:
 *   defaults  risky:  违禁词, 暴力威胁, 赌博      review: 待审核, 上访, 投诉到底
 *   override  <dataDir>/platform/content-words.json  { "risky": [...], "review": [...] }, read once at start;
 *             a list given replaces that default list, a list left out keeps the default; a malformed file
 *             refuses the start.
 * Matching: case-insensitive substring, also against the text with all whitespace removed ("违 禁 词" hits).
 * risky wins over review.
 * Images: risky when the bytes contain the ASCII marker `RISKY-IMAGE` (append it to any image to make one);
 * mediaCheckAsync also answers review for the marker `REVIEW-IMAGE`. Audio (mediaCheckAsync media_type 1, voice
 * notes): the markers `RISKY-AUDIO` and `REVIEW-AUDIO` in the bytes (append one to any recording) — an audio check
 * does not react to the image markers, nor an image check to the audio ones.
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
 *
 * mediaCheckAsync v2, following WeChat: `{ media_url, media_type (1 audio, 2 image), version: 2, scene (1–4),
 * openid }` (the SDK's camelCase mediaUrl / mediaType are taken too); the cloud call answers at once
 * `{ errCode: 0, errMsg: 'openapi.security.mediaCheckAsync:ok', traceId }` (the HTTPS API names it trace_id); the
 * verdict comes as a push (MsgType 'event', Event 'wxa_media_check', appid, trace_id, version 2, result
 * { suggest, label }, detail[]) built when it is delivered, from the bytes the URL then serves. At most 2,000 calls
 * a minute (45009 beyond). Local assumptions (NOTE): a media_url that is not http(s) — a cloud:// fileID above all —
 * is refused at once (47001) so the mistake shows, where WeChat was seen accepting it and then failing to download;
 * only URLs this local cloud's storage serves can be downloaded (no other traffic leaves the machine): any other
 * URL, a missing file, or one over 10 MB is pushed as review with detail errcode -1 (WeChat's answer for an
 * undownloadable URL is not documented); missing openid → 40003; media_type, version or scene wrong → 47001.
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
export const REVIEW_IMAGE_MARKER = 'REVIEW-IMAGE';
export const RISKY_AUDIO_MARKER = 'RISKY-AUDIO';
export const REVIEW_AUDIO_MARKER = 'REVIEW-AUDIO';
/** mediaCheckAsync: the largest file WeChat checks, and calls allowed per minute per mini-program. */
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
export const MEDIA_CHECKS_PER_MINUTE = 2000;
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

/** A mediaCheckAsync call WeChat accepted: what its push will be about. */
export interface AcceptedMediaCheck {
  traceId: string;
  mediaUrl: string;
  mediaType: 1 | 2;
  openid: string;
  scene: number;
}

/** The push of a mediaCheckAsync v2 verdict, as a cloud function receives it (消息推送, JSON). */
export interface MediaCheckPushEvent {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: 'event';
  Event: 'wxa_media_check';
  appid: string;
  trace_id: string;
  version: 2;
  result: { suggest: Suggest; label: number };
  detail: { strategy: string; errcode: number; suggest: Suggest; label: number; prob: number }[];
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

  /** Times of the mediaCheckAsync calls of the last minute (the 2,000-a-minute limit). */
  private readonly mediaCalls: number[] = [];

  /** openapi.security.mediaCheckAsync (v2): accepted now, judged when its push is delivered (mediaCheckPush). */
  mediaCheckAsync(req: {
    media_url?: unknown;
    media_type?: unknown;
    mediaUrl?: unknown;
    mediaType?: unknown;
    version?: unknown;
    scene?: unknown;
    openid?: unknown;
  }): { answer: { errCode: 0; errMsg: string; traceId: string }; check: AcceptedMediaCheck } {
    const api = 'openapi.security.mediaCheckAsync';
    const url = req?.media_url ?? req?.mediaUrl;
    const type = req?.media_type ?? req?.mediaType;
    if (typeof url !== 'string' || url === '') throw new WxApiError(47001, `${api}:fail data format error: media_url is required`);
    if (!/^https?:\/\/[^\s/]+/i.test(url)) {
      throw new WxApiError(47001, `${api}:fail invalid media_url: an http(s) URL WeChat can download is required (a cloud fileID is not: use getTempFileURL)`);
    }
    if (type !== 1 && type !== 2) throw new WxApiError(47001, `${api}:fail data format error: media_type must be 1 (audio) or 2 (image)`);
    if (req.version !== 2) throw new WxApiError(47001, `${api}:fail data format error: version must be 2 (1.0 is no longer maintained)`);
    if (typeof req.openid !== 'string' || req.openid === '') throw new WxApiError(40003, `${api}:fail invalid openid`);
    if (![1, 2, 3, 4].includes(req.scene as number)) throw new WxApiError(47001, `${api}:fail data format error: scene must be 1, 2, 3 or 4`);
    const now = Date.now();
    while (this.mediaCalls.length > 0 && this.mediaCalls[0] <= now - 60_000) this.mediaCalls.shift();
    if (this.mediaCalls.length >= MEDIA_CHECKS_PER_MINUTE)
      throw new WxApiError(45009, `${api}:fail api freq out of limit (${MEDIA_CHECKS_PER_MINUTE} a minute)`);
    this.mediaCalls.push(now);
    const check: AcceptedMediaCheck = { traceId: traceId(), mediaUrl: url, mediaType: type, openid: req.openid, scene: req.scene as number };
    return { answer: { errCode: 0, errMsg: `${api}:ok`, traceId: check.traceId }, check };
  }

  /**
   * The verdict on downloaded media (an image, or with `mediaType` 1 audio): the markers of its kind decide; null bytes
   * (not downloadable) is review with errcode -1.
   */
  judgeMedia(bytes: Buffer | null, mediaType: 1 | 2 = 2): { suggest: Suggest; label: number; errcode: number } {
    if (bytes === null || bytes.length > MAX_MEDIA_BYTES) return { suggest: 'review', label: LABEL_HIT, errcode: -1 };
    const [risky, review] = mediaType === 1 ? [RISKY_AUDIO_MARKER, REVIEW_AUDIO_MARKER] : [RISKY_IMAGE_MARKER, REVIEW_IMAGE_MARKER];
    if (bytes.includes(risky, 0, 'latin1')) return { suggest: 'risky', label: LABEL_HIT, errcode: 0 };
    if (bytes.includes(review, 0, 'latin1')) return { suggest: 'review', label: LABEL_HIT, errcode: 0 };
    return { suggest: 'pass', label: LABEL_NORMAL, errcode: 0 };
  }

  /** The push WeChat sends for an accepted check, judged on the bytes its URL serves now (null: not downloadable). */
  mediaCheckPush(check: AcceptedMediaCheck, bytes: Buffer | null, at: { appid: string; username: string; nowMs: number }): MediaCheckPushEvent {
    const { suggest, label, errcode } = this.judgeMedia(bytes, check.mediaType);
    return {
      ToUserName: at.username,
      FromUserName: check.openid,
      CreateTime: Math.floor(at.nowMs / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: at.appid,
      trace_id: check.traceId,
      version: 2,
      result: { suggest, label },
      detail: [{ strategy: 'content_model', errcode, suggest, label, prob: suggest === 'pass' ? 0 : 90 }],
    };
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
