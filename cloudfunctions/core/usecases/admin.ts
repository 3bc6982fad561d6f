/**
 * Admin use cases: invite codes and role binding, role revocation (open cases go back to the pool), configuration
 * edits validated with every problem listed, and an audit entry for every change.
 */
import type { AuditView, CommunityConfigView, InviteView, MeView, PersonAdminView, RotaDayView } from '../../../types/domain';
import { quickRepliesOf } from '../../../types/quick-replies';
import { auditWords } from '../audit-words';
import { slotEffects, withEffects } from '../effects';
import { completeEffects } from './effects';
import type { Invite, PendingAudit, Section, StaffRole, StoredCommunityConfig } from '../admin';
import {
  INVITE_STATE_WORDS,
  configAuditId,
  configOf,
  configShapeProblems,
  inviteState,
  isInviteCode,
  normalizeInviteCode,
  parseSection,
  validateChange,
  validatePersonEdit,
  withSection,
} from '../admin';
import { release } from '../Case';
import type { Actor } from '../Case';
import type { CommunityConfig, Person } from '../community';
import { newResident, onLeave } from '../community';
import { ConfigProblemsError, InvalidInputError, InviteError, NotSignedInError } from '../errors';
import { authorize } from '../permissions';
import type { Deps } from '../ports';
import { addDutyTime, groupForDate, hoursText } from '../rota';
import { watched } from '../watch';
import { loadCommunity, whoAmI } from './index';

const actorOf = (p: Person): Actor => ({ id: p.id, name: p.name || p.id });
const DAY = 86_400_000;

function inviteView(inv: Invite, now: Date): InviteView {
  return {
    code: inv.code,
    role: inv.role,
    groupId: inv.groupId,
    expiresAt: inv.expiresAt.toISOString(),
    createdBy: inv.createdBy,
    usedBy: inv.usedBy,
    usedAt: inv.usedAt ? inv.usedAt.toISOString() : null,
    stateText: INVITE_STATE_WORDS[inviteState(inv, now)],
  };
}

/** What the admin pages see of a person (not where they last reported from). */
const personView = ({ lastPlace: _, ...view }: Person): PersonAdminView => view;

async function asAdmin(deps: Deps, person: Person | null): Promise<{ me: Person; community: CommunityConfig; stored: StoredCommunityConfig; now: Date }> {
  const stored: StoredCommunityConfig = await deps.community.current();
  const now = deps.clock.now();
  authorize(person, 'administer', { community: stored, now });
  return { me: person, community: configOf(stored), stored, now };
}

/** Add a configuration change's audit entry (idempotent: the id is fixed) and clear it from the config record. */
async function completeAudit(deps: Deps, entry: PendingAudit): Promise<void> {
  const logged: PendingAudit = { ...entry, at: new Date(entry.at) };
  await deps.audit.add(logged);
  await deps.community.clearPendingAudit(entry.id);
}

/** A configuration change whose audit entry was written with it but not yet logged (the function stopped in between). */
async function completeLeftoverAudit(deps: Deps, stored: StoredCommunityConfig): Promise<void> {
  if (stored.pendingAudit && typeof stored.pendingAudit.id === 'string') await completeAudit(deps, stored.pendingAudit);
}

/** The configuration as the admin pages see it: its own fields only. */
const configView = (c: CommunityConfig): CommunityConfigView => configOf(c);

/** The editable configuration, everyone with a role, and recent invites. */
export async function adminOverview(
  deps: Deps,
  person: Person | null,
): Promise<{ config: CommunityConfigView; people: PersonAdminView[]; invites: InviteView[]; you: string }> {
  const { me, community, stored, now } = await asAdmin(deps, person);
  await completeLeftoverAudit(deps, stored);
  const [members, staff, invites] = await Promise.all([deps.people.members(), deps.people.staff(), deps.invites.recent(50)]);
  const people = [...staff, ...members].map(personView);
  return { config: configView(community), people, invites: invites.map((i) => inviteView(i, now)), you: me.id };
}

/**
 * Replace one section of the configuration. Nothing is written unless the section has the right shape (a strict
 * schema: types, fields, no "$" or dotted keys) AND the whole resulting configuration passes every check. The new
 * configuration and its audit entry (before and after) are written together in one write of the config record;
 * the entry is then logged under a fixed id and cleared from the record.
 */
