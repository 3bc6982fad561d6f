/**
 * Timer triggers (定时触发器) for the local cloud: read from each function folder's config.json
 * (`"triggers": [{ "name", "type": "timer", "config": "<cron>" }]`), and a scheduler that invokes the function
 * with WeChat's timer event whenever the local clock passes a fire time. The cron dialect is in cron.ts.
 */
import fs from 'fs';
import path from 'path';
import { formatUtc8, lastFireTimeBetween, parseCron, type CronSpec } from './cron';

export { CRON_FIELDS, fireTimesBetween, formatUtc8, lastFireTimeBetween, matches, parseCron, type CronSpec } from './cron';

/** `2026-11-26T02:05:00Z`: the event's Time format (the SCF timer event's sample shows UTC without milliseconds). */
function formatEventTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** One timer trigger of one function, as read from its config.json. */
export interface TriggerDef {
  functionName: string;
  triggerName: string;
  cron: string;
  spec: CronSpec;
}

const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

/**
 * Every deployable function's (folder with index.js) timer trigger from its config.json. Throws one Error naming
 * each broken function — WeChat's upload rejects these, so the local cloud refuses to start with them.
 */
export function readTriggers(functionsDir: string): TriggerDef[] {
  if (!fs.existsSync(functionsDir)) return [];
  const found: TriggerDef[] = [];
  const problems: string[] = [];
  for (const fn of fs.readdirSync(functionsDir).sort()) {
    const dir = path.join(functionsDir, fn);
    const configFile = path.join(dir, 'config.json');
    if (!fs.existsSync(path.join(dir, 'index.js')) || !fs.existsSync(configFile)) continue;
    let config: { triggers?: unknown };
    try {
      config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { triggers?: unknown };
    } catch (err) {
      problems.push(`${fn}/config.json is not valid JSON: ${(err as Error).message}`);
      continue;
    }
    const triggers = config?.triggers;
    if (triggers === undefined) continue;
    if (!Array.isArray(triggers)) {
      problems.push(`${fn}/config.json: "triggers" must be an array`);
      continue;
    }
    if (triggers.length > 1) problems.push(`${fn}/config.json: WeChat allows one trigger per function, found ${triggers.length}`);
    triggers.forEach((raw: unknown, i: number) => {
      const t = (raw ?? {}) as { name?: unknown; type?: unknown; config?: unknown };
      const label = `${fn}/config.json triggers[${i}]${typeof t.name === 'string' ? ` "${t.name}"` : ''}`;
      if (typeof t.name !== 'string' || !TRIGGER_NAME.test(t.name)) {
        problems.push(`${label}: name must be 1-60 of a-z A-Z 0-9 - _, starting with a letter`);
      }
      if (t.type !== 'timer') {
        problems.push(`${label}: type ${JSON.stringify(t.type)} is not supported (WeChat only has "timer")`);
        return;
      }
      if (typeof t.config !== 'string') {
        problems.push(`${label}: config must be a cron string`);
        return;
      }
      try {
        const spec = parseCron(t.config);
        if (typeof t.name === 'string') found.push({ functionName: fn, triggerName: t.name, cron: spec.source, spec });
      } catch (err) {
        problems.push(`${label}: ${(err as Error).message}`);
      }
    });
  }
  if (problems.length > 0) throw new Error(`broken timer trigger(s) in ${functionsDir}:\n- ${problems.join('\n- ')}`);
  return found;
}

/** WeChat's timer event, the `event` argument of a timer-triggered run. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** The fire time this run stands for (the latest one, when several were coalesced). */
  Time: string;
}

/** One finished run of a trigger. */
export interface TriggerRun {
  functionName: string;
  triggerName: string;
  /** The fire time the run was started for (same string as the event's Time). */
  firedFor: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** What the scheduler needs: the triggers, how to run a function, the clock, and where to log. */
export interface TimerSchedulerOptions {
  triggers: TriggerDef[];
  invoke: (functionName: string, event: TimerEvent) => Promise<unknown>;
  now: () => number;
  log?: (line: string) => void;
  /** Resume from a snapshot: where the last poll stopped (default: now) and the runs so far. */
  resume?: TimerState;
}

/** What a snapshot keeps of the scheduler: the end of the last window polled and the recent runs. */
export interface TimerState {
  /** Epoch ms. */
  lastChecked: number;
  history: TriggerRun[];
}

const HISTORY_SIZE = 50;

/**
 * Fires timer triggers as the clock passes their fire times.
 * NOTE invariants:
 *  - Each poll looks at the window (lastChecked, now] and then moves lastChecked to now, so a fire time is seen
 *    by exactly one poll (polls are synchronous up to starting the runs: two polls never share a window).
 *  - Fire times at or before construction are never fired (lastChecked starts at `now()` then).
 *  - Missed fire times are coalesced: however many fall in one window, the trigger runs ONCE, for the latest.
 *    A platform never replays a backlog; the functions' sweeps are idempotent.
 *  - At most one run per trigger at a time: a fire that comes while the previous run is still going is
 *    skipped (and logged), not queued.
 *  - If the clock moves backwards, lastChecked follows it without firing; fire times passed again later fire
 *    again (the dev clock is for replaying demos).
 */
export class TimerScheduler {
  private readonly triggers: TriggerDef[];
  private readonly invoke: TimerSchedulerOptions['invoke'];
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private lastChecked: number;
  private readonly running = new Map<string, Promise<TriggerRun>>();
  private readonly runs: TriggerRun[] = [];
  private interval: NodeJS.Timeout | undefined;

