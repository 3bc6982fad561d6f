/**
 * Timer triggers: WeChat's 7-field cron in UTC+8, the scheduler's once-per-window / coalescing / no-overlap rules,
 * reading triggers from config.json, and the local cloud's POST /__dev/clock firing them.
 * NOTE: the last block starts the real server in-process, which installs clock.ts's process-wide Date shim; the
 * tests before it only use explicit instants, and the server is closed in afterAll.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalCloud } from '../../cloudfunctions/local-cloud/server';
import {
  TimerScheduler,
  fireTimesBetween,
  formatUtc8,
  lastFireTimeBetween,
  matches,
  parseCron,
  readTriggers,
  type TimerEvent,
  type TriggerDef,
} from '../../cloudfunctions/local-cloud/timers';
import { tempDirs } from '../support/temp-dirs';

const FIXTURE = path.join(__dirname, 'fixtures', 'timer-functions');
/** An instant written as Beijing wall time. */
const bj = (wall: string) => new Date(`${wall}+08:00`);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

const freshDir = tempDirs('timers-');

const range = (a: number, b: number, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);

describe('parseCron: valid expressions', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['every 5 minutes', '0 */5 * * * * *', { second: [0], minute: range(0, 55, 5), hour: range(0, 23) }],
    ['hourly at :00', '0 0 * * * * *', { second: [0], minute: [0], hour: range(0, 23) }],
    [
      '08:30 on weekdays (names)',
      '0 30 8 * * MON-FRI *',
      { minute: [30], hour: [8], dayOfWeek: [1, 2, 3, 4, 5], dayOfWeekRestricted: true, dayOfMonthRestricted: false },
    ],
    ['08:30 on weekdays (numbers)', '0 30 8 * * 1-5 *', { dayOfWeek: [1, 2, 3, 4, 5] }],
    ['list of hours', '0 0 10,14,16 * * * *', { hour: [10, 14, 16] }],
    ['a/n from a (WeChat example 1/10)', '0 1/10 * * * * *', { minute: [1, 11, 21, 31, 41, 51] }],
    ['range with step', '0 0 8-18/4 * * * *', { hour: [8, 12, 16] }],
    ['half-hourly in office hours', '0 0/30 9-17 * * * *', { minute: [0, 30], hour: range(9, 17) }],
    ['7 is Sunday', '0 0 0 * * 5-7 *', { dayOfWeek: [0, 5, 6] }],
    ['day-of-week step', '0 0 0 * * */2 *', { dayOfWeek: [0, 2, 4, 6] }],
    [
      'lower-case names, lists, years',
      '0 0 0 1 jan,Jul sun 2026-2027',
      { month: [1, 7], dayOfWeek: [0], year: [2026, 2027], dayOfMonth: [1], dayOfMonthRestricted: true },
    ],
    ['mixed list items', '5,10-12,*/20 * * * * * *', { second: [0, 5, 10, 11, 12, 20, 40] }],
    ['extra blanks', '  0  0   9 * * * *  ', { second: [0], minute: [0], hour: [9], year: range(1970, 2099) }],
  ])('%s: %s', (_label, expr, expected) => {
    expect(parseCron(expr)).toMatchObject(expected);
  });
});

