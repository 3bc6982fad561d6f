/**
 * The WeChat platform as the local cloud emulates it: subscription-message templates, each user's one-time
 * subscription credits, and the outbox of messages "delivered". Rules follow WeChat's documentation: one accepted
 * subscription allows one message (credits accumulate, never expire); no credit → errCode 43101; a field value that
 * breaks its type's rule → errCode 47003; an unknown template → 40037; a bad openid → 40003.
 * NOTE: this deliberately does not share code with the functions' own field fitting: it is the referee.
 */
import type { LocalDatabase } from './sdk/database';

export interface TemplateDef {
  id: string;
  title: string;
  /** Field keys as WeChat names them; the type is the key without its trailing digits. */
  keys: string[];
}

export class WxApiError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(errMsg);
  }
}

const CN = /^[\u4e00-\u9fa5]+$/;
const TIME = [
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/,
  /^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}$/,
  /^\d{1,2}:\d{2}$/,
  /^\d{4}-\d{2}-\d{2}$/,
  /^\d{4}年\d{1,2}月\d{1,2}日$/,
];

/** Why `value` breaks the rule of field `key`, or null when it is acceptable. */
export function fieldProblem(key: string, value: unknown): string | null {
  if (typeof value !== 'string') return 'value must be a string';
  const type = key.replace(/\d+$/, '');
  const len = Array.from(value).length;
  if (len === 0) return 'empty';
  switch (type) {
    case 'thing':
      return len <= 20 ? null : 'thing: at most 20 characters';
    case 'phrase':
      return len <= 5 && CN.test(value) ? null : 'phrase: at most 5 Chinese characters, nothing else';
    case 'name':
      return (CN.test(value) && len <= 10) || (/^[A-Za-z ]+$/.test(value) && len <= 20) ? null : 'name: 10 Chinese or 20 letters';
    case 'character_string':
      return len <= 32 && /^[0-9A-Za-z_\-.]+$/.test(value) ? null : 'character_string: at most 32 letters/digits/symbols';
    case 'number':
      return len <= 32 && /^\d+(\.\d+)?$/.test(value) ? null : 'number: at most 32 digits';
    case 'phone_number':
      return len <= 17 && /^[0-9+-]+$/.test(value) ? null : 'phone_number: at most 17 digits and +-';
    case 'time':
    case 'date':
      return TIME.some((re) => re.test(value)) ? null : `${type}: not a WeChat time format`;
    default:
      return len <= 20 ? null : `${type}: too long`;
  }
}

export interface SendRequest {
  touser?: unknown;
  templateId?: unknown;
  page?: unknown;
  data?: unknown;
  miniprogramState?: unknown;
}

export interface OutboxEntry {
  _id: string;
  touser: string;
  templateId: string;
  title: string;
  page: string;
  data: Record<string, { value: string }>;
  sentAt: Date;
}

/** Platform state lives in its own database (collections `templates`, `credits`, `outbox`). */
export class LocalPlatform {
  constructor(private readonly db: LocalDatabase) {}

  /** Create the platform's collections and register templates (first start). */
  async setup(templates: TemplateDef[]): Promise<void> {
    for (const name of ['templates', 'credits', 'outbox']) {
      try {
        await this.db.createCollection(name);
      } catch {
        // already there
      }
    }
    for (const t of templates)
      await this.db
        .collection('templates')
        .doc(t.id)
        .set({ data: { title: t.title, keys: t.keys } });
  }

  /** What wx.requestSubscribeMessage records when the user answers the pop-up: each accept is one credit. */
  async answerSubscribe(openid: string, result: Record<string, string>): Promise<Record<string, string>> {
    if (!openid) throw new WxApiError(40003, 'invalid openid');
    const _ = this.db.command;
    for (const [tmplId, answer] of Object.entries(result)) {
      if (answer !== 'accept') continue;
      const id = `${openid}:${tmplId}`;
      const res = await this.db
        .collection('credits')
        .doc(id)
        .update({ data: { credits: _.inc(1) } });
      if (res.stats.updated === 0) await this.db.collection('credits').add({ data: { _id: id, openid, tmplId, credits: 1 } });
    }
    return result;
  }

  /** Remaining credit (WeChat has no such API: this is for tests and the dev page only). */
  async credits(openid: string, tmplId: string): Promise<number> {
    const res = await this.db
      .collection('credits')
      .where({ _id: `${openid}:${tmplId}` })
      .get();
    return (res.data[0]?.credits as number | undefined) ?? 0;
  }

  /** openapi.subscribeMessage.send, with WeChat's checks in WeChat's order. */
  /** Errors the next sends will answer with, in order (dev/test only: to exercise retries and failures). */
  private readonly injected: number[] = [];

  /** Make the next `errCodes.length` sends fail with these codes (e.g. -501001 system busy, 47003). */
  injectSendErrors(errCodes: number[]): void {
    this.injected.push(...errCodes);
  }

  /** The injected errors not used yet, in order (a snapshot keeps them). */
  pendingSendErrors(): number[] {
    return [...this.injected];
  }

  async send(req: SendRequest): Promise<{ errCode: 0; errMsg: string }> {
    const forced = this.injected.shift();
    if (forced !== undefined) throw new WxApiError(forced, `openapi.subscribeMessage.send:fail injected error ${forced}`);
    const touser = typeof req.touser === 'string' ? req.touser : '';
    const templateId = typeof req.templateId === 'string' ? req.templateId : '';
    if (!touser) throw new WxApiError(40003, 'openapi.subscribeMessage.send:fail invalid openid');
    const tmpl = (await this.db.collection('templates').where({ _id: templateId }).get()).data[0] as unknown as { title: string; keys: string[] } | undefined;
    if (!tmpl) throw new WxApiError(40037, 'openapi.subscribeMessage.send:fail invalid template id');
    const data = (req.data ?? {}) as Record<string, { value?: unknown }>;
    for (const key of tmpl.keys) {
      const problem = fieldProblem(key, data[key]?.value);
      if (problem) throw new WxApiError(47003, `openapi.subscribeMessage.send:fail argument invalid! data.${key}.value ${problem}`);
    }
    const _ = this.db.command;
    const taken = await this.db
      .collection('credits')
      .where({ _id: `${touser}:${templateId}`, credits: _.gt(0) })
      .update({ data: { credits: _.inc(-1) } });
    if (taken.stats.updated !== 1) throw new WxApiError(43101, 'openapi.subscribeMessage.send:fail user refuse to accept the msg');
    await this.db.collection('outbox').add({
      data: { touser, templateId, title: tmpl.title, page: String(req.page ?? ''), data, sentAt: new Date() },
    });
    return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
  }

  /** Messages delivered, newest last; optionally only to one user. */
  async outbox(touser?: string): Promise<OutboxEntry[]> {
    const q = touser ? this.db.collection('outbox').where({ touser }) : this.db.collection('outbox');
    const res = await q.orderBy('sentAt', 'asc').limit(100).get();
    return res.data as unknown as OutboxEntry[];
  }
}
