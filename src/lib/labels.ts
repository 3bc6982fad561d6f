/** Plain Chinese words for values the server sends as codes. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Role } from '../../types/domain';

const ROLE_NAMES: Record<Role, string> = {
  resident: '居民',
  member: '值班成员',
  office: '社区工作人员',
  admin: '管理员',
};

/** The role in words; an unknown code is shown as it is. */
export function roleName(role: string): string {
  return (ROLE_NAMES as Record<string, string>)[role] ?? role;
}

dayjs.extend(utc);

/** The community's clock: Beijing time (UTC+8, no daylight saving), whatever zone the phone is set to. */
const BEIJING_OFFSET_MINUTES = 8 * 60;

const inBeijing = (iso: string) => dayjs(iso).utcOffset(BEIJING_OFFSET_MINUTES);

/** "2024年5月3日 14:05" — the date and time the way people say them, in Beijing time. */
export function formatTime(iso: string): string {
  const d = inBeijing(iso);
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : iso;
}

/** "2024年5月3日" — the date for list rows, in Beijing time. */
export function formatDate(iso: string): string {
  const d = inBeijing(iso);
  return d.isValid() ? d.format('YYYY年M月D日') : iso;
}

/** "5月3日 14:05" — a short date and time within the year, in Beijing time. */
export function formatMonthDayTime(iso: string): string {
  const d = inBeijing(iso);
  return d.isValid() ? d.format('M月D日 HH:mm') : iso;
}

/** "15点05分" / "15点整" — a clock time the way people say it, in Beijing time. */
export function formatClock(iso: string): string {
  const d = inBeijing(iso);
  if (!d.isValid()) return iso;
  return d.minute() === 0 ? `${d.hour()}点整` : `${d.hour()}点${d.format('mm')}分`;
}

/** Whether two instants fall on the same day in Beijing. */
export function sameBeijingDay(a: string, b: string): boolean {
  return inBeijing(a).format('YYYY-MM-DD') === inBeijing(b).format('YYYY-MM-DD');
}
