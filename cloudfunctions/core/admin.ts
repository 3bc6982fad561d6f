/**
 * Roles and configuration, as data: invite codes (single use, until they expire), what an admin may change, and the
 * checks that list every problem in Chinese. Pure; persistence and auditing happen in the use cases.
 */
import { z } from 'zod';
import type { Actor } from './Case';
import type { CommunityConfig, Leave, Person } from './community';
import { validateCommunity } from './community';
import type { AuditEntry } from './ports';
import { QUICK_REPLY_MAX_CHARS, QUICK_REPLY_MAX_PER_STEP } from '../../types/quick-replies';

export type StaffRole = 'member' | 'office' | 'admin';

export interface Invite {
  /** The code people type: 6 digits (read aloud in two groups, 「483 920」); older codes are 8 letters/digits. */
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

export { INVITE_CODE, groupedInviteCode, isInviteCode, normalizeInviteCode } from '../../types/invite-code';

/** A new 6-digit code from a source of random integers in [0, 1 000 000). */
export function newInviteCode(randomBelow: (n: number) => number): string {
  return String(randomBelow(1_000_000)).padStart(6, '0');
}

export const INVITE_STATE_WORDS: Record<InviteState, string> = { usable: '可以使用', used: '已使用', expired: '已过期', voided: '已作废' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day written YYYY-MM-DD (2026-02-30 and 2026-13-01 are not). */
const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
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
    if (!isDate(l.from) || !isDate(l.to)) problems.push(`请假日期「${l.from}–${l.to}」格式不对（例如 2026-12-01）`);
    else if (l.from > l.to) problems.push(`请假日期「${l.from}–${l.to}」开始晚于结束`);
  }
  return problems;
}

export type Section = 'groups' | 'rota' | 'categories' | 'compounds' | 'templates' | 'settings' | 'quickReplies';

