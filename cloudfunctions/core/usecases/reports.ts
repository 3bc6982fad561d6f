/**
 * 通报 for the 街道: the data of a period (weekly, monthly, or a range the office chose), made into a printable page and
 * an Excel file by the ReportRenderer port, stored in cloud storage and listed for the office and admin. The timer
 * makes last week's on Mondays and last month's on the 1st (any tick finds a missing one: a failed tick is made good
 * by the next); one record per period (made again, it is replaced), so a retry never lists a report twice.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { ReportCaseRow, ReportData, ReportKind, ReportListItem } from '../../../types/domain';
import { REPORT_CASE_LIMIT } from '../../../types/limits';
import { DASHBOARD_STATUS_WORDS, OFFICE, TRANSFER_BODY_NAMES } from '../../../types/words';
import type { Actor, Case } from '../Case';
import { dueAt, isOpen, statusText } from '../Case';
import type { CommunityConfig, Person } from '../community';
import { communityName } from '../community';
import { InvalidInputError, ReportNotFoundError } from '../errors';
import { authorize } from '../permissions';
import type { Deps, StoredReport } from '../ports';
import { isoWeek, mondayOf, ratesView, responseOf, windowOf } from '../rates';
import { describedAs } from '../voice-checks';
import { localDate } from '../rota';
import type { Situation } from '../permissions';
import { actorOf, situation } from './shared';

dayjs.extend(utc);
dayjs.extend(timezone);

const SUMMARY_LENGTH = 40;

/** The id of a period's report: one record per period. */
export function reportId(kind: ReportKind, from: string, to: string): string {
  if (kind === 'week') return `week_${from}`;
  if (kind === 'month') return `month_${from.slice(0, 7)}`;
  return `range_${from}_${to}`;
}

export { isoWeek };

const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 「2026年第48周通报（11月23日—11月29日）」, 「2026年11月通报」, 「2026年11月1日至11月15日通报」. */
export function reportTitle(kind: ReportKind, from: string, to: string): string {
  if (kind === 'week') {
    const w = isoWeek(from);
    return `${w.year}年第${w.week}周通报（${md(from)}—${md(to)}）`;
  }
  if (kind === 'month') return `${from.slice(0, 4)}年${Number(from.slice(5, 7))}月通报`;
  return `${from.slice(0, 4)}年${md(from)}至${to.slice(0, 4) === from.slice(0, 4) ? '' : `${to.slice(0, 4)}年`}${md(to)}通报`;
}

/** The last whole week (Monday–Sunday) and month before local date `today`. */
export function lastPeriods(today: string): Array<{ kind: 'week' | 'month'; from: string; to: string }> {
  const monday = dayjs.utc(mondayOf(today)).subtract(7, 'day');
  const firstOfMonth = dayjs.utc(today).startOf('month');
  const lastMonth = firstOfMonth.subtract(1, 'month');
  return [
    { kind: 'week', from: monday.format('YYYY-MM-DD'), to: monday.add(6, 'day').format('YYYY-MM-DD') },
    { kind: 'month', from: lastMonth.format('YYYY-MM-DD'), to: firstOfMonth.subtract(1, 'day').format('YYYY-MM-DD') },
  ];
}

const localTime = (c: CommunityConfig, at: Date) => dayjs(at).tz(c.rota.timezone).format('YYYY-MM-DD HH:mm');

/** 「超时3小时」, 「超时2天5小时」. */
function lateWords(minutes: number): string {
  const m = Math.max(1, Math.round(minutes));
  if (m < 60) return `超时${m}分钟`;
  const h = Math.floor(m / 60);
  if (h < 24) return `超时${h}小时`;
  return `超时${Math.floor(h / 24)}天${h % 24 ? `${h % 24}小时` : ''}`;
}

const summaryOf = (c: Case) => (c.private ? '（隐私事项）' : [...describedAs(c).trim()].slice(0, SUMMARY_LENGTH).join(''));

/** The duty group (or the office) a case belongs to: the group whose pool it first went to. */
function groupOf(c: Case, community: CommunityConfig): string {
  const id = c.claimPromise?.groupId ?? (c.routing.target === 'studio' ? c.routing.groupId : null);
  return id ? (community.groups.find((g) => g.id === id)?.name ?? id) : OFFICE;
}

const SATISFACTION_WORDS = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as const;

