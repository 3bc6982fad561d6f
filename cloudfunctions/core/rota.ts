/**
 * The studio's duty rota as data, and pure functions over it: who is on duty at an instant, the next shift, and
 * "duty time" (minutes inside duty hours on open days) for SLA deadlines. Everything is read in the community's
 * time zone with dayjs.
 * NOTE: the rotation counts calendar turns from `start`; a closed day is skipped, it does not shift the order.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Rota } from '../../types/config';

dayjs.extend(utc);
dayjs.extend(timezone);

export type { Rota, Swap } from '../../types/config';

/** The default rota: 4 groups, one day each, 08:30–17:30 Beijing time, every day of the week. */
export const DEFAULT_ROTA: Rota = {
  timezone: 'Asia/Shanghai',
  unit: 'day',
  start: '2026-01-05',
  order: ['g1', 'g2', 'g3', 'g4'],
  hours: { start: '08:30', end: '17:30' },
  closedDates: [],
  closedWeekdays: [],
  swaps: [],
};

export interface DutyShift {
  groupId: string;
  /** Local date of the shift. */
  date: string;
  /** When this shift starts and ends (absolute instants). */
  start: Date;
  end: Date;
}

/** How far ahead the rota is searched for a shift before giving up (a rota closed for longer has nobody). */
export const SEARCH_DAYS = 62;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes after midnight of an "HH:MM" clock time. */
export function minutesOfClock(hhmm: string): number {
  return minutesOf(hhmm);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function isValidDate(s: string): boolean {
  return DATE.test(s) && dayjs.utc(s).format('YYYY-MM-DD') === s;
}

/** Every problem with a rota, in Chinese; empty when it is usable. `groupIds` are the groups that exist. */
export function validateRota(rota: Rota, groupIds: string[]): string[] {
  const problems: string[] = [];
  try {
    new Intl.DateTimeFormat('en', { timeZone: rota.timezone });
  } catch {
    problems.push(`时区「${rota.timezone}」无效`);
  }
  if (rota.unit !== 'day' && rota.unit !== 'week') problems.push('轮换单位只能是「天」或「周」');
  if (!isValidDate(rota.start)) problems.push(`起始日期「${rota.start}」不是有效日期（格式 2026-01-05）`);
  if (rota.order.length === 0) problems.push('轮值顺序里至少要有一个组');
  const seen = new Set<string>();
  for (const g of rota.order) {
    if (!groupIds.includes(g)) problems.push(`轮值顺序里的组「${g}」不存在`);
    if (seen.has(g)) problems.push(`轮值顺序里的组「${g}」重复了`);
    seen.add(g);
  }
  const hoursOk = HHMM.test(rota.hours.start) && HHMM.test(rota.hours.end);
  if (!hoursOk) problems.push(`值班时间「${rota.hours.start}–${rota.hours.end}」格式不对（例如 08:30–17:30）`);
  else if (minutesOf(rota.hours.start) >= minutesOf(rota.hours.end)) problems.push('值班开始时间要早于结束时间');
  for (const d of rota.closedDates) if (!isValidDate(d)) problems.push(`休息日「${d}」不是有效日期`);
  for (const w of rota.closedWeekdays) if (!Number.isInteger(w) || w < 0 || w > 6) problems.push(`每周休息日「${w}」无效（0=周日 … 6=周六）`);
  const swapDates = new Set<string>();
  for (const s of rota.swaps) {
    if (!isValidDate(s.date)) problems.push(`调班日期「${s.date}」不是有效日期`);
    if (!groupIds.includes(s.groupId)) problems.push(`调班的组「${s.groupId}」不存在`);
    if (swapDates.has(s.date)) problems.push(`${s.date} 有两条调班`);
    swapDates.add(s.date);
  }
  return problems;
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date (calendar arithmetic, no time zone). */
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
/** The YYYY-MM-DD date `days` after `date`. */
const addDays = (date: string, days: number) => new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);

/** The rota's own group for a local date, ignoring closures and swaps. */
function rotationGroup(rota: Rota, date: string): string | null {
  if (rota.order.length === 0) return null;
  const days = dayNumber(date) - dayNumber(rota.start);
  const turn = Math.floor(days / (rota.unit === 'week' ? 7 : 1));
  const n = rota.order.length;
  return rota.order[((turn % n) + n) % n];
}

/** Which group is on duty on local date `date` (YYYY-MM-DD), or null when the studio is closed that day. */
export function groupForDate(rota: Rota, date: string): string | null {
  const swap = rota.swaps.find((s) => s.date === date);
  if (swap) return swap.groupId;
  if (rota.closedDates.includes(date)) return null;
  if (rota.closedWeekdays.length > 0 && rota.closedWeekdays.includes(new Date(dayNumber(date) * DAY_MS).getUTCDay())) return null;
  return rotationGroup(rota, date);
}

/**
 * Time-zone arithmetic is the costly part of routing (dayjs asks Intl). Exact caches keep it cheap:
 * NOTE: zone offsets change only on 15-minute boundaries in every real zone, so the offset at the start of a
 * 15-minute bucket holds for the whole bucket; a UTC day whose first and last minute share an offset has no
 * transition (zones change at most once a day), so one lookup serves the whole day. Shifts are cached per rota
 * object and date (rotas are not mutated).
 */
const BUCKET_MS = 15 * 60_000;
const DAY_OF_MS = 86_400_000;
const offsetCache = new Map<string, number>();
const dayOffsetCache = new Map<string, number | null>();
const shiftCache = new WeakMap<Rota, Map<string, DutyShift | null>>();

const lookupOffset = (timezone: string, ms: number) => dayjs(ms).tz(timezone).utcOffset() * 60_000;

function zoneOffsetMs(timezone: string, ms: number): number {
  const day = Math.floor(ms / DAY_OF_MS);
  const dayKey = `${timezone}|${day}`;
  let whole = dayOffsetCache.get(dayKey);
  if (whole === undefined) {
    if (dayOffsetCache.size > 100_000) dayOffsetCache.clear();
    const first = lookupOffset(timezone, day * DAY_OF_MS);
    whole = first === lookupOffset(timezone, (day + 1) * DAY_OF_MS - 60_000) ? first : null;
    dayOffsetCache.set(dayKey, whole);
  }
  if (whole !== null) return whole;
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${timezone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 200_000) offsetCache.clear();
    offset = lookupOffset(timezone, bucket * BUCKET_MS);
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The shift on local date `date`, or null when closed. */
export function shiftOn(rota: Rota, date: string): DutyShift | null {
  let byDate = shiftCache.get(rota);
  if (!byDate) shiftCache.set(rota, (byDate = new Map()));
  if (byDate.has(date)) return byDate.get(date) ?? null;
  const groupId = groupForDate(rota, date);
  let shift: DutyShift | null = null;
  if (groupId) {
    const midnight = dayjs.tz(date, rota.timezone);
    shift = {
      groupId,
      date,
      start: midnight.add(minutesOf(rota.hours.start), 'minute').toDate(),
      end: midnight.add(minutesOf(rota.hours.end), 'minute').toDate(),
    };
  }
  byDate.set(date, shift);
  return shift;
}

/** Local date (YYYY-MM-DD) of an instant in the rota's zone. */
export function localDate(rota: Rota, instant: Date): string {
  const ms = instant.getTime();
  return new Date(ms + zoneOffsetMs(rota.timezone, ms)).toISOString().slice(0, 10);
}

/** The shift in force at `instant`, or null outside duty hours or on a closed day. */
export function onDuty(rota: Rota, instant: Date): DutyShift | null {
  const shift = shiftOn(rota, localDate(rota, instant));
  if (!shift) return null;
  const t = instant.getTime();
  return t >= shift.start.getTime() && t < shift.end.getTime() ? shift : null;
}

/** The first shift that starts after `instant` (within SEARCH_DAYS), or null. */
export function nextShift(rota: Rota, instant: Date): DutyShift | null {
  const first = localDate(rota, instant);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const shift = shiftOn(rota, addDays(first, i));
    if (shift && shift.start.getTime() > instant.getTime()) return shift;
  }
  return null;
}

/**
 * The shift responsible for waiting studio cases at `instant` (交接班): the shift in force, or outside duty hours the
 * next one. Null when no shift lies within SEARCH_DAYS.
 */
export function dutyShiftAt(rota: Rota, instant: Date): DutyShift | null {
  return onDuty(rota, instant) ?? nextShift(rota, instant);
}

/**
 * The instant at which `minutes` of duty time have passed since `from` (time outside duty hours and on closed
 * days does not count). Null when the rota has no shift within SEARCH_DAYS to count in.
 */
export function addDutyTime(rota: Rota, from: Date, minutes: number): Date | null {
  let left = minutes * 60_000;
  let cursor = from.getTime();
  let shift = onDuty(rota, from) ?? nextShift(rota, from);
  for (let guard = 0; shift && guard <= SEARCH_DAYS; guard++) {
    const begin = Math.max(cursor, shift.start.getTime());
    const available = shift.end.getTime() - begin;
    if (left <= available) return new Date(begin + left);
    left -= available;
    cursor = shift.end.getTime();
    shift = nextShift(rota, new Date(cursor - 1));
  }
  return null;
}

/** Duty hours as shown to people, e.g. "08:30–17:30". */
export function hoursText(rota: Rota): string {
  return `${rota.hours.start}–${rota.hours.end}`;
}

/** "11月27日 08:30" in the rota's zone. */
export function localText(rota: Rota, instant: Date): string {
  const ms = instant.getTime();
  const d = new Date(ms + zoneOffsetMs(rota.timezone, ms));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** The last shift that starts before `instant` (it may still be in force then), within SEARCH_DAYS, or null. */
export function previousShift(rota: Rota, instant: Date): DutyShift | null {
  const first = localDate(rota, instant);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const shift = shiftOn(rota, addDays(first, -i));
    if (shift && shift.start.getTime() < instant.getTime()) return shift;
  }
  return null;
}

/**
 * The instant `minutes` of duty time before `to`: the inverse of addDutyTime (time outside duty hours and on closed
 * days does not count). Null when no shift lies within SEARCH_DAYS before `to` to count back in.
 * NOTE: for a deadline `to = addDutyTime(from, B)`, `subtractDutyTime(to, B / 4)` is where 75 % of B has passed.
 */
export function subtractDutyTime(rota: Rota, to: Date, minutes: number): Date | null {
  let left = minutes * 60_000;
  let cursor = to.getTime();
  let shift = previousShift(rota, to);
  for (let guard = 0; shift && guard <= SEARCH_DAYS; guard++) {
    const end = Math.min(cursor, shift.end.getTime());
    const available = end - shift.start.getTime();
    if (left <= available) return new Date(end - left);
    left -= available;
    cursor = shift.start.getTime();
    shift = previousShift(rota, new Date(cursor));
  }
  return null;
}

/** Minutes after local midnight of an instant, in the rota's zone. */
export function minutesOfDay(rota: Rota, instant: Date): number {
  const ms = instant.getTime();
  const d = new Date(ms + zoneOffsetMs(rota.timezone, ms));
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}
