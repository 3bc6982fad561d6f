/** Plain Chinese words for values the server sends as codes. */
import dayjs from 'dayjs';
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

/** "2024年5月3日 14:05" — the date and time the way people say them. */
export function formatTime(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : iso;
}

/** "5月3日" — short date for list rows. */
export function formatDate(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY年M月D日') : iso;
}
