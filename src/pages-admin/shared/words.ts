/** Words and small helpers shared by the admin pages. */
import type { CommunityConfigView, Role } from '../../../types/domain';
import type { InviteRole } from '../../services/cloud';

/** What an invite code makes of the person who uses it, in the words the admin tiles show. */
export const INVITE_ROLES: Array<{ role: InviteRole; name: string; sub: string }> = [
  { role: 'member', name: '工作室成员', sub: '轮流值班，处理居民反映的事' },
  { role: 'office', name: '社区工作人员', sub: '处理上报社区的事，看数据' },
  { role: 'admin', name: '管理员', sub: '管成员、邀请码、值班表和类别' },
];

export function inviteRoleName(role: string): string {
  return INVITE_ROLES.find((r) => r.role === role)?.name ?? role;
}

/** A person's role in words on the admin pages (a member is 「工作室成员」, as on the invite tiles). */
export function adminRoleName(role: Role | string): string {
  if (role === 'resident') return '居民';
  return inviteRoleName(role);
}

/** The group's name from the configuration; the id itself when it is not (or no longer) there. */
export function groupName(config: Pick<CommunityConfigView, 'groups'>, groupId: string | null): string | null {
  if (!groupId) return null;
  return config.groups.find((g) => g.id === groupId)?.name ?? groupId;
}

/** Sunday first, as JavaScript (and the rota's closedWeekdays) count: 0 = 星期日. */
export const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** The weekdays as they are shown and chosen: the week starts on 周一 (1), 周日 (0) last. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** The weekday (0 = 周日) of a date written YYYY-MM-DD, or null when it is not such a date. */
export function weekdayOf(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d.getUTCDay();
}

export { dateWords, todayDate } from '../../lib/dates';

/** A short id for something new the admin adds without typing one (letters and digits). */
export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 36 * 36).toString(36)}`;
}