/** One case as the 「事项」 sheet lists it: no reporter's name or phone; a private case without its description. */
function caseRow(c: Case, community: CommunityConfig, now: Date): ReportCaseRow {
  const response = responseOf(c);
  const answer = c.followUp?.answer ?? null;
  const due = isOpen(c) ? dueAt(c) : null;
  return {
    code: c.code,
    reportedAt: localTime(community, c.createdAt),
    category: community.categories.find((k) => k.id === c.categoryId)?.name ?? c.categoryId,
    compound: community.compounds.find((k) => k.id === c.place.compoundId)?.name ?? c.place.compoundId,
    building: c.place.building.trim(),
    summary: summaryOf(c),
    status: statusText(c, 'staff'),
    holder: c.status === 'claimed' || c.status === 'resolved' ? c.holder.name : '',
    group: groupOf(c, community),
    respondedInTime: !response || response.due.getTime() > now.getTime() ? '' : response.inTime ? '是' : '否',
    resolvedAt: c.status === 'resolved' ? localTime(community, c.resolution.at) : '',
    solved: answer ? (answer.solved ? '解决了' : '没解决') : '',
    satisfaction: answer ? SATISFACTION_WORDS[answer.satisfaction] : '',
    transfer: c.transfer ? `${c.transfer.bodyName} 工单号 ${c.transfer.ticket}` : '',
    overdue: due !== null && due.getTime() <= now.getTime() ? '是' : '',
  };
}

/** Cases worth the 街道's attention: 不满意 with the resident's words, reopened, urgent, the longest to resolve. */
function notableOf(cases: Case[], community: CommunityConfig): ReportData['notable'] {
  const out: ReportData['notable'] = [];
  const seen = new Set<string>();
  const add = (c: Case, why: string) => {
    if (seen.has(c.id) || out.length >= 12) return;
    seen.add(c.id);
    out.push({ code: c.code, category: community.categories.find((k) => k.id === c.categoryId)?.name ?? c.categoryId, why, summary: summaryOf(c) });
  };
  for (const c of cases) if (c.supervision) add(c, `回访不满意：${c.supervision.comment || '（没有留话）'}`);
  for (const c of cases) if (c.reopenCount > 0) add(c, `居民说没解决，重新办了${c.reopenCount}次`);
  for (const c of cases) if (c.urgent) add(c, '紧急的事');
  const slow = cases
    .flatMap((c) => (c.status === 'resolved' ? [{ c, minutes: (c.resolution.at.getTime() - c.createdAt.getTime()) / 60_000 }] : []))
    .sort((a, b) => b.minutes - a.minutes)
    .slice(0, 3);
  for (const { c, minutes } of slow) add(c, `办的时间最长：${lateWords(minutes).replace('超时', '')}`);
  return out;
}

/** Everything a 通报 of local dates [from, to] holds, as of now. */
export async function reportData(deps: Deps, sit: Situation, kind: ReportKind, from: string, to: string, by: Actor | null): Promise<ReportData> {
  const { community, now } = sit;
  const { start, end } = windowOf(community.rota.timezone, from, to);
  const [byStatus, byCategory, byCompound, solved, holders, calls, transfers, overdue, listed, members, staff] = await Promise.all([
    deps.stats.countBy('status', start, end),
    deps.stats.countBy('categoryId', start, end),
    deps.stats.countBy('compoundId', start, end),
    deps.stats.solved(start, end),
    deps.stats.perHolder(start, end),
    deps.stats.calls(start, end),
    deps.stats.transfers(start, end),
    deps.stats.overdue(now, 50),
    deps.cases.createdBetween(start, end, REPORT_CASE_LIMIT + 1),
    deps.people.members(),
    deps.people.staff(),
  ]);
  const rates = await ratesView(deps.stats, community, [...members, ...staff], from, to, now);
  const count = (key: string) => byStatus.find((r) => r.key === key)?.count ?? 0;
  const named = (rows: Array<{ key: string; count: number }>, names: Array<{ id: string; name: string }>) =>
    rows.map((r) => ({ key: r.key, label: names.find((x) => x.id === r.key)?.name ?? r.key, count: r.count })).sort((a, b) => b.count - a.count);
  const cases = listed.filter((c) => c.status !== 'merged');
  const shown = cases.slice(0, REPORT_CASE_LIMIT);
  const people = [...members, ...staff.filter((s) => holders.some((h) => h.id === s.id) || calls.some((x) => x.id === s.id))];
  const categoryName = (id: string) => community.categories.find((k) => k.id === id)?.name ?? id;
  const compoundName = (id: string) => community.compounds.find((k) => k.id === id)?.name ?? id;
  return {
    kind,
    title: reportTitle(kind, from, to),
    community: communityName(community),
    from,
    to,
    generatedAt: now.toISOString(),
    generatedBy: by,
    totals: {
      reported: byStatus.reduce((n, r) => n + r.count, 0),
      resolved: count('resolved'),
      open: count('pending') + count('claimed'),
      cancelled: count('cancelled'),
      rejected: count('rejected'),
      studioSolved: { n: solved.byStudio, of: solved.resolved, rate: solved.resolved > 0 ? solved.byStudio / solved.resolved : null },
    },
    rates,
    byCategory: named(byCategory, community.categories),
    byCompound: named(byCompound, community.compounds),
    members: people.map((p) => ({
      name: p.name,
      groupName: p.role === 'member' ? (community.groups.find((g) => g.id === p.groupId)?.name ?? '没有分组') : OFFICE,
      resolved: holders.find((h) => h.id === p.id)?.solved ?? 0,
      calls: calls.find((x) => x.id === p.id)?.count ?? 0,
    })),
    overdue: overdue.map((c) => {
      const due = dueAt(c)!;
      return {
        code: c.code,
        category: categoryName(c.categoryId),
        compound: compoundName(c.place.compoundId),
        holder: c.status === 'claimed' ? c.holder.name : c.routing.target === 'office' ? OFFICE : groupOf(c, community),
        dueAt: localTime(community, due),
        overdueText: lateWords((now.getTime() - due.getTime()) / 60_000),
      };
    }),
    transfers: transfers.map((t) => ({
      body: t.body === 'other' ? '其他单位' : TRANSFER_BODY_NAMES[t.body as keyof typeof TRANSFER_BODY_NAMES],
      count: t.count,
      open: t.open,
    })),
    transferList: cases.flatMap((c) =>
      c.transfer
        ? [
            {
              code: c.code,
              body: c.transfer.bodyName,
              ticket: c.transfer.ticket,
              expected: c.transfer.expectedDate,
              outcome: c.status === 'resolved' ? c.resolution.note : DASHBOARD_STATUS_WORDS[c.status === 'claimed' ? 'claimed' : 'pending'],
            },
          ]
        : [],
    ),
    notable: notableOf(cases, community),
    cases: shown.map((c) => caseRow(c, community, now)),
    casesTruncated: cases.length > REPORT_CASE_LIMIT,
  };
}