/** The configuration with one section replaced. */
export function withSection(config: CommunityConfig, section: Section, value: unknown): CommunityConfig {
  switch (section) {
    case 'settings': {
      const v = value as Pick<CommunityConfig, 'name' | 'officePhone' | 'limits' | 'followUp'>;
      return {
        ...config,
        ...(v.name !== undefined ? { name: v.name } : {}),
        officePhone: v.officePhone,
        limits: v.limits,
        ...(v.followUp ? { followUp: v.followUp } : {}),
      };
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

/* ------------------------------------------------------------------------------------------------------------
 * The shape of the configuration. A section an admin saves is checked against a strict schema BEFORE anything is
 * written: a wrong type, a missing or unknown field, or a key the database would read as an operator ("$…") or a
 * path ("a.b") is refused with the field named in Chinese. The meaning (groups exist, hours in order…) is then
 * checked by validateCommunity, which can only run on a configuration of the right shape.
 * ---------------------------------------------------------------------------------------------------------- */

/** Names every plain object inherits (`__proto__`, `constructor`, `toString`, …): never a key of stored data. */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * True for a key that can be stored as a field name: not empty, at most 128 characters, no leading "$" (an
 * operator), no "." (a nested path), no NUL, and not a name every object inherits (`__proto__`, `constructor`…).
 */
export function isSafeKey(key: string): boolean {
  return key.length >= 1 && key.length <= 128 && !key.startsWith('$') && !key.includes('.') && !key.includes('\u0000') && !INHERITED_NAMES.has(key);
}

/** The first unsafe key anywhere inside `value` (objects and arrays, depth-first), or null when every key is safe. */
export function unsafeKeyIn(value: unknown, seen: Set<object> = new Set()): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (seen.has(value)) return null;
  seen.add(value);
  for (const key of Object.keys(value)) {
    if (!Array.isArray(value) && !isSafeKey(key)) return key;
    const inner = unsafeKeyIn((value as Record<string, unknown>)[key], seen);
    if (inner !== null) return inner;
  }
  return null;
}

/** A key shown to a person: at most 20 characters, control characters replaced. */
export function shownKey(key: string): string {
  const clean = Array.from(key, (ch) => (ch < ' ' || ch === '\u007f' ? '?' : ch)).join('');
  return clean.length > 20 ? `${clean.slice(0, 20)}…` : clean;
}

/** Ids of groups, categories and compounds: letters, digits, "_" and "-" (safe as values and as keys). */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A subscription template id as WeChat issues them; empty = that notification is in-app only. */
const TEMPLATE_ID = /^[A-Za-z0-9_-]{0,128}$/;

const configId = z.string().regex(ID, { message: 'ID' });
const text = (max: number) => z.string().max(max);

const groupSchema = z.object({ id: configId, name: text(30).min(1) }).strict();
const compoundSchema = z.object({ id: configId, name: text(30).min(1) }).strict();
const categorySchema = z
  .object({
    id: configId,
    name: text(20),
    icon: text(32),
    examples: z.array(text(200)).max(100),
    handler: z.enum(['studio', 'office']),
    emergency: z.boolean(),
    officeReason: text(200).optional(),
    sla: z.object({ claimMinutes: z.number().finite(), resolveMinutes: z.number().finite() }).strict(),
    private: z.boolean(),
  })
  .strict();
const rotaSchema = z
  .object({
    timezone: text(64),
    unit: z.enum(['day', 'week']),
    start: text(10),
    order: z.array(configId).max(50),
    hours: z.object({ start: text(8), end: text(8) }).strict(),
    closedDates: z.array(text(10)).max(400),
    closedWeekdays: z.array(z.number().finite()).max(7),
    swaps: z.array(z.object({ date: text(10), groupId: configId }).strict()).max(400),
  })
  .strict();
const templatesSchema = z
  .object({
    caseResolved: z.string().regex(TEMPLATE_ID, { message: 'TEMPLATE' }),
    caseProgress: z.string().regex(TEMPLATE_ID, { message: 'TEMPLATE' }),
    dutyAlert: z.string().regex(TEMPLATE_ID, { message: 'TEMPLATE' }),
    followUp: z.string().regex(TEMPLATE_ID, { message: 'TEMPLATE' }).optional(),
  })
  .strict();
const officePhoneSchema = z
  .string()
  .max(30)
  .regex(/^[0-9()+\- ]*$/, { message: 'PHONE' });
const communityNameSchema = z.string().trim().max(30);
const limitsSchema = z.object({ openCasesPerMember: z.number().finite() }).strict();
const followUpSchema = z.object({ askAfterMinutes: z.number().finite(), callAfterDays: z.number().finite() }).strict();
/** One 常用语: 1–20 characters, no space at either end, no line break or control character. */
const phraseSchema = z
  .string()
  .min(1)
  .max(QUICK_REPLY_MAX_CHARS)
  .refine((s) => s.trim() === s && !Array.from(s).some((ch) => ch < ' ' || ch === '\u007f'), { message: 'PHRASE' });
const phrasesSchema = z.array(phraseSchema).max(QUICK_REPLY_MAX_PER_STEP);
/** 常用语 per step; a step left out takes the default list (types/quick-replies.ts). */
const quickRepliesSchema = z
  .object({
    note: phrasesSchema.optional(),
    resolve: phrasesSchema.optional(),
    handOver: phrasesSchema.optional(),
    release: phrasesSchema.optional(),
    escalate: phrasesSchema.optional(),
  })
  .strict();

/** One strict schema per section an admin saves (what the admin pages send). */
export const CONFIG_SECTION_SCHEMAS: Record<Section, z.ZodTypeAny> = {
  groups: z.array(groupSchema).max(50),
  rota: rotaSchema,
  categories: z.array(categorySchema).max(50),
  compounds: z.array(compoundSchema).max(200),
  templates: templatesSchema,
  settings: z
    .object({ name: communityNameSchema.optional(), officePhone: officePhoneSchema, limits: limitsSchema, followUp: followUpSchema.optional() })
    .strict(),
  quickReplies: quickRepliesSchema,
};

/** The whole configuration: every section at once (the stored record, or the result of a change). */
export const communityConfigSchema = z
  .object({
    name: communityNameSchema.optional(),
    groups: CONFIG_SECTION_SCHEMAS.groups,
    rota: rotaSchema,
    categories: CONFIG_SECTION_SCHEMAS.categories,
    compounds: CONFIG_SECTION_SCHEMAS.compounds,
    templates: templatesSchema,
    officePhone: officePhoneSchema,
    limits: limitsSchema,
    followUp: followUpSchema.optional(),
    quickReplies: quickRepliesSchema.optional(),
  })
  .strict();

const SECTION_WORDS: Record<Section, string> = {
  groups: '值班组',
  rota: '值班表',
  categories: '事项类别',
  compounds: '小区',
  templates: '订阅消息模板',
  settings: '设置',
  quickReplies: '常用语',
};

const FIELD_WORDS: Record<string, string> = {
  groups: '值班组',
  rota: '值班表',
  categories: '事项类别',
  compounds: '小区',
  templates: '订阅消息模板',
  officePhone: '社区办公室电话',
  limits: '',
  openCasesPerMember: '每位成员最多同时处理的件数',
  followUp: '',
  askAfterMinutes: '办结后多久回访（分钟）',
  callAfterDays: '几天没回答就打电话回访',
  id: '编号',
  name: '名称',
  icon: '图标',
  examples: '例子',
  handler: '处理方',
  emergency: '是否紧急',
  officeReason: '由社区办理的原因',
  sla: '',
  claimMinutes: '认领时限',
  resolveMinutes: '办结时限',
  private: '是否隐私',
  timezone: '时区',
  unit: '轮换单位',
  start: '开始',
  end: '结束',
  order: '轮值顺序',
  hours: '值班时间',
  closedDates: '休息日',
  closedWeekdays: '每周休息日',
  swaps: '调班',
  date: '日期',
  groupId: '值班组',
  caseResolved: '办结通知模板',
  caseProgress: '进度通知模板',
  dutyAlert: '新事项提醒模板',
  quickReplies: '常用语',
  note: '写进展',
  resolve: '办结',
  handOver: '转给其他成员',
  release: '放回待认领',
  escalate: '上报社区',
};

/** "事项类别第3项的认领时限" from a section and a zod path. */
function fieldName(root: string, path: Array<string | number>, whole: string): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `第${part + 1}项`;
    else {
      const word = Object.prototype.hasOwnProperty.call(FIELD_WORDS, part) ? FIELD_WORDS[part] : `「${shownKey(part)}」`;
      if (word) out += `${out ? '的' : ''}${word}`;
    }
  }
  return out || whole;
}