describe('parseCron: invalid expressions', () => {
  it.each<[string, string, string[]]>([
    ['6 fields', '0 */5 * * * *', ['expected 7 fields', 'got 6']],
    ['8 fields', '0 0 0 * * * * *', ['got 8']],
    ['empty', '', ['got 0']],
    ['second 60', '60 0 * * * * *', ['second: "60"', 'out of range 0-59']],
    ['minute and hour out of range', '0 61 24 * * * *', ['minute: "61"', 'hour: "24"', 'out of range 0-23']],
    ['day-of-month 0 and month 13', '0 0 0 0 13 * *', ['day-of-month: "0"', 'out of range 1-31', 'month: "13"']],
    ['day-of-week 8', '0 0 0 * * 8 *', ['day-of-week: "8"', '0-6 (7 = Sunday)']],
    ['year 2100', '0 0 0 * * * 2100', ['year: "2100"', '1970-2099']],
    ['step 0', '0 */0 * * * * *', ['minute: "*/0"', 'step "0"']],
    ['step too large', '0 */60 * * * * *', ['step "60" must be a whole number 1-59']],
    ['step not a number', '0 0 */x * * * *', ['hour: "*/x"', 'step "x"']],
    ['reversed range', '0 50-10 * * * * *', ['range start 50 is after its end 10']],
    ['unknown name', '0 0 0 * * FOO *', ['day-of-week: "FOO"', 'not a number or name']],
    ['month name in day-of-week', '0 0 0 * * JAN *', ['day-of-week: "JAN"']],
    ['Quartz ?', '0 0 0 ? * MON *', ["Quartz's ? L W #"]],
    ['empty list item', '0 1,,2 * * * * *', ['empty list item']],
    ['negative', '0 -5 * * * * *', ['a range is written a-b']],
  ])('%s: %j', (_label, expr, fragments) => {
    let message = '';
    try {
      parseCron(expr);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe('');
    for (const f of fragments) expect(message).toContain(f);
  });

  it('lists every problem, one per line', () => {
    expect(() => parseCron('99 99 99 99 99 99 99')).toThrow(
      /second: "99"[\s\S]*minute: "99"[\s\S]*hour: "99"[\s\S]*day-of-month: "99"[\s\S]*month: "99"[\s\S]*day-of-week: "99"[\s\S]*year: "99"/,
    );
  });
});

describe('matches (UTC+8)', () => {
  const weekdays = parseCron('0 30 8 * * MON-FRI *');
  it.each<[string, boolean]>([
    ['2026-11-26T08:30:00', true], // Thursday
    ['2026-11-27T08:30:00', true], // Friday
    ['2026-11-28T08:30:00', false], // Saturday
    ['2026-11-30T08:30:00', true], // Monday
    ['2026-11-26T08:30:01', false],
    ['2026-11-26T08:31:00', false],
    ['2026-11-26T00:30:00', false], // 08:30 UTC is not 08:30 in Beijing
  ])('weekdays 08:30 at %s+08:00 → %s', (wall, expected) => {
    expect(matches(weekdays, bj(wall))).toBe(expected);
  });

  it('ignores milliseconds', () => {
    expect(matches(weekdays, new Date(bj('2026-11-26T08:30:00').getTime() + 999))).toBe(true);
  });

  it('day-of-month and day-of-week both restricted: either matches (classic cron rule, as WeChat documents)', () => {
    const either = parseCron('0 0 9 1 * MON *');
    expect(matches(either, bj('2026-12-01T09:00:00'))).toBe(true); // the 1st, a Tuesday
    expect(matches(either, bj('2026-12-07T09:00:00'))).toBe(true); // a Monday
    expect(matches(either, bj('2026-12-02T09:00:00'))).toBe(false); // neither
  });

  it('only one restricted: that one decides', () => {
    const domOnly = parseCron('0 0 9 1 * * *');
    expect(matches(domOnly, bj('2026-12-01T09:00:00'))).toBe(true);
    expect(matches(domOnly, bj('2026-12-07T09:00:00'))).toBe(false);
    const dowOnly = parseCron('0 0 9 * * MON *');
    expect(matches(dowOnly, bj('2026-12-01T09:00:00'))).toBe(false);
    expect(matches(dowOnly, bj('2026-12-07T09:00:00'))).toBe(true);
  });
});

describe('fireTimesBetween', () => {
  it('reads times in UTC+8: 09:00 daily fires at 01:00Z', () => {
    const spec = parseCron('0 0 9 * * * *');
    expect(iso(fireTimesBetween(spec, new Date('2026-11-25T00:00:00Z'), new Date('2026-11-27T00:00:00Z'), 10))).toEqual([
      '2026-11-25T01:00:00.000Z',
      '2026-11-26T01:00:00.000Z',
    ]);
  });

  it('crosses the Beijing midnight, where the UTC date is still the day before (day-of-week read in UTC+8)', () => {
    const fridayMidnight = parseCron('0 0 0 * * FRI *');
    // Friday 2026-11-27 00:00 in Beijing is Thursday 16:00Z.
    expect(iso(fireTimesBetween(fridayMidnight, new Date('2026-11-26T12:00:00Z'), new Date('2026-11-27T12:00:00Z'), 10))).toEqual(['2026-11-26T16:00:00.000Z']);
  });

  it('every 5 minutes across an hour boundary; from is exclusive, to is inclusive', () => {
    const spec = parseCron('0 */5 * * * * *');
    expect(fireTimesBetween(spec, bj('2026-11-26T09:52:30'), bj('2026-11-26T10:07:00'), 10).map((d) => formatUtc8(d.getTime()))).toEqual([
      '2026-11-26T09:55:00+08:00',
      '2026-11-26T10:00:00+08:00',
      '2026-11-26T10:05:00+08:00',
    ]);
    expect(iso(fireTimesBetween(spec, bj('2026-11-26T10:00:00'), bj('2026-11-26T10:05:00'), 10))).toEqual([bj('2026-11-26T10:05:00').toISOString()]);
    expect(fireTimesBetween(spec, bj('2026-11-26T10:00:00'), bj('2026-11-26T10:04:59.999'), 10)).toEqual([]);
  });

  it('stops at max', () => {
    const everySecond = parseCron('* * * * * * *');
    expect(iso(fireTimesBetween(everySecond, bj('2026-11-26T23:59:58'), bj('2026-11-27T10:00:00'), 3))).toEqual([
      bj('2026-11-26T23:59:59').toISOString(),
      bj('2026-11-27T00:00:00').toISOString(),
      bj('2026-11-27T00:00:01').toISOString(),
    ]);
    expect(fireTimesBetween(everySecond, bj('2026-11-26T00:00:00'), bj('2026-11-27T00:00:00'), 0)).toEqual([]);
  });

  it('is cheap over long windows (Feb 29 across 8 years; the latest of 10 years of seconds)', () => {
    const started = Date.now();
    expect(
      fireTimesBetween(parseCron('0 0 12 29 2 * *'), bj('2026-01-01T00:00:00'), bj('2034-01-01T00:00:00'), 10).map((d) => formatUtc8(d.getTime())),
    ).toEqual(['2028-02-29T12:00:00+08:00', '2032-02-29T12:00:00+08:00']);
    expect(lastFireTimeBetween(parseCron('* * * * * * *'), bj('2020-01-01T00:00:00'), bj('2030-01-01T00:00:00.500'))).toEqual(bj('2030-01-01T00:00:00'));
    expect(lastFireTimeBetween(parseCron('0 0 0 1 1 * 2027'), bj('2020-01-01T00:00:00'), bj('2099-01-01T00:00:00'))).toEqual(bj('2027-01-01T00:00:00'));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each(['*/7 1/13 * * * * *', '0 0 9 1 * MON *', '30 59 23,0 * * * *', '0 */5 * 1-3 * 0,6 *'])(
    'agrees with matches() second by second over 36 hours: %s',
    (expr) => {
      const spec = parseCron(expr);
      const from = bj('2026-11-30T12:00:00').getTime(); // spans Mon 30 Nov → Tue 1 Dec
      const to = from + 36 * 3600_000;
      const brute: string[] = [];
      for (let t = from + 1000; t <= to; t += 1000) if (matches(spec, new Date(t))) brute.push(new Date(t).toISOString());
      expect(iso(fireTimesBetween(spec, new Date(from), new Date(to), 1_000_000))).toEqual(brute);
      expect(lastFireTimeBetween(spec, new Date(from), new Date(to))?.toISOString()).toBe(brute[brute.length - 1]);
    },
  );
});

/** A fake clock and a fake invoke for the scheduler. */
function harness(cron = '0 */5 * * * * *', start = '2026-11-26T10:02:00') {
  let t = bj(start).getTime();
  const calls: TimerEvent[] = [];
  const lines: string[] = [];
  let behaviour: (event: TimerEvent) => Promise<unknown> = async (event) => ({ got: event });
  const trigger: TriggerDef = { functionName: 'sweeper', triggerName: 'sla-sweep', cron, spec: parseCron(cron) };
  const scheduler = new TimerScheduler({
    triggers: [trigger],
    invoke: (fn, event) => {
      expect(fn).toBe('sweeper');
      calls.push(event);
      return behaviour(event);
    },
    now: () => t,
    log: (line) => lines.push(line),
  });
  return {
    scheduler,
    calls,
    lines,
    at: (wall: string) => (t = bj(wall).getTime()),
    advanceMinutes: (m: number) => (t += m * 60_000),
    behave: (fn: (event: TimerEvent) => Promise<unknown>) => (behaviour = fn),
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('TimerScheduler', () => {
  it('fires once per window, with WeChat timer event; sweeps are idempotent', async () => {
    const h = harness();
    expect(await h.scheduler.catchUp()).toEqual([]); // nothing since construction
    h.at('2026-11-26T10:04:59');
    expect(await h.scheduler.catchUp()).toEqual([]);
    h.at('2026-11-26T10:05:00');
    const runs = await h.scheduler.catchUp();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      functionName: 'sweeper',
      triggerName: 'sla-sweep',
      firedFor: '2026-11-26T02:05:00Z',
      ok: true,
      result: { got: { Type: 'Timer', TriggerName: 'sla-sweep', Time: '2026-11-26T02:05:00Z' } },
    });
    expect(await h.scheduler.catchUp()).toEqual([]); // same instant again: nothing
    h.at('2026-11-26T10:09:59');
    expect(await h.scheduler.catchUp()).toEqual([]);
    h.at('2026-11-26T10:10:30');
    expect((await h.scheduler.catchUp()).map((r) => r.firedFor)).toEqual(['2026-11-26T02:10:00Z']);
    expect(h.calls).toHaveLength(2);
    expect(h.lines).toEqual(['[timer] sweeper/sla-sweep 2026-11-26T10:05:00+08:00 ok', '[timer] sweeper/sla-sweep 2026-11-26T10:10:00+08:00 ok']);
  });

  it('coalesces a 3-hour jump into ONE run, for the latest fire time', async () => {
    const h = harness();
    h.advanceMinutes(180); // 10:02 → 13:02: 36 fire times passed
    const runs = await h.scheduler.catchUp();
    expect(runs).toHaveLength(1);
    expect(h.calls).toEqual([{ Type: 'Timer', TriggerName: 'sla-sweep', Time: '2026-11-26T05:00:00Z' }]); // 13:00 Beijing
    expect(h.scheduler.history()).toHaveLength(1);
  });

  it('never overlaps a slow run: a fire during it is skipped and logged, not queued', async () => {
    const h = harness();
    const slow = deferred<unknown>();
    h.behave(() => slow.promise);
    h.at('2026-11-26T10:05:00');
    const first = h.scheduler.catchUp();
    h.at('2026-11-26T10:10:00');
    expect(await h.scheduler.catchUp()).toEqual([]);
    expect(h.lines).toEqual(['[timer] sweeper/sla-sweep 2026-11-26T10:10:00+08:00 skipped: the previous run is still running']);
    slow.resolve('done');
    expect((await first).map((r) => [r.firedFor, r.result])).toEqual([['2026-11-26T02:05:00Z', 'done']]);
    expect(h.calls).toHaveLength(1);
    h.behave(async () => 'again');
    h.at('2026-11-26T10:15:00');
    expect((await h.scheduler.catchUp()).map((r) => r.result)).toEqual(['again']);
  });

  it('catchUp resolves only when the run it started has finished', async () => {
    const h = harness();
    let finished = false;
    h.behave(
      () =>
        new Promise((resolve) =>
          setTimeout(() => {
            finished = true;
            resolve('late');
          }, 50),
        ),
    );
    h.at('2026-11-26T10:05:00');
    const runs = await h.scheduler.catchUp();
    expect(finished).toBe(true);
    expect(runs[0]).toMatchObject({ ok: true, result: 'late' });
    expect(h.scheduler.history()).toEqual(runs);
  });

  it('records a failed run (also a synchronous throw) and keeps scheduling', async () => {
    const h = harness();
    h.behave(() => {
      throw new Error('boom');
    });
    h.at('2026-11-26T10:05:00');
    expect(await h.scheduler.catchUp()).toEqual([expect.objectContaining({ ok: false, error: 'boom' })]);
    expect(h.lines).toEqual(['[timer] sweeper/sla-sweep 2026-11-26T10:05:00+08:00 failed: boom']);
    h.behave(async () => {
      throw new Error('async boom');
    });
    h.at('2026-11-26T10:10:00');
    expect(await h.scheduler.catchUp()).toEqual([expect.objectContaining({ ok: false, error: 'async boom' })]);
  });

  it('keeps the last 50 runs, oldest first', async () => {
    const h = harness();
    for (let i = 0; i < 60; i++) {
      h.advanceMinutes(5);
      await h.scheduler.catchUp();
    }
    const history = h.scheduler.history();
    expect(history).toHaveLength(50);
    expect(h.calls).toHaveLength(60);
    expect(history[49].firedFor).toBe(h.calls[59].Time);
    expect(history[0].firedFor).toBe(h.calls[10].Time);
  });

  it('a clock moved backwards fires nothing; passing the fire time again fires again', async () => {
    const h = harness();
    h.at('2026-11-26T10:05:00');
    expect(await h.scheduler.catchUp()).toHaveLength(1);
    h.at('2026-11-26T10:00:00');
    expect(await h.scheduler.catchUp()).toEqual([]);
    h.at('2026-11-26T10:06:00');
    expect(await h.scheduler.catchUp()).toHaveLength(1);
    expect(h.calls.map((c) => c.Time)).toEqual(['2026-11-26T02:05:00Z', '2026-11-26T02:05:00Z']);
  });

  it('start() polls on a real interval; stop() ends it and waits for the run in flight', async () => {
    const h = harness();
    const slow = deferred<unknown>();
    h.behave(() => slow.promise);
    h.scheduler.start(10);
    h.at('2026-11-26T10:05:00');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.calls).toHaveLength(1);
    let stopped = false;
    const stopping = h.scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    slow.resolve('ok');
    await stopping;
    h.at('2026-11-26T10:10:00');
    await new Promise((r) => setTimeout(r, 50));
    expect(h.calls).toHaveLength(1); // no more polling
  });
});

describe('readTriggers', () => {
  it('reads the timer trigger of each function folder, skipping functions without one', () => {
    const triggers = readTriggers(FIXTURE);
    expect(triggers).toHaveLength(1);
    expect(triggers[0]).toMatchObject({ functionName: 'ticker', triggerName: 'everyFiveMinutes', cron: '0 */5 * * * * *' });
    expect(triggers[0].spec.minute).toEqual(range(0, 55, 5));
  });

  it('answers [] for a missing folder', () => {
    expect(readTriggers(path.join(freshDir(), 'nope'))).toEqual([]);
  });

  it('refuses broken triggers, naming every broken function', () => {
    const dir = freshDir();
    const fn = (name: string, config: unknown, raw?: string) => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'index.js'), 'exports.main = async () => 1;');
      fs.writeFileSync(path.join(dir, name, 'config.json'), raw ?? JSON.stringify(config));
    };
    fn('good', { triggers: [{ name: 'ok', type: 'timer', config: '0 0 * * * * *' }] });
    fn('sixFields', { triggers: [{ name: 'sweep', type: 'timer', config: '0 */5 * * * *' }] });
    fn('outOfRange', { triggers: [{ name: 'sweep', type: 'timer', config: '0 61 * * * * *' }] });
    fn('twoTriggers', {
      triggers: [
        { name: 'a', type: 'timer', config: '0 0 * * * * *' },
        { name: 'b', type: 'timer', config: '0 30 * * * * *' },
      ],
    });
    fn('badName', { triggers: [{ name: '1st', type: 'timer', config: '0 0 * * * * *' }] });
    fn('badJson', null, '{ "triggers": [ ');
    let message = '';
    try {
      readTriggers(dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('sixFields/config.json triggers[0] "sweep": invalid cron "0 */5 * * * *": expected 7 fields');
    expect(message).toContain('outOfRange/config.json triggers[0] "sweep"');
    expect(message).toContain('minute: "61"');
    expect(message).toContain('twoTriggers/config.json: WeChat allows one trigger per function, found 2');
    expect(message).toContain('badName/config.json triggers[0] "1st": name must be');
    expect(message).toContain('badJson/config.json is not valid JSON');
    expect(message).not.toContain('good/');
  });
});

describe('local cloud: POST /__dev/clock fires due triggers', () => {
  let cloud: LocalCloud | undefined;
  let logSpy: jest.SpyInstance;

  beforeAll(async () => {
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => {});
    const { startLocalCloud } = await import('../../cloudfunctions/local-cloud/server');
    cloud = await startLocalCloud({
      port: 0,
      dataDir: freshDir(),
      functionsDir: FIXTURE,
      h5Dir: freshDir(),
      startAt: bj('2026-11-26T10:02:00').getTime(),
      timers: true, // the real 1 s poll runs too; real time will not reach 10:05 during this test
    });
  });

  afterAll(async () => {
    await cloud?.close();
    logSpy.mockRestore();
  });

  const get = async (p: string) => (await fetch(`${cloud!.url}${p}`)).json();
  const post = async (p: string, body: unknown) =>
    (await fetch(`${cloud!.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

  it('lists the triggers', async () => {
    expect(await get('__dev/timers')).toMatchObject({
      triggers: [{ functionName: 'ticker', triggerName: 'everyFiveMinutes', cron: '0 */5 * * * * *' }],
      history: [],
    });
  });

  it('advancing 10 minutes runs the function once with a Timer event', async () => {
    const answer = await post('__dev/clock', { advanceMinutes: 10 });
    expect(answer.triggered).toHaveLength(1);
    expect(answer.triggered[0]).toMatchObject({
      functionName: 'ticker',
      triggerName: 'everyFiveMinutes',
      firedFor: '2026-11-26T02:10:00Z',
      ok: true,
      result: { got: { Type: 'Timer', TriggerName: 'everyFiveMinutes', Time: '2026-11-26T02:10:00Z' } },
    });
    expect(logSpy).toHaveBeenCalledWith('[timer] ticker/everyFiveMinutes 2026-11-26T10:10:00+08:00 ok');
    expect((await post('__dev/clock', { advanceMinutes: 0 })).triggered).toEqual([]);
    const timers = await get('__dev/timers');
    expect(timers.history).toHaveLength(1);
    expect(new Date(timers.now).getTime()).toBeGreaterThanOrEqual(bj('2026-11-26T10:12:00').getTime());
  });

  it('refuses to start with a broken trigger, naming the function', async () => {
    const dir = freshDir();
    fs.mkdirSync(path.join(dir, 'sweeper'));
    fs.writeFileSync(path.join(dir, 'sweeper', 'index.js'), 'exports.main = async () => 1;');
    fs.writeFileSync(path.join(dir, 'sweeper', 'config.json'), JSON.stringify({ triggers: [{ name: 'sweep', type: 'timer', config: '0 */5 * * *' }] }));
    const { startLocalCloud } = await import('../../cloudfunctions/local-cloud/server');
    await expect(startLocalCloud({ port: 0, dataDir: freshDir(), functionsDir: dir, h5Dir: freshDir() })).rejects.toThrow(
      /sweeper\/config\.json triggers\[0\] "sweep": invalid cron/,
    );
  });
});