function listItem(r: StoredReport): ReportListItem {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    from: r.from,
    to: r.to,
    generatedAt: r.generatedAt.toISOString(),
    madeBy: r.generatedBy ? r.generatedBy.name : '自动生成',
    sizes: r.sizes,
  };
}

/** Make a period's report: its data, its two files in cloud storage, and its record (replacing the period's earlier one). */
export async function publishReport(deps: Deps, sit: Situation, kind: ReportKind, from: string, to: string, by: Actor | null): Promise<StoredReport> {
  const data = await reportData(deps, sit, kind, from, to, by);
  const files = await deps.reportFiles.render(data);
  // Files first, the record last: a function stopped in between leaves no record, and the next try writes both again.
  const [htmlFileID, xlsxFileID] = await Promise.all([deps.files.upload(files.htmlPath, files.html), deps.files.upload(files.xlsxPath, files.xlsx)]);
  const stored: StoredReport = {
    id: reportId(kind, from, to),
    kind,
    title: data.title,
    from,
    to,
    generatedAt: sit.now,
    generatedBy: by,
    htmlFileID,
    xlsxFileID,
    sizes: { html: new TextEncoder().encode(files.html).length, xlsx: files.xlsx.length },
  };
  await deps.reports.put(stored);
  return stored;
}

/** The timer's part: last week's and last month's reports, when not made yet (one query when both exist). */
export async function makeDueReports(deps: Deps): Promise<StoredReport[]> {
  const sit = await situation(deps);
  const periods = lastPeriods(localDate(sit.community.rota, sit.now));
  const made = await deps.reports.existing(periods.map((p) => reportId(p.kind, p.from, p.to)));
  const out: StoredReport[] = [];
  for (const p of periods) if (!made.includes(reportId(p.kind, p.from, p.to))) out.push(await publishReport(deps, sit, p.kind, p.from, p.to, null));
  return out;
}

/** The stored reports, newest first, for the office and admin. */
export async function listReports(deps: Deps, person: Person | null): Promise<{ reports: ReportListItem[] }> {
  const sit = await situation(deps);
  authorize(person, 'reports', sit);
  return { reports: (await deps.reports.recent(60)).map(listItem) };
}

/** The office makes a report of any range now (a range made again is replaced with today's figures). */
export async function makeReport(deps: Deps, person: Person | null, from: string, to: string): Promise<ReportListItem> {
  const sit = await situation(deps);
  authorize(person, 'reports', sit);
  if (to > localDate(sit.community.rota, sit.now)) throw new InvalidInputError('结束日期不能晚于今天');
  return listItem(await publishReport(deps, sit, 'range', from, to, actorOf(person!)));
}

/** A temporary link to open or download one of a report's files (getTempFileURL; valid for a while, asked for each time). */
export async function reportFileUrl(deps: Deps, person: Person | null, id: string, file: 'html' | 'xlsx'): Promise<{ url: string }> {
  const sit = await situation(deps);
  authorize(person, 'reports', sit);
  const r = await deps.reports.ofId(id);
  if (!r) throw new ReportNotFoundError();
  const [url] = await deps.files.urls([file === 'html' ? r.htmlFileID : r.xlsxFileID]);
  if (!url) throw new ReportNotFoundError('这份通报的文件找不到了，请重新生成');
  return { url };
}
