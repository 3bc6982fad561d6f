/** Calendar dates as people read them (YYYY-MM-DD on the wire, 「2026年11月30日 周一」 on the screen). */

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 「2026年11月30日 周一」 from "2026-11-30"; the text itself when it is not such a date. */
export function dateWords(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? date : `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日 周${WEEKDAYS[d.getUTCDay()]}`;
}

/** Today in Beijing time, YYYY-MM-DD (where an empty date picker opens). */
export function todayDate(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** What is wrong with a from–to pair of picked dates (YYYY-MM-DD), in words; null when both are picked and in order. */
export function rangeProblem(from: string, to: string): string | null {
  if (!from || !to) return '请选好从哪天到哪天';
  return from > to ? '开始的日期不能晚于结束的日期' : null;
}
