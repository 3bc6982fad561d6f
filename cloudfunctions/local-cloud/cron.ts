/** WeChat's 7-field timer cron, read in UTC+8: parsing, matching an instant, and the fire times in a window. */

const UTC8_SECONDS = 8 * 3600;
const DAY_SECONDS = 86400;

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The seven fields in the order WeChat writes them. */
export const CRON_FIELDS: readonly FieldDef[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  // 7 is accepted as a second spelling of Sunday and folded to 0 after expansion.
  { name: 'day-of-week', min: 0, max: 7, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) },
  { name: 'year', min: 1970, max: 2099 },
];

/** A parsed cron expression: each field's allowed values, sorted ascending without duplicates. */
export interface CronSpec {
  readonly source: string;
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: readonly number[];
  readonly month: readonly number[];
  /** 0 = Sunday … 6 = Saturday (a written 7 is stored as 0). */
  readonly dayOfWeek: readonly number[];
  readonly year: readonly number[];
  /** Written as something other than a bare `*` (decides the day-of-month / day-of-week OR rule). */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

function parseValue(field: FieldDef, text: string, problems: string[], item: string): number | undefined {
  const upper = text.toUpperCase();
  if (field.names && upper in field.names) return field.names[upper];
  if (!/^\d+$/.test(text)) {
    problems.push(`${field.name}: "${item}" — "${text}" is not a number${field.names ? ' or name' : ''}`);
    return undefined;
  }
  const n = Number(text);
  if (n < field.min || n > field.max) {
    const range = field.name === 'day-of-week' ? '0-6 (7 = Sunday)' : `${field.min}-${field.max}`;
    problems.push(`${field.name}: "${item}" — ${n} is out of range ${range}`);
    return undefined;
  }
  return n;
}

function parseField(field: FieldDef, text: string, problems: string[]): number[] {
  const values = new Set<number>();
  const before = problems.length;
  for (const item of text.split(',')) {
    if (item === '') {
      problems.push(`${field.name}: "${text}" — empty list item`);
      continue;
    }
    if (item === '?' || /[LW#]/i.test(item.replace(/[A-Z]{3}/gi, ''))) {
      problems.push(`${field.name}: "${item}" — Quartz's ? L W # are not part of WeChat's cron (use *, a-b, a,b or /n)`);
      continue;
    }
    const [rangePart, stepPart, ...extra] = item.split('/');
    if (extra.length > 0) {
      problems.push(`${field.name}: "${item}" — more than one "/"`);
      continue;
    }
    // The field's own upper end for `*` and `a/n`: 0-6 for day-of-week (7 is only an alias).
    const top = field.name === 'day-of-week' ? 6 : field.max;
    let lo: number | undefined;
    let hi: number | undefined;
    if (rangePart === '*') {
      lo = field.min;
      hi = top;
    } else if (rangePart.includes('-')) {
      const [a, b, ...more] = rangePart.split('-');
      if (more.length > 0 || a === '' || b === '') {
        problems.push(`${field.name}: "${item}" — a range is written a-b`);
        continue;
      }
      lo = parseValue(field, a, problems, item);
      hi = parseValue(field, b, problems, item);
      if (lo !== undefined && hi !== undefined && lo > hi) {
        problems.push(`${field.name}: "${item}" — range start ${lo} is after its end ${hi}`);
        continue;
      }
    } else {
      lo = parseValue(field, rangePart, problems, item);
      hi = stepPart === undefined ? lo : top;
    }
    let step = 1;
    if (stepPart !== undefined) {
      const span = top - field.min;
      if (!/^\d+$/.test(stepPart) || Number(stepPart) < 1 || Number(stepPart) > span) {
        problems.push(`${field.name}: "${item}" — step "${stepPart}" must be a whole number 1-${span}`);
        continue;
      }
      step = Number(stepPart);
    }
    if (lo === undefined || hi === undefined) continue;
    for (let v = lo; v <= hi; v += step) values.add(field.name === 'day-of-week' && v === 7 ? 0 : v);
  }
  if (problems.length > before) return [];
  if (values.size === 0) problems.push(`${field.name}: "${text}" — matches no value`);
  return [...values].sort((x, y) => x - y);
}

/**
 * Parse WeChat's 7-field cron; throws one Error listing every problem found (field, value, reason).
 * Dialect (as WeChat documents it): `second minute hour day-of-month month day-of-week year`, read in UTC+8
 * (Asia/Shanghai has no DST, so a fixed +8 h offset is exact). Each field is a comma list of items; an item is
 * `*`, `n` or `a-b`, optionally followed by a step `/n` (`a/n` runs from a to the field's maximum, every n —
 * WeChat's own example is `1/10`; `*` with a step is every n-th value from the field's minimum).
 * Ranges: second/minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN..DEC, day-of-week 0-6 or SUN..SAT
 * (0 and 7 are Sunday), year 1970-2099. Names are case-insensitive. A step must be 1..(max-min) of its field.
 * Not supported (rejected): Quartz's `?`, `L`, `W`, `#`.
 * Day-of-month vs day-of-week — the classic cron rule, which is also what WeChat documents (日和星期同时指定值时，
 * 两者为"或"关系): a field counts as restricted when it is written as anything other than a bare `*`; when both
 * are restricted a day matches if EITHER matches; otherwise the restricted one (if any) decides.
 */
export function parseCron(expr: string): CronSpec {
  const source = String(expr ?? '').trim();
  const parts = source === '' ? [] : source.split(/\s+/);
  if (parts.length !== CRON_FIELDS.length) {
    throw new Error(`invalid cron "${source}": expected 7 fields (second minute hour day-of-month month day-of-week year), got ${parts.length}`);
  }
  const problems: string[] = [];
  const fields = CRON_FIELDS.map((f, i) => parseField(f, parts[i], problems));
  if (problems.length > 0) throw new Error(`invalid cron "${source}":\n  - ${problems.join('\n  - ')}`);
  const [second, minute, hour, dayOfMonth, month, dayOfWeek, year] = fields;
  return {
    source,
    second,
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    year,
    dayOfMonthRestricted: parts[3] !== '*',
    dayOfWeekRestricted: parts[5] !== '*',
  };
}

/** Does the UTC+8 calendar day starting at `dayIndex` (days since the epoch, in UTC+8) match? */
function dayMatches(spec: CronSpec, dayIndex: number): boolean {
  const d = new Date(dayIndex * DAY_SECONDS * 1000); // read with UTC getters = the UTC+8 wall date
  if (!spec.year.includes(d.getUTCFullYear()) || !spec.month.includes(d.getUTCMonth() + 1)) return false;
  const dom = spec.dayOfMonth.includes(d.getUTCDate());
  const dow = spec.dayOfWeek.includes(d.getUTCDay());
  // NOTE: classic cron / WeChat rule — both restricted → either; otherwise the unrestricted one holds all values.
  return spec.dayOfMonthRestricted && spec.dayOfWeekRestricted ? dom || dow : dom && dow;
}

/** Does `instant` (read in UTC+8, milliseconds ignored) match the spec? */
export function matches(spec: CronSpec, instant: Date): boolean {
  const local = Math.floor(instant.getTime() / 1000) + UTC8_SECONDS;
  const dayIndex = Math.floor(local / DAY_SECONDS);
  const sod = local - dayIndex * DAY_SECONDS;
  return (
    spec.second.includes(sod % 60) &&
    spec.minute.includes(Math.floor(sod / 60) % 60) &&
    spec.hour.includes(Math.floor(sod / 3600)) &&
    dayMatches(spec, dayIndex)
  );
}

/**
 * Fire times (UTC+8 wall seconds) in [lo, hi], ascending or descending. Walks matching days, then only the
 * spec's hours, minutes and seconds — hours and minutes wholly outside the window are skipped — so the cost
 * is per matching day / hour / minute, not per second (a single-second field costs one step per minute).
 */
function* walk(spec: CronSpec, lo: number, hi: number, descending: boolean): Generator<number> {
  const order = (xs: readonly number[]) => (descending ? [...xs].reverse() : xs);
  const hours = order(spec.hour);
  const minutes = order(spec.minute);
  const seconds = order(spec.second);
  const firstDay = Math.floor(lo / DAY_SECONDS);
  const lastDay = Math.floor(hi / DAY_SECONDS);
  for (let day = descending ? lastDay : firstDay; descending ? day >= firstDay : day <= lastDay; day += descending ? -1 : 1) {
    if (!dayMatches(spec, day)) continue;
    const base = day * DAY_SECONDS;
    for (const h of hours) {
      const hb = base + h * 3600;
      if (hb + 3599 < lo || hb > hi) continue;
      for (const m of minutes) {
        const mb = hb + m * 60;
        if (mb + 59 < lo || mb > hi) continue;
        for (const s of seconds) {
          const t = mb + s;
          if (t >= lo && t <= hi) yield t;
        }
      }
    }
  }
}

function windowSeconds(fromExclusive: Date, toInclusive: Date): [number, number] {
  // Fire times are whole seconds: the first one strictly after `from`, the last one at or before `to`.
  return [Math.floor(fromExclusive.getTime() / 1000) + 1 + UTC8_SECONDS, Math.floor(toInclusive.getTime() / 1000) + UTC8_SECONDS];
}

const toDate = (localSeconds: number) => new Date((localSeconds - UTC8_SECONDS) * 1000);

/** The fire times in (fromExclusive, toInclusive], earliest first, at most `max` of them. */
export function fireTimesBetween(spec: CronSpec, fromExclusive: Date, toInclusive: Date, max: number): Date[] {
  const out: Date[] = [];
  if (max <= 0) return out;
  const [lo, hi] = windowSeconds(fromExclusive, toInclusive);
  for (const t of walk(spec, lo, hi, false)) {
    out.push(toDate(t));
    if (out.length >= max) break;
  }
  return out;
}

/** The latest fire time in (fromExclusive, toInclusive], or null (searches backwards: cheap for long windows). */
export function lastFireTimeBetween(spec: CronSpec, fromExclusive: Date, toInclusive: Date): Date | null {
  const [lo, hi] = windowSeconds(fromExclusive, toInclusive);
  for (const t of walk(spec, lo, hi, true)) return toDate(t);
  return null;
}

/** `2026-11-26T10:05:00+08:00`: an instant as Beijing wall time (log lines). */
export function formatUtc8(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + UTC8_SECONDS * 1000).toISOString().slice(0, 19)}+08:00`;
}