  constructor(opts: TimerSchedulerOptions) {
    this.triggers = [...opts.triggers];
    this.invoke = opts.invoke;
    this.now = opts.now;
    this.log = opts.log ?? (() => {});
    this.lastChecked = opts.resume?.lastChecked ?? opts.now();
    if (opts.resume) this.runs.push(...opts.resume.history.slice(-HISTORY_SIZE));
  }

  /** Where the last poll stopped and the recent runs (for a snapshot). */
  state(): TimerState {
    return { lastChecked: this.lastChecked, history: this.history() };
  }

  /** The triggers being scheduled. */
  list(): TriggerDef[] {
    return [...this.triggers];
  }

  /** Poll every `intervalMs` of real time (the interval is unref'd: it never keeps the process alive). */
  start(intervalMs = 1000): void {
    if (this.interval) return;
    this.interval = setInterval(() => {
      try {
        this.poll();
      } catch (err) {
        this.log(`[timer] poll failed: ${String((err as Error)?.message ?? err)}`);
      }
    }, intervalMs);
    this.interval.unref();
  }

  /** Poll once now; resolves with the runs this poll started once they have all finished. */
  async catchUp(): Promise<TriggerRun[]> {
    return Promise.all(this.poll());
  }

  /** The last 50 finished runs, oldest first. */
  history(): TriggerRun[] {
    return [...this.runs];
  }

  /** Stop polling; resolves when runs already started have finished. */
  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    await Promise.all([...this.running.values()]);
  }

  private poll(): Promise<TriggerRun>[] {
    const at = this.now();
    const from = this.lastChecked;
    this.lastChecked = at;
    if (at <= from) return [];
    const started: Promise<TriggerRun>[] = [];
    for (const trigger of this.triggers) {
      const latest = lastFireTimeBetween(trigger.spec, new Date(from), new Date(at));
      if (!latest) continue;
      const key = `${trigger.functionName}/${trigger.triggerName}`;
      if (this.running.has(key)) {
        this.log(`[timer] ${key} ${formatUtc8(latest.getTime())} skipped: the previous run is still running`);
        continue;
      }
      started.push(this.run(key, trigger, latest.getTime()));
    }
    return started;
  }

  private run(key: string, trigger: TriggerDef, firedAt: number): Promise<TriggerRun> {
    const event: TimerEvent = { Type: 'Timer', TriggerName: trigger.triggerName, Time: formatEventTime(firedAt) };
    const startedAt = new Date(this.now()).toISOString();
    const promise = (async (): Promise<TriggerRun> => {
      let outcome: Pick<TriggerRun, 'ok' | 'result' | 'error'>;
      try {
        // NOTE: invoked from a microtask, so even a synchronous throw settles after `running` holds the key.
        outcome = { ok: true, result: await Promise.resolve().then(() => this.invoke(trigger.functionName, event)) };
      } catch (err) {
        outcome = { ok: false, error: String((err as Error)?.message ?? err) };
      }
      const run: TriggerRun = {
        functionName: trigger.functionName,
        triggerName: trigger.triggerName,
        firedFor: event.Time,
        startedAt,
        finishedAt: new Date(this.now()).toISOString(),
        ...outcome,
      };
      this.runs.push(run);
      if (this.runs.length > HISTORY_SIZE) this.runs.splice(0, this.runs.length - HISTORY_SIZE);
      // NOTE: the key is released before the promise resolves, so whoever awaited the run can fire it again.
      this.running.delete(key);
      this.log(`[timer] ${key} ${formatUtc8(firedAt)} ${run.ok ? 'ok' : `failed: ${run.error}`}`);
      return run;
    })();
    this.running.set(key, promise);
    return promise;
  }
}
