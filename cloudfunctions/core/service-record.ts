/**
 * 志愿服务记录 (issue 13, item 7): a studio member's service in one month, as 民政部令第67号 (《志愿服务记录与证明出具办法》)
 * asks a record to be — true and complete: the duty shifts they served (from the rota and their leave), and their
 * own acts on cases (认领, 办结, 回访 calls) counted by the database. Pure: the clock, the configuration and the
 * counts come in as arguments.
 * NOTE: the member's group is read as it is now (no history of group changes is stored); the footnote says so.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Rota } from '../../types/config';
import type { ServiceActKind, ServiceItemView, ServiceRecordView, ServiceShiftView } from '../../types/domain';
import type { Person } from './community';
import { onLeave } from './community';
import { groupForDate, localDate, minutesOfClock } from './rota';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Who keeps the record (记录单位). */
export const RECORD_KEEPER = '社区书记工作室';
/** At most this many acts are listed on one record (the counts are always whole). */
export const SERVICE_ITEM_LIMIT = 300;

/** The words for each act on the record. */
export const SERVICE_ACT_WORDS: Record<ServiceActKind, string> = { claimed: '认领', resolved: '办结', call: '回访电话' };

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a real month written YYYY-MM. */
export function isMonth(month: string): boolean {
  return MONTH.test(month);
}

/** The days of a month, YYYY-MM-DD, in order. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The instants a month spans in the rota's zone: [from, to). */
export function monthBounds(rota: Rota, month: string): { from: Date; to: Date } {
  const from = dayjs.tz(`${month}-01`, rota.timezone).toDate();
  const to = dayjs.tz(`${nextMonth(month)}-01`, rota.timezone).toDate();
  return { from, to };
}

/** The month (YYYY-MM) an instant falls in, in the rota's zone. */
export function monthOf(rota: Rota, instant: Date): string {
  return localDate(rota, instant).slice(0, 7);
}

/** The length of one shift in hours (two decimals at most). */
export function shiftHours(rota: Rota): number {
  return Math.round(((minutesOfClock(rota.hours.end) - minutesOfClock(rota.hours.start)) / 60) * 100) / 100;
}

/**
 * The duty shifts a member served in `month`: each day up to `today` (local YYYY-MM-DD, included) on which their group
 * (as it is now) was on duty — by the rota, its closed days and its swaps — and they were not on leave.
 */
export function servedShifts(
  rota: Rota,
  member: Pick<Person, 'groupId' | 'leave'>,
  month: string,
  today: string,
): { shifts: ServiceShiftView[]; totals: { shifts: number; hours: number } } {
  if (!member.groupId) return { shifts: [], totals: { shifts: 0, hours: 0 } };
  const hours = `${rota.hours.start}–${rota.hours.end}`;
  const length = shiftHours(rota);
  const shifts = daysOfMonth(month)
    .filter((date) => date <= today && groupForDate(rota, date) === member.groupId && !onLeave(member, date))
    .map((date) => ({ date, weekday: WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()], hours, length }));
  return { shifts, totals: { shifts: shifts.length, hours: Math.round(shifts.length * length * 100) / 100 } };
}

/** One act of the member's, as the record lists it. */
export interface ServiceAct {
  at: Date;
  caseId: string;
  code: string;
  categoryId: string;
  kind: ServiceActKind;
}

/** 「2026年11月」 */
export function monthText(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}

/** The record, from what the use case read. */
export function serviceRecord(input: {
  rota: Rota;
  /** The community's name as printed (communityName in core/community.ts). */
  community: string;
  member: Pick<Person, 'id' | 'name' | 'groupId' | 'leave'>;
  groupName: string | null;
  categoryName: (id: string) => string;
  month: string;
  now: Date;
  counts: Record<ServiceActKind, number>;
  acts: ServiceAct[];
}): ServiceRecordView {
  const { rota, member, month, now } = input;
  const today = localDate(rota, now);
  const { shifts, totals } = servedShifts(rota, member, month, today);
  const truncated = input.acts.length > SERVICE_ITEM_LIMIT;
  const items: ServiceItemView[] = input.acts.slice(0, SERVICE_ITEM_LIMIT).map((a) => ({
    at: a.at.toISOString(),
    date: localDate(rota, a.at),
    caseId: a.caseId,
    code: a.code,
    category: input.categoryName(a.categoryId),
    kind: a.kind,
    what: SERVICE_ACT_WORDS[a.kind],
  }));
  const footnote = ['值班按现在的分组和排班推算（请假的日子不算）。', '认领、办结和回访电话按事项记录里本人的操作统计。'];
  const current = monthOf(rota, now) === month;
  if (current) footnote.push(`本月还没过完，统计到${Number(today.slice(5, 7))}月${Number(today.slice(8))}日。`);
  if (truncated) footnote.push(`经办事项太多，下面只列出前${SERVICE_ITEM_LIMIT}条，件数按全部统计。`);
  return {
    member: { id: member.id, name: member.name },
    groupName: input.groupName,
    month,
    monthText: monthText(month),
    current,
    community: input.community,
    keeper: RECORD_KEEPER,
    shifts,
    totals,
    counts: { claimed: input.counts.claimed, resolved: input.counts.resolved, calls: input.counts.call },
    items,
    itemsTruncated: truncated,
    generatedAt: now.toISOString(),
    footnote,
  };
}

/** Timeline kinds that are a member's service, and what each counts as. */
export const SERVICE_TIMELINE_KINDS = ['claimed', 'resolved', 'followed-up'] as const;

/**
 * The acts of `memberId` on one case at instants in [from, to) — what the database's aggregation counts (the fakes
 * and tests use this; the adapter asks the database). A 'followed-up' step is a 回访 call when the member is not the
 * case's reporter: the reporter's own answer (a member who filed it) is no call.
 */
export function actsOn(
  c: { id: string; code: string; categoryId: string; reporter: { id: string }; timeline: ReadonlyArray<{ at: Date; kind: string; by: { id: string } | null }> },
  memberId: string,
  from: Date,
  to: Date,
): ServiceAct[] {
  const acts: ServiceAct[] = [];
  for (const t of c.timeline) {
    if (t.by?.id !== memberId || t.at < from || t.at >= to) continue;
    const kind = t.kind === 'claimed' || t.kind === 'resolved' ? t.kind : t.kind === 'followed-up' && c.reporter.id !== memberId ? 'call' : null;
    if (kind) acts.push({ at: t.at, caseId: c.id, code: c.code, categoryId: c.categoryId, kind });
  }
  return acts;
}

/** The order acts are listed in: by time, then case id, then kind. */
export function byActOrder(a: ServiceAct, b: ServiceAct): number {
  return a.at.getTime() - b.at.getTime() || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}
