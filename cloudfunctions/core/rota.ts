/**
 * The studio's duty rota (first cut): groups take turns by day or week from a start date, within daily duty hours,
 * all computed in the community's time zone.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface Rota {
  /** IANA time zone of the community; duty hours and dates are read in it. */
  timezone: string;
  /** How long one group's turn lasts. */
  unit: 'day' | 'week';
  /** Local date (YYYY-MM-DD) on which order[0] starts its turn. */
  start: string;
  /** Group ids in the order they take turns. */
  order: string[];
  /** Daily duty hours, local "HH:mm", start inclusive, end exclusive. */
  hours: { start: string; end: string };
}

/** The default rota: 4 groups, one day each, 08:30–17:30 Beijing time. */
export const DEFAULT_ROTA: Rota = {
  timezone: 'Asia/Shanghai',
  unit: 'day',
  start: '2026-01-05',
  order: ['g1', 'g2', 'g3', 'g4'],
  hours: { start: '08:30', end: '17:30' },
};

export interface DutyShift {
  groupId: string;
  /** When this shift started and ends (absolute instants). */
  start: Date;
  end: Date;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Which group is on duty for the local calendar date `date` (YYYY-MM-DD), regardless of the hour. */
export function groupForDate(rota: Rota, date: string): string | null {
  if (rota.order.length === 0) return null;
  const days = dayjs.utc(date).diff(dayjs.utc(rota.start), 'day');
  const turn = Math.floor(days / (rota.unit === 'week' ? 7 : 1));
  const n = rota.order.length;
  return rota.order[((turn % n) + n) % n];
}

/** The shift in force at `instant`, or null outside duty hours. */
export function onDuty(rota: Rota, instant: Date): DutyShift | null {
  const local = dayjs(instant).tz(rota.timezone);
  const minute = local.hour() * 60 + local.minute();
  const startMin = minutesOf(rota.hours.start);
  const endMin = minutesOf(rota.hours.end);
  if (minute < startMin || minute >= endMin) return null;
  const date = local.format('YYYY-MM-DD');
  const groupId = groupForDate(rota, date);
  if (!groupId) return null;
  const midnight = dayjs.tz(date, rota.timezone);
  return {
    groupId,
    start: midnight.add(startMin, 'minute').toDate(),
    end: midnight.add(endMin, 'minute').toDate(),
  };
}

/** Duty hours as shown to people, e.g. "08:30–17:30". */
export function hoursText(rota: Rota): string {
  return `${rota.hours.start}–${rota.hours.end}`;
}