/** One Chinese sentence per schema problem (at most 10), naming the field. */
function shapeProblems(error: z.ZodError, root: string, whole: string): string[] {
  const out: string[] = [];
  for (const issue of error.issues) {
    const field = fieldName(root, issue.path, whole);
    switch (issue.code) {
      case z.ZodIssueCode.invalid_type:
        out.push(issue.received === 'undefined' ? `缺少${field}` : `${field}的格式不正确`);
        break;
      case z.ZodIssueCode.unrecognized_keys:
        out.push(`${field}里有不认识的项目「${issue.keys.slice(0, 3).map(shownKey).join('、')}」`);
        break;
      case z.ZodIssueCode.invalid_enum_value:
        out.push(`${field}的选择不正确`);
        break;
      case z.ZodIssueCode.too_small:
        out.push(issue.type === 'array' ? `${field}至少要有${issue.minimum}项` : `请填写${field}`);
        break;
      case z.ZodIssueCode.custom:
        out.push(issue.message === 'PHRASE' ? `${field}不能有换行，前后也不能有空格` : `${field}的格式不正确`);
        break;
      case z.ZodIssueCode.too_big:
        out.push(issue.type === 'array' ? `${field}最多${issue.maximum}项` : `${field}最多${issue.maximum}个字`);
        break;
      case z.ZodIssueCode.invalid_string:
        out.push(
          issue.message === 'ID'
            ? `${field}只能用英文字母、数字、下划线或短横线（1到64个）`
            : issue.message === 'TEMPLATE'
              ? `${field}只能用英文字母、数字、下划线或短横线（最多128个）`
              : issue.message === 'PHONE'
                ? `${field}只能写数字（可以带区号和短横线）`
                : `${field}的格式不正确`,
        );
        break;
      default:
        out.push(`${field}的格式不正确`);
    }
    if (out.length >= 10) break;
  }
  return [...new Set(out)];
}

