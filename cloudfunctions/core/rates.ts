/**
 * 三率 — the figures 12345 接诉即办 judges a unit by — with our own explicit definitions (no official formula is
 * published; the words shown beside the figures are RATE_DEFINITIONS in types/words.ts):
 *   响应率 = cases claimed or acted on within their claim time / cases whose claim time ended in the window;
 *   解决率 = 回访 answers 「解决了」 / cases with a 回访 answer in the window;
 *   满意率 = (满意 + 基本满意) / 回访 answers in the window.
 * What each case contributes is decided here and stored as flat fields with the case (adapters' case-doc.ts), so the
 * database counts them (CaseStats.responses / answers); the view is put together from the counted rows.
 */
import type { Rate, RatesRow, RatesView, ThreeRates, TimelineKind } from '../../types/domain';
import type { CommunityConfig } from '../../types/config';
import type { Case } from './Case';
import { localDate } from './rota';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const WEEK_MS = 7 * 86_400_000;

/** The steps by which staff take up a case (a step by the system, such as the SLA clock's escalation, is not one). */
const RESPONSES: ReadonlySet<TimelineKind> = new Set<TimelineKind>([
  'claimed',
  'assigned',
  'resolved',
  'rejected',
  'transferred',
  'returned',
  'recategorised',
  'escalated',
  'merged',
  'noted',
]);

/** When staff first took the case up (claimed, assigned, resolved, refused, handed on…); null if nobody has. */
export function respondedAt(c: Case): Date | null {
  const step = c.timeline.find((t) => t.by !== null && t.by.id !== c.reporter.id && RESPONSES.has(t.kind));
  return step ? step.at : null;
}

/**
 * What a case counts for in 响应率: its first claim time (`due`), the duty group whose pool it went to (null: the
 * office), and whether it was taken up by then. Null when it counts for nothing: it had no claim time (no duty time
 * ahead when it came), it was merged into another case (counted there), or the resident withdrew it before its claim
 * time ended and before anyone took it up.
 */
export function responseOf(c: Case): { due: Date; groupId: string | null; inTime: boolean } | null {
  const promise = c.claimPromise;
  if (c.status === 'merged' || !promise || !promise.by) return null;
  const at = respondedAt(c);
  if (c.status === 'cancelled' && at === null && c.cancellation.at.getTime() < promise.by.getTime()) return null;
  return { due: promise.by, groupId: promise.groupId, inTime: at !== null && at.getTime() <= promise.by.getTime() };
}

/** What a case counts for in 解决率 and 满意率: its latest 回访 answer (a case counts once, by its latest answer). */
export function answerOf(c: Case): { at: Date; solved: boolean; satisfied: boolean; callerId: string | null } | null {
  if (c.status === 'merged') return null;
  const a = c.followUp?.answer;
  return a ? { at: a.at, solved: a.solved, satisfied: a.satisfaction !== 'unsatisfied', callerId: a.via === 'call' ? a.by.id : null } : null;
}

export function rate(n: number, of: number): Rate {
  return { n, of, rate: of > 0 ? n / of : null };
}

const NONE: ThreeRates = { response: rate(0, 0), solved: rate(0, 0), satisfied: rate(0, 0) };

/** A window of local dates [from, to] (both included) as instants [start, end), read in the community's zone. */
export function windowOf(tz: string, from: string, to: string): { start: Date; end: Date } {
  return { start: dayjs.tz(from, tz).toDate(), end: dayjs.tz(to, tz).add(1, 'day').toDate() };
}

