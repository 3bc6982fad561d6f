/**
 * 消息推送 to cloud functions, as the local cloud emulates it: the platform calls the function configured for a
 * message's <MsgType, Event> pair (in WeChat: 云开发控制台 → 设置 → 其他设置 → 消息推送, push mode 云函数) with
 * the message itself as the event (JSON), no OPENID, through the same runner the timers use. Here the only message
 * is mediaCheckAsync's verdict (event wxa_media_check → `mediaCheck`, PUSH_ROUTES: what the console is set to).
 *
 * Timing: a push is delivered `delay` ms (real time) after the call that caused it; 'manual' holds every push until
 * deliverQueued() (tests that look at the state before the verdict). The delay comes from LocalCloudOptions or the
 * environment variable LOCAL_MEDIA_CHECK_DELAY_MS (a number of ms, or "manual"), default 2000 ms, and can be changed
 * while running (POST /__wx/pushes/delay). WeChat's own delay is anything up to 30 minutes. Record times are real
 * time (not the local clock, which a demo may have moved).
 * NOTE: the event is built when it is delivered (WeChat downloads the media asynchronously, after the call), so a
 * file deleted meanwhile is judged as undownloadable.
 * [UNVERIFIED] WeChat does not document the SOURCE a push invocation has: the local cloud gives wx_unknown.
 */

/** <MsgType>:<Event> → the function the console routes it to. */
export const PUSH_ROUTES: Readonly<Record<string, string>> = { 'event:wxa_media_check': 'mediaCheck' };

/** The ToUserName of pushes (the mini-program's original id, gh_…). */
export const LOCAL_USERNAME = 'gh_local00000000';

export type PushDelay = number | 'manual';

/** Default delay between a call and its push. */
export const DEFAULT_PUSH_DELAY_MS = 2000;

/** A delay as written ("manual" or milliseconds; LOCAL_MEDIA_CHECK_DELAY_MS), or undefined when unset or unusable. */
export function parsePushDelay(value: string | undefined): PushDelay | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (value.trim() === 'manual') return 'manual';
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** One push: queued by a call (or sent directly), then delivered to its function. */
export interface PushRecord {
  id: number;
  /** What caused it, e.g. "wxa_media_check local-…". */
  label: string;
  queuedAt: string;
  deliveredAt: string | null;
  /** The function it went to; null when no route matches (WeChat would send it to the 公众平台 server URL). */
  fn: string | null;
  event: unknown;
  /** The function's answer (or the platform error) once delivered. */
  ok?: boolean;
  answer?: unknown;
  error?: string;
  /** Milliseconds the function took. */
  ms?: number;
}

export interface MessagePushOptions {
  delay: PushDelay;
  /** Run a function as the platform's push (the runner, with no OPENID). */
  invoke: (fn: string, event: unknown) => Promise<unknown>;
  /** Is this function deployed (a folder with index.js)? */
  deployed: (fn: string) => boolean;
  log?: (line: string) => void;
}

const HISTORY_SIZE = 200;

/** Real time as ISO (the local clock shifts Date; performance's origin is the real one). */
const realNow = (): string => new Date(Math.round(performance.timeOrigin + performance.now())).toISOString();

interface Queued {
  record: PushRecord;
  make: () => Promise<unknown>;
  timer?: NodeJS.Timeout;
}

export class LocalMessagePush {
  private readonly queued = new Map<number, Queued>();
  private readonly running = new Set<Promise<PushRecord>>();
  private readonly records: PushRecord[] = [];
  private seq = 0;
  private stopped = false;

  private delay: PushDelay;

  constructor(private readonly opts: MessagePushOptions) {
    this.delay = opts.delay;
  }

  /** Change the delay of pushes queued from now on. */
  setDelay(delay: PushDelay): void {
    this.delay = delay;
  }

  /** Queue the push a call caused; `make` builds its event when it is delivered. */
  enqueue(label: string, make: () => Promise<unknown>): void {
    if (this.stopped) return;
    const record: PushRecord = { id: ++this.seq, label, queuedAt: realNow(), deliveredAt: null, fn: null, event: null };
    const q: Queued = { record, make };
    this.queued.set(record.id, q);
    this.remember(record);
    if (this.delay !== 'manual') {
      q.timer = setTimeout(() => void this.start(q), this.delay);
      q.timer.unref();
    }
  }

  /** Deliver every queued push now; resolves with their records once their functions have answered. */
  async deliverQueued(): Promise<PushRecord[]> {
    return Promise.all([...this.queued.values()].map((q) => this.start(q)));
  }

  /** Deliver `event` now, as the platform would (a test's repeated or forged push). */
  async push(event: unknown, label = 'direct'): Promise<PushRecord> {
    const record: PushRecord = { id: ++this.seq, label, queuedAt: realNow(), deliveredAt: null, fn: null, event: null };
    this.remember(record);
    return this.start({ record, make: async () => event });
  }

  /** Resolves once nothing is on a timer or being delivered ('manual' pushes still held do not count). */
  async idle(): Promise<void> {
    while ([...this.queued.values()].some((q) => q.timer) || this.running.size > 0) {
      await Promise.race([...this.running, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }

  /** Pushes so far (the last 200), oldest first. */
  history(): PushRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** Drop queued pushes and wait for the ones being delivered. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const q of this.queued.values()) clearTimeout(q.timer);
    this.queued.clear();
    await Promise.all([...this.running]);
  }

  private remember(record: PushRecord): void {
    this.records.push(record);
    if (this.records.length > HISTORY_SIZE) this.records.splice(0, this.records.length - HISTORY_SIZE);
  }

  private start(q: Queued): Promise<PushRecord> {
    clearTimeout(q.timer);
    q.timer = undefined;
    this.queued.delete(q.record.id);
    const run = this.deliver(q);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  private async deliver({ record, make }: Queued): Promise<PushRecord> {
    const t0 = performance.now();
    try {
      const event = await make();
      record.event = event;
      const e = (event ?? {}) as { MsgType?: unknown; Event?: unknown };
      const fn = PUSH_ROUTES[`${String(e.MsgType)}:${String(e.Event)}`] ?? null;
      record.fn = fn && this.opts.deployed(fn) ? fn : null;
      record.deliveredAt = realNow();
      if (!record.fn) {
        record.ok = false;
        record.error = fn ? `function ${fn} is not deployed` : 'no 消息推送 route for this message';
      } else {
        record.answer = await this.opts.invoke(record.fn, event);
        record.ok = true;
      }
    } catch (err) {
      record.ok = false;
      record.error = String((err as Error)?.message ?? err);
    }
    record.ms = Math.round(performance.now() - t0);
    this.opts.log?.(
      `[push] ${record.label} → ${record.fn ?? '(none)'} ${record.ok ? JSON.stringify(record.answer) : `failed: ${record.error}`} (${record.ms} ms)`,
    );
    return record;
  }
}
