/**
 * Roles and configuration, as data: invite codes (single use, until they expire), what an admin may change, and the
 * checks that list every problem in Chinese. Pure; persistence and auditing happen in the use cases.
 */
import type { Actor } from './Case';
import type { CommunityConfig, Leave, Person } from './community';
import { validateCommunity } from './community';

export type StaffRole = 'member' | 'office' | 'admin';

export interface Invite {
  /** The code people type: 8 letters/digits that cannot be confused when read aloud. */
  code: string;
  role: StaffRole;
  /** Duty group for a member invite. */
  groupId: string | null;
  expiresAt: Date;
  createdBy: Actor;
  usedBy: Actor | null;
  usedAt: Date | null;
  voided: boolean;
}

export type InviteState = 'usable' | 'used' | 'expired' | 'voided';

/** Where an invite stands at `now`. */
export function inviteState(inv: Invite, now: Date): InviteState {
  if (inv.voided) return 'voided';
  if (inv.usedBy) return 'used';
  if (inv.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}

export const INVITE_STATE_WORDS: Record<InviteState, string> = { usable: '可以使用', used: '已使用', expired: '已过期', voided: '已作废' };
export const ROLE_WORDS: Record<Person['role'], string> = { resident: '居民', member: '工作室成员', office: '社区工作人员', admin: '管理员' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^(\d{11}|\d{3,4}-?\d{7,8})$/;

/** Every problem with a person's details, in Chinese; empty when fine. */
export function validatePersonEdit(
  p: { name: string; phone: string; groupId: string | null; compounds: string[]; leave: Leave[]; role: Person['role'] },
  config: CommunityConfig,
): string[] {
  const problems: string[] = [];
  if (!p.name.trim()) problems.push('请填写姓名');
  if (p.name.trim().length > 20) problems.push('姓名最多20个字');
  if (p.phone && !PHONE.test(p.phone)) problems.push('电话号码不正确，请填11位手机号或座机号');
  if (p.role === 'member' && !p.groupId) problems.push('工作室成员要选一个值班组');
  if (p.groupId && !config.groups.some((g) => g.id === p.groupId)) problems.push(`值班组「${p.groupId}」不存在`);
  for (const c of p.compounds) if (!config.compounds.some((x) => x.id === c)) problems.push(`小区「${c}」不存在`);
  for (const l of p.leave) {
    if (!DATE.test(l.from) || !DATE.test(l.to)) problems.push(`请假日期「${l.from}–${l.to}」格式不对（例如 2026-12-01）`);
    else if (l.from > l.to) problems.push(`请假日期「${l.from}–${l.to}」开始晚于结束`);
  }
  return problems;
}

export type Section = 'groups' | 'rota' | 'categories' | 'compounds' | 'templates' | 'settings';

/** The configuration with one section replaced. */
export function withSection(config: CommunityConfig, section: Section, value: unknown): CommunityConfig {
  switch (section) {
    case 'settings': {
      const v = value as Pick<CommunityConfig, 'officePhone' | 'limits'>;
      return { ...config, officePhone: v.officePhone, limits: v.limits };
    }
    default:
      return { ...config, [section]: value } as CommunityConfig;
  }
}

/** Every problem with the configuration after a change, plus references the change would break. */
export function validateChange(next: CommunityConfig, people: Person[]): string[] {
  const problems = validateCommunity(next);
  for (const m of people.filter((p) => p.role === 'member')) {
    if (m.groupId && !next.groups.some((g) => g.id === m.groupId)) problems.push(`成员${m.name}所在的值班组「${m.groupId}」被删掉了，请先给他换组`);
  }
  return problems;
}