export async function saveConfigSection(deps: Deps, person: Person | null, section: Section, value: unknown): Promise<CommunityConfigView> {
  const { me, community, stored, now } = await asAdmin(deps, person);
  const parsed = parseSection(section, value);
  if (!parsed.ok) throw new ConfigProblemsError(parsed.problems);
  const next = withSection(community, section, parsed.value);
  // The other sections as stored must have the right shape too (validateCommunity cannot read a broken one).
  const shape = configShapeProblems(next);
  if (shape.length > 0) throw new ConfigProblemsError(shape);
  const problems = validateChange(next, await deps.people.members());
  if (problems.length > 0) throw new ConfigProblemsError(problems);
  // An earlier change whose entry is still pending is logged first (this write replaces the record).
  await completeLeftoverAudit(deps, stored);
  const before =
    section === 'settings'
      ? { officePhone: community.officePhone, limits: community.limits }
      : section === 'quickReplies'
        ? quickRepliesOf(community)
        : community[section];
  const entry: PendingAudit = {
    id: configAuditId(now, me.id, section, parsed.value),
    at: now,
    by: actorOf(me),
    action: `修改配置：${section}`,
    target: 'config/community',
    before,
    after: parsed.value,
  };
  const record: StoredCommunityConfig = { ...next, pendingAudit: entry };
  await deps.community.save(record);
  await completeAudit(deps, entry);
  return configView(next);
}

/** Change a person's details; audited. */
export async function updatePersonDetails(
  deps: Deps,
  person: Person | null,
  req: { personId: string; name: string; phone: string; groupId: string | null; compounds: string[]; leave: Array<{ from: string; to: string }> },
): Promise<PersonAdminView> {
  const { me, community, now } = await asAdmin(deps, person);
  const target = await deps.people.ofId(req.personId);
  if (!target) throw new InvalidInputError('没有找到这个人');
  const next: Person = { ...target, name: req.name.trim(), phone: req.phone.trim(), groupId: req.groupId, compounds: req.compounds, leave: req.leave };
  const problems = validatePersonEdit(next, community);
  if (problems.length > 0) throw new ConfigProblemsError(problems);
  await deps.people.save(next);
  await deps.audit.add({ at: now, by: actorOf(me), action: '修改人员信息', target: `users/${target.id}`, before: personView(target), after: personView(next) });
  return personView(next);
}

/** Create a single-use invite code for a role (a member's needs a group), valid for `days`. */
export async function createInvite(deps: Deps, person: Person | null, role: StaffRole, groupId: string | null, days: number): Promise<InviteView> {
  const { me, community, now } = await asAdmin(deps, person);
  if (role === 'member' && !community.groups.some((g) => g.id === groupId)) throw new InvalidInputError('请为工作室成员选一个值班组');
  if (!Number.isInteger(days) || days < 1 || days > 30) throw new InvalidInputError('邀请码有效期要在1到30天之间');
  // NOTE: the code is the invite's id: `add` refuses one that exists (live or not), so a collision takes another code.
  for (let attempt = 0; attempt < 8; attempt++) {
    const inv: Invite = {
      code: deps.ids.inviteCode(),
      role,
      groupId: role === 'member' ? groupId : null,
      expiresAt: new Date(now.getTime() + days * DAY),
      createdBy: actorOf(me),
      usedBy: null,
      usedAt: null,
      voided: false,
    };
    if (await deps.invites.add(inv)) {
      await deps.audit.add({
        at: now,
        by: actorOf(me),
        action: '生成邀请码',
        target: `invites/${inv.code}`,
        before: null,
        after: { role, groupId: inv.groupId, days },
      });
      return inviteView(inv, now);
    }
  }
  throw new InvalidInputError('生成邀请码失败，请再试一次');
}

/** Void an unused invite code. */
export async function voidInvite(deps: Deps, person: Person | null, code: string): Promise<InviteView> {
  const { me, now } = await asAdmin(deps, person);
  code = normalizeInviteCode(code);
  const inv = isInviteCode(code) ? await deps.invites.ofCode(code) : null;
  if (!inv) throw new InviteError('INVITE_NOT_FOUND', '没有这个邀请码');
  if (!(await deps.invites.void(code))) throw new InviteError('INVITE_USED', '这个邀请码已经被用过了，不能作废');
  await deps.audit.add({ at: now, by: actorOf(me), action: '作废邀请码', target: `invites/${code}`, before: null, after: null });
  return inviteView({ ...inv, voided: true }, now);
}

