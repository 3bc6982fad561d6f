/**
 * What the 通报's two files share: how a rate, a date and the footnote read, and the files' storage names. Pure: no
 * wx-server-sdk, Taro or adapter here (the core does not import this folder either).
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Rate, ReportData } from '../../types/domain';
import { isoWeek } from '../core/rates';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The 通报 is read in China: its dates and times are China's. */
export const REPORT_TIMEZONE = 'Asia/Shanghai';

/** A rate as printed: 「87.5%」 (one decimal), 「—」 when nothing was counted. */
export function percentText(rate: Rate): string {
  return rate.rate === null ? '—' : `${(rate.rate * 100).toFixed(1)}%`;
}

/** What a rate was counted from: 「35/40」, or 「无数据」 when nothing was counted. */
export function countText(rate: Rate): string {
  return rate.rate === null ? '无数据' : `${rate.n}/${rate.of}`;
}

/** An ISO instant as China's local time: 「2026年11月30日 08:00」. */
export function chinaDateTime(iso: string): string {
  return dayjs(iso).tz(REPORT_TIMEZONE).format('YYYY年M月D日 HH:mm');
}

/** A local date YYYY-MM-DD in words: 「2026年11月23日」. */
export function dateWords(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** The window in words: 「2026年11月23日—2026年11月29日」. */
export function periodWords(data: Pick<ReportData, 'from' | 'to'>): string {
  return `${dateWords(data.from)}—${dateWords(data.to)}`;
}

/** Who made it: their name, or 「系统自动生成」 for the timer. */
export function madeByWords(data: Pick<ReportData, 'generatedBy'>): string {
  return data.generatedBy ? data.generatedBy.name : '系统自动生成';
}

export { isoWeek };

/** Only digits and hyphens of a date survive into a storage name (the data is trusted, the name must stay ASCII-safe). */
const safeDate = (date: string) => date.replace(/[^0-9-]/g, '').slice(0, 10) || 'unknown';

/** The storage name without its extension: reports/2026-W48_2026-11-23_2026-11-29, reports/2026-11_month, reports/range_2026-11-01_2026-11-15. */
export function reportBaseName(data: Pick<ReportData, 'kind' | 'from' | 'to'>): string {
  const from = safeDate(data.from);
  const to = safeDate(data.to);
  if (data.kind === 'week' && /^\d{4}-\d{2}-\d{2}$/.test(from)) {
    const { year, week } = isoWeek(from);
    return `reports/${year}-W${String(week).padStart(2, '0')}_${from}_${to}`;
  }
  if (data.kind === 'month') return `reports/${from.slice(0, 7)}_month`;
  return `reports/range_${from}_${to}`;
}

/** Storage name of the printable page. */
export function htmlFileName(data: Pick<ReportData, 'kind' | 'from' | 'to'>): string {
  return `${reportBaseName(data)}.html`;
}

/** Storage name of the Excel file. */
export function xlsxFileName(data: Pick<ReportData, 'kind' | 'from' | 'to'>): string {
  return `${reportBaseName(data)}.xlsx`;
}
