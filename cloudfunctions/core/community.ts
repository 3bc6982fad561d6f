/** The community's configuration as the core sees it: who is who, the rota, categories, compounds. */
import type { PersonAdminView, Place } from '../../types/domain';
import type { Category, CommunityConfig, FollowUpSettings } from '../../types/config';
import { validateRota } from './rota';

/** A person as the core sees them: what the admin pages show, and where they reported from last time. */
export interface Person extends PersonAdminView {
  /** Where the resident reported from last time, to prefill the form. */
  lastPlace: Place | null;
}

export type { Leave } from '../../types/config';

/** True when `person` is on leave on local date `date`. */
export function onLeave(person: Pick<Person, 'leave'>, date: string): boolean {
  return person.leave.some((l) => l.from <= date && date <= l.to);
}

export type { Category, CommunityConfig, Compound, FollowUpSettings, Group, Templates } from '../../types/config';

/** The default cap on a member's open cases. */
export const DEFAULT_OPEN_CASES_PER_MEMBER = 5;

/** 回访's default timing: ask one day after 办结, call after three more days without an answer. */
/** The community's name as printed (「南河头社区」), or 「本社区」 when none was given. */
export function communityName(config: Pick<CommunityConfig, 'name'>): string {
  return config.name?.trim() || '本社区';
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = { askAfterMinutes: 1440, callAfterDays: 3 };

/** The 回访 timing in force (a configuration stored before it existed takes the defaults). */
export function followUpSettings(config: Pick<CommunityConfig, 'followUp'>): FollowUpSettings {
  return { ...DEFAULT_FOLLOW_UP, ...(config.followUp ?? {}) };
}

/** A stranger's first visit: a resident with no name yet. */
export function newResident(id: string): Person {
  return { id, role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: null, leave: [] };
}

/** The categories a new community starts with (from the studio's own description of its work). */
export const DEFAULT_CATEGORIES: Category[] = [
  {
    id: 'repair',
    name: '水电维修',
    icon: 'repair',
    examples: ['水管爆裂一直漏水', '楼道灯不亮'],
    handler: 'studio',
    emergency: false,
    sla: { claimMinutes: 30, resolveMinutes: 240 },
    private: false,
  },
  {
    id: 'policy',
    name: '政策咨询',
    icon: 'policy',
    examples: ['办户口要带什么材料', '征收政策怎么算'],
    handler: 'studio',
    emergency: false,
    sla: { claimMinutes: 60, resolveMinutes: 480 },
    private: false,
  },
  {
    id: 'dispute',
    name: '邻里纠纷',
    icon: 'dispute',
    examples: ['楼上漏水到我家', '楼道堆物吵架'],
    handler: 'studio',
    emergency: false,
    sla: { claimMinutes: 60, resolveMinutes: 1440 },
    private: true,
  },
  {
    id: 'sanitation',
    name: '环境卫生',
    icon: 'clean',
    examples: ['垃圾没人清运', '垃圾分类不懂'],
    handler: 'studio',
    emergency: false,
    sla: { claimMinutes: 60, resolveMinutes: 480 },
    private: false,
  },
  {
    id: 'elderly',
    name: '关爱老人',
    icon: 'elder',
    examples: ['独居老人需要探望', '老人行动不便要帮忙'],
    handler: 'studio',
    emergency: false,
    sla: { claimMinutes: 30, resolveMinutes: 480 },
    private: false,
  },
  {
    id: 'certificate',
    name: '开具证明',
    icon: 'certificate',
    examples: ['居住证明', '困难证明'],
    handler: 'office',
    emergency: false,
    officeReason: '证明需社区出具',
    sla: { claimMinutes: 120, resolveMinutes: 1440 },
    private: true,
  },
  {
    id: 'hazard',
    name: '安全隐患',
    icon: 'hazard',
    examples: ['闻到煤气味', '电线冒火花'],
    handler: 'office',
    emergency: true,
    sla: { claimMinutes: 10, resolveMinutes: 120 },
    private: false,
  },
  {
    id: 'unsure',
    name: '不确定',
    icon: 'other',
    examples: ['说不清属于哪类，先告诉我们'],
    handler: 'studio',
    emergency: false,
    sla: { claimMinutes: 60, resolveMinutes: 480 },
    private: false,
  },
];

/** Every problem with a category list, in Chinese; empty when usable. */
export function validateCategories(categories: Category[]): string[] {
  const problems: string[] = [];
  if (categories.length === 0) problems.push('至少要有一个事项类别');
  const ids = new Set<string>();
  for (const c of categories) {
    const label = c.name || c.id || '（无名）';
    if (!c.id) problems.push(`类别「${label}」没有编号`);
    if (ids.has(c.id)) problems.push(`类别编号「${c.id}」重复了`);
    ids.add(c.id);
    if (!c.name) problems.push(`类别「${c.id}」没有名称`);
    if (c.handler !== 'studio' && c.handler !== 'office') problems.push(`类别「${label}」的处理方只能是工作室或社区`);
    for (const [key, word] of [
      ['claimMinutes', '认领时限'],
      ['resolveMinutes', '办结时限'],
    ] as const) {
      const v = c.sla?.[key];
      if (!Number.isInteger(v) || v <= 0 || v > 60 * 24 * 30) problems.push(`类别「${label}」的${word}要是 1 到 43200 之间的整数分钟`);
    }
  }
  return problems;
}

/** Every problem with the whole configuration, in Chinese; empty when usable. */
export function validateCommunity(config: CommunityConfig): string[] {
  const problems: string[] = [];
  if (config.groups.length === 0) problems.push('至少要有一个值班组');
  const groupIds = config.groups.map((g) => g.id);
  if (new Set(groupIds).size !== groupIds.length) problems.push('值班组编号有重复');
  problems.push(...validateRota(config.rota, groupIds), ...validateCategories(config.categories));
  if (config.compounds.length === 0) problems.push('至少要有一个小区');
  const cap = config.limits?.openCasesPerMember;
  if (!Number.isInteger(cap) || cap < 1 || cap > 50) problems.push('每位成员最多同时处理的件数要是 1 到 50 之间的整数');
  if (!config.officePhone) problems.push('请填写社区办公室电话');
  if (config.followUp) {
    const { askAfterMinutes: ask, callAfterDays: call } = config.followUp;
    if (!Number.isInteger(ask) || ask < 0 || ask > 60 * 24 * 30) problems.push('办结后多久回访要是 0 到 43200 之间的整数分钟');
    if (!Number.isInteger(call) || call < 1 || call > 30) problems.push('回访几天没回答就打电话要是 1 到 30 之间的整数天');
  }
  return problems;
}