/** Anyone takes the role an invite code grants. Single use: of two people entering one code, one gets it. */
export async function redeemInvite(deps: Deps, person: Person | null, code: string, name: string, phone: string): Promise<MeView> {
  if (!person) throw new NotSignedInError();
  const now = deps.clock.now();
  const typed = normalizeInviteCode(code);
  const inv = isInviteCode(typed) ? await deps.invites.ofCode(typed) : null;
  if (!inv) throw new InviteError('INVITE_NOT_FOUND', '没有这个邀请码，请核对后再输入');
  const state = inviteState(inv, now);
  if (state === 'used') throw new InviteError('INVITE_USED', '这个邀请码已经用过了，每个邀请码只能用一次');
  if (state === 'expired' || state === 'voided') throw new InviteError('INVITE_EXPIRED', '这个邀请码已经失效，请向管理员要一个新的');
  if (person.role === 'admin' && inv.role !== 'admin')
    throw new InviteError('INVITE_WRONG_ROLE', '您已经是管理员，用这个邀请码会失去管理员身份，请先找另一位管理员处理');
  if (person.role === inv.role && person.groupId === inv.groupId) throw new InviteError('INVITE_WRONG_ROLE', '您已经是这个身份了，不需要再用邀请码');
  const community = await loadCommunity(deps);
  const next: Person = { ...person, role: inv.role, groupId: inv.groupId, name: name.trim() || person.name, phone: phone.trim() || person.phone };
  const problems = validatePersonEdit(next, community);
  if (problems.length > 0) throw new ConfigProblemsError(problems);
  if (!(await deps.invites.redeem(inv.code, actorOf(next), now))) throw new InviteError('INVITE_USED', '这个邀请码刚刚被别人用了，请向管理员要一个新的');
  await deps.people.save(next);
  await deps.audit.add({ at: now, by: actorOf(next), action: '使用邀请码', target: `users/${next.id}`, before: personView(person), after: personView(next) });
  return whoAmI(deps, next);
}

/** Take a person's role away; a member's open cases go back to the pool. Audited. */
export async function revokeRole(
  deps: Deps,
  person: Person | null,
  personId: string,
  reason: string,
): Promise<{ person: PersonAdminView; casesReturned: number }> {
  const { me, community, now } = await asAdmin(deps, person);
  if (!reason.trim()) throw new InvalidInputError('请写一句取消身份的原因');
  if (personId === me.id) throw new InvalidInputError('不能取消自己的管理员身份，请另一位管理员操作');
  const target = await deps.people.ofId(personId);
  if (!target || target.role === 'resident') throw new InvalidInputError('这个人没有可以取消的身份');
  let returned = 0;
  for (const c of await deps.cases.ofHolder(target.id, 100)) {
    if (c.status !== 'claimed' || c.routing.target !== 'studio') continue;
    const category = community.categories.find((k) => k.id === c.categoryId);
    const expectedBy = addDutyTime(community.rota, now, category?.sla.claimMinutes ?? 60);
    const released = release(c, { id: target.id, name: target.name }, `${target.name}已不再是工作室成员：${reason.trim()}`, now, expectedBy);
    const back = withEffects(watched(released, community), slotEffects(c, released), now);
    if (await deps.cases.replaceIfVersion(back)) {
      returned++;
      await completeEffects(deps, back, community, now);
    }
  }
  const next: Person = { ...newResident(target.id), name: target.name, phone: target.phone, lastPlace: target.lastPlace };
  await deps.people.save(next);
  await deps.audit.add({
    at: now,
    by: actorOf(me),
    action: '取消身份',
    target: `users/${target.id}`,
    before: personView(target),
    after: { ...personView(next), reason: reason.trim(), casesReturned: returned },
  });
  return { person: personView(next), casesReturned: returned };
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Who is on duty each day for the next `days` days (the rota's calendar preview). */
export async function rotaPreview(deps: Deps, person: Person | null, days: number): Promise<{ days: RotaDayView[]; config: CommunityConfigView }> {
  const { community, now } = await asAdmin(deps, person);
  const members = await deps.people.members();
  const startDay = Math.floor((now.getTime() + 8 * 3600_000) / DAY);
  const out: RotaDayView[] = [];
  for (let i = 0; i < Math.min(Math.max(days, 1), 62); i++) {
    const date = new Date((startDay + i) * DAY).toISOString().slice(0, 10);
    const groupId = groupForDate(community.rota, date);
    const swap = community.rota.swaps.find((s) => s.date === date);
    out.push({
      date,
      weekday: WEEKDAYS[new Date((startDay + i) * DAY).getUTCDay()],
      groupId,
      groupName: community.groups.find((g) => g.id === groupId)?.name ?? null,
      hours: groupId ? hoursText(community.rota) : null,
      members: groupId ? members.filter((m) => m.groupId === groupId && !onLeave(m, date)).map((m) => ({ id: m.id, name: m.name })) : [],
      note: swap ? '调班' : groupId ? null : '休息',
    });
  }
  return { days: out, config: configView(community) };
}

/** The audit log, newest first. */
export async function auditLog(deps: Deps, person: Person | null, page: number): Promise<{ items: AuditView[]; hasMore: boolean }> {
  const { stored, community } = await asAdmin(deps, person);
  await completeLeftoverAudit(deps, stored);
  const { items, hasMore } = await deps.audit.page(page, 30);
  // Names come from the entries (people carry their names) and the configuration: no further reads.
  return {
    items: items.map((e) => ({
      at: e.at.toISOString(),
      by: e.by,
      action: e.action,
      target: e.target,
      before: e.before,
      after: e.after,
      ...auditWords(e, community),
    })),
    hasMore,
  };
}