/** The Monday (local date) of the week holding local date `date`. */
export function mondayOf(date: string): string {
  const d = dayjs.utc(date);
  return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/** Responses counted by the database: `n` taken up in time of `of` whose claim time ended. */
export type ResponseRow = { key: string; n: number; of: number };
/** 回访 answers counted by the database: `of` answers, `solved` 解决了, `satisfied` 满意 or 基本满意. */
export type AnswerRow = { key: string; of: number; solved: number; satisfied: number };
export type RateDimension = 'group' | 'category' | 'compound' | 'week';
export type AnswerDimension = 'holder' | 'category' | 'compound' | 'week';

/** The database reads behind 三率 (CaseStats), as the view needs them. */
export interface RatesSource {
  responses(by: RateDimension, start: Date, end: Date, weekOrigin: Date): Promise<ResponseRow[]>;
  answers(by: AnswerDimension, start: Date, end: Date, weekOrigin: Date): Promise<AnswerRow[]>;
}

/** The key the office's rows have (cases that went to the office first; answers on cases an office worker resolved). */
export const OFFICE_KEY = 'office';

/**
 * 三率 over local dates [from, to]: eight aggregations, whatever the number of cases (each breakdown is one; the
 * total is the sum of the category rows, every case having one category). A claim time that has not ended by `now`
 * is not counted yet. Members are put in the group they are in now.
 */
export async function ratesView(
  source: RatesSource,
  community: CommunityConfig,
  people: Array<{ id: string; name: string; groupId: string | null; role: string }>,
  from: string,
  to: string,
  now: Date,
): Promise<RatesView> {
  const tz = community.rota.timezone;
  const { start, end } = windowOf(tz, from, to);
  const responseEnd = new Date(Math.min(end.getTime(), now.getTime()));
  const origin = dayjs.tz(mondayOf(from), tz).toDate();
  const [rGroup, rCategory, rCompound, rWeek, aHolder, aCategory, aCompound, aWeek] = await Promise.all([
    source.responses('group', start, responseEnd, origin),
    source.responses('category', start, responseEnd, origin),
    source.responses('compound', start, responseEnd, origin),
    source.responses('week', start, responseEnd, origin),
    source.answers('holder', start, end, origin),
    source.answers('category', start, end, origin),
    source.answers('compound', start, end, origin),
    source.answers('week', start, end, origin),
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const groupName = (id: string) => (id === OFFICE_KEY ? '社区办公室' : (community.groups.find((g) => g.id === id)?.name ?? id));
  const groupOfHolder = (id: string) => person.get(id)?.groupId ?? OFFICE_KEY;

  const rows = (responses: ResponseRow[], answers: AnswerRow[], label: (key: string) => string, order: string[]): RatesRow[] => {
    const keys = [...new Set([...order, ...responses.map((r) => r.key), ...answers.map((a) => a.key)])];
    return keys
      .map((key) => {
        const r = responses.find((x) => x.key === key);
        const a = answers.find((x) => x.key === key);
        return { key, label: label(key), ...threeRates(r ? [r] : [], a ? [a] : []) };
      })
      .filter((row) => order.includes(row.key) || row.response.of > 0 || row.solved.of > 0);
  };

  // Answers per group: each holder's answers in the group the holder is in now (office workers: the office).
  const byGroupAnswers = new Map<string, AnswerRow>();
  for (const a of aHolder) {
    const key = groupOfHolder(a.key);
    const row = byGroupAnswers.get(key) ?? { key, of: 0, solved: 0, satisfied: 0 };
    byGroupAnswers.set(key, { key, of: row.of + a.of, solved: row.solved + a.solved, satisfied: row.satisfied + a.satisfied });
  }
  const rGroupKeyed = rGroup.map((r) => ({ ...r, key: r.key === '' || r.key === 'null' ? OFFICE_KEY : r.key }));

  // Weeks: the database gives each its number from the first Monday; every week of the window gets a row.
  const mondays: string[] = [];
  for (let d = mondayOf(from); d <= to; d = dayjs.utc(d).add(7, 'day').format('YYYY-MM-DD')) mondays.push(d);
  const weekKey = (k: string) => mondays[Number(k)] ?? k;
  const weeks = rows(
    rWeek.map((r) => ({ ...r, key: weekKey(r.key) })),
    aWeek.map((a) => ({ ...a, key: weekKey(a.key) })),
    (monday) => weekLabel(monday),
    mondays,
  ).sort((a, b) => a.key.localeCompare(b.key));

  return {
    from,
    to,
    total: threeRates(rCategory, aCategory),
    byGroup: rows(
      rGroupKeyed,
      [...byGroupAnswers.values()],
      groupName,
      community.groups.map((g) => g.id),
    ),
    byMember: aHolder
      .map((a) => ({ key: a.key, label: person.get(a.key)?.name ?? '（已不在名单）', ...threeRates([], [a]), response: rate(0, 0) }))
      .sort((x, y) => y.solved.of - x.solved.of || x.label.localeCompare(y.label, 'zh-CN')),
    byCategory: rows(rCategory, aCategory, (k) => community.categories.find((c) => c.id === k)?.name ?? k, []),
    byCompound: rows(rCompound, aCompound, (k) => community.compounds.find((c) => c.id === k)?.name ?? k, []),
    weeks,
  };
}

/** 三率 from counted rows (their sums). */
export function threeRates(responses: ResponseRow[], answers: AnswerRow[]): ThreeRates {
  if (responses.length === 0 && answers.length === 0) return NONE;
  const sum = <T>(list: T[], f: (x: T) => number) => list.reduce((s, x) => s + f(x), 0);
  const answered = sum(answers, (a) => a.of);
  return {
    response: rate(
      sum(responses, (r) => r.n),
      sum(responses, (r) => r.of),
    ),
    solved: rate(
      sum(answers, (a) => a.solved),
      answered,
    ),
    satisfied: rate(
      sum(answers, (a) => a.satisfied),
      answered,
    ),
  };
}

/** ISO 8601 week of a local date: its year (that of the week's Thursday) and number. */
export function isoWeek(date: string): { year: number; week: number } {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** 「11月23日—11月29日」 for the week starting on Monday `monday`. */
export function weekLabel(monday: string): string {
  const d = dayjs.utc(monday);
  const end = d.add(6, 'day');
  return `${d.month() + 1}月${d.date()}日—${end.month() + 1}月${end.date()}日`;
}

/** The window of the last `days` days up to today (local dates), as the dashboard's buttons choose it. */
export function lastDays(community: CommunityConfig, now: Date, days: number): { from: string; to: string } {
  const to = localDate(community.rota, now);
  return {
    from: dayjs
      .utc(to)
      .subtract(days - 1, 'day')
      .format('YYYY-MM-DD'),
    to,
  };
}