/** A key that must not be stored, as a problem sentence. */
const unsafeKeyProblem = (where: string, key: string) => `${where}里有不允许的项目名称「${shownKey(key)}」（不能以$开头，不能含有“.”）`;

/**
 * A section's value checked against its schema: the value (exactly as sent, nothing coerced) or every shape
 * problem in Chinese.
 */
export function parseSection(section: Section, value: unknown): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  const schema = Object.prototype.hasOwnProperty.call(CONFIG_SECTION_SCHEMAS, section) ? CONFIG_SECTION_SCHEMAS[section] : null;
  if (!schema) return { ok: false, problems: ['没有这一项配置'] };
  const bad = unsafeKeyIn(value);
  if (bad !== null) return { ok: false, problems: [unsafeKeyProblem(SECTION_WORDS[section], bad)] };
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    return { ok: false, problems: shapeProblems(parsed.error, section === 'settings' ? '' : SECTION_WORDS[section], SECTION_WORDS[section]) };
  return { ok: true, value: parsed.data };
}

/** Every shape problem of a whole configuration, in Chinese; empty when it has the right shape. */
export function configShapeProblems(config: unknown): string[] {
  const bad = unsafeKeyIn(config);
  if (bad !== null) return [unsafeKeyProblem('社区配置', bad)];
  const parsed = communityConfigSchema.safeParse(config);
  return parsed.success ? [] : shapeProblems(parsed.error, '', '社区配置');
}

/** The configuration's own fields (what is stored and shown), without anything else the record carries. */
export function configOf(stored: CommunityConfig): CommunityConfig {
  const { name, groups, rota, categories, compounds, templates, officePhone, limits, followUp, quickReplies } = stored;
  return {
    ...(name !== undefined ? { name } : {}),
    groups,
    rota,
    categories,
    compounds,
    templates,
    officePhone,
    limits,
    ...(followUp ? { followUp } : {}),
    ...(quickReplies ? { quickReplies } : {}),
  };
}

/* ------------------------------------------------------------------------------------------------------------
 * The audit entry of a configuration change travels WITH the change: the new configuration is written together
 * with `pendingAudit` (one write of the config record). The entry is then added to the audit log under its own
 * id (adding it twice is harmless: a duplicate id means it is there) and cleared from the record. A change whose
 * entry was not added yet (the function stopped in between) is completed by the next admin read or save.
 * ---------------------------------------------------------------------------------------------------------- */

/** An audit entry with the id it is stored under. */
export interface PendingAudit extends AuditEntry {
  id: string;
}

/** The configuration record as stored: the configuration, and the audit entry of its last change until logged. */
export type StoredCommunityConfig = CommunityConfig & { pendingAudit?: PendingAudit | null };

/** 32-bit FNV-1a of a string, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The audit id of a configuration change: the same change (time, who, section, value) always gets the same id. */
export function configAuditId(at: Date, byId: string, section: Section, value: unknown): string {
  return `config-${at.getTime().toString(36)}-${fnv1a(`${byId}\u0000${section}\u0000${JSON.stringify(value)}`)}`;
}
