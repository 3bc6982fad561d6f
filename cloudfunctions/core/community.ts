/** The community's configuration as the core sees it: who is who, the rota, categories, compounds. */
import type { Place, Role } from '../../types/domain';
import type { Rota } from './rota';

export interface Person {
  /** The person's WeChat openid (also the id of their user record). */
  id: string;
  role: Role;
  name: string;
  phone: string;
  /** Duty group, for members. */
  groupId: string | null;
  /** Compounds this member stewards (楼道红管家). */
  compounds: string[];
  /** Where the resident reported from last time, to prefill the form. */
  lastPlace: Place | null;
}

export interface Group {
  id: string;
  /** e.g. "第二组". */
  name: string;
}

export interface Category {
  id: string;
  name: string;
  icon: string;
  examples: string[];
  /** Who handles it: the studio's duty pool, or the community office only (e.g. certificates). */
  handler: 'studio' | 'office';
  /** Emergencies go to the office at once and the duty group is alerted. */
  emergency: boolean;
  /** Why the office handles it, said to the resident (office-only categories). */
  officeReason?: string;
}

export interface Compound {
  id: string;
  name: string;
}

/** Subscription-message template ids configured for this deployment. */
export interface Templates {
  /** 「事项办结通知」: sent to the resident when a case is resolved. */
  caseResolved: string;
}

export interface CommunityConfig {
  groups: Group[];
  rota: Rota;
  categories: Category[];
  compounds: Compound[];
  templates: Templates;
}

/** A stranger's first visit: a resident with no name yet. */
export function newResident(id: string): Person {
  return { id, role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: null };
}

/** The categories a new community starts with (from the studio's own description of its work). */
export const DEFAULT_CATEGORIES: Category[] = [
  { id: 'repair', name: '水电维修', icon: '🔧', examples: ['水管爆裂一直漏水', '楼道灯不亮'], handler: 'studio', emergency: false },
  { id: 'policy', name: '政策咨询', icon: '📋', examples: ['办户口要带什么材料', '征收政策怎么算'], handler: 'studio', emergency: false },
  { id: 'dispute', name: '邻里纠纷', icon: '🤝', examples: ['楼上漏水到我家', '楼道堆物吵架'], handler: 'studio', emergency: false },
  { id: 'sanitation', name: '环境卫生', icon: '🧹', examples: ['垃圾没人清运', '垃圾分类不懂'], handler: 'studio', emergency: false },
  { id: 'elderly', name: '关爱老人', icon: '👵', examples: ['独居老人需要探望', '老人行动不便要帮忙'], handler: 'studio', emergency: false },
  {
    id: 'certificate',
    name: '开具证明',
    icon: '📄',
    examples: ['居住证明', '困难证明'],
    handler: 'office',
    emergency: false,
    officeReason: '证明需社区出具',
  },
  { id: 'hazard', name: '安全隐患', icon: '⚠️', examples: ['闻到煤气味', '电线冒火花'], handler: 'office', emergency: true },
  { id: 'unsure', name: '不确定', icon: '❓', examples: ['说不清属于哪类，先告诉我们'], handler: 'studio', emergency: false },
];
