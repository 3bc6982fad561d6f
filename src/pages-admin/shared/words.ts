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

/** A short id for something new the admin adds without typing one (letters and digits). */
export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 36 * 36).toString(36)}`;
}
