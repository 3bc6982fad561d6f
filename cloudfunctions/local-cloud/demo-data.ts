/**
 * Demo data the local cloud seeds on first start: the 金钥匙 studio's 16 members in 4 duty groups, community office
 * staff, an admin, compounds named in the article, default categories and a few residents. Member names other
 * than 程璇 and 钮金海 (both in the article) are invented.
 */
import { COLLECTIONS, COMMUNITY_CONFIG_ID } from '../adapters/wx/collections';
import type { CommunityConfig, Person } from '../core/community';
import { DEFAULT_CATEGORIES, DEFAULT_OPEN_CASES_PER_MEMBER } from '../core/community';
import { DEFAULT_ROTA } from '../core/rota';
import type { TemplateDef } from './platform';
import type { LocalDatabase } from './sdk/database';
import type { SavedPlace } from '../../types/domain';

/** The local mini-program account's subscription templates. */
export const LOCAL_TEMPLATES: TemplateDef[] = [
  { id: 'LOCAL_TMPL_CASE_RESOLVED', title: '事项办结通知', keys: ['character_string1', 'thing2', 'phrase3', 'thing4', 'time5'] },
  { id: 'LOCAL_TMPL_CASE_PROGRESS', title: '事项进度通知', keys: ['character_string1', 'thing2', 'phrase3', 'thing4', 'time5'] },
  { id: 'LOCAL_TMPL_DUTY_ALERT', title: '新事项提醒', keys: ['thing1', 'thing2', 'phrase3', 'time4'] },
  { id: 'LOCAL_TMPL_FOLLOW_UP', title: '回访通知', keys: ['character_string1', 'thing2', 'thing3', 'time4'] },
];

export const DEMO_COMMUNITY: CommunityConfig = {
  name: '南河头社区',
  groups: [
    { id: 'g1', name: '第一组' },
    { id: 'g2', name: '第二组' },
    { id: 'g3', name: '第三组' },
    { id: 'g4', name: '第四组' },
  ],
  rota: DEFAULT_ROTA,
  categories: DEFAULT_CATEGORIES,
  compounds: [
    { id: 'nanhetou', name: '南河头小区' },
    { id: 'hongqiao', name: '虹桥佳苑' },
    { id: 'hubin', name: '湖滨花园' },
    { id: 'jianguomen', name: '建国门小区' },
  ],
  templates: { caseResolved: LOCAL_TEMPLATES[0].id, caseProgress: LOCAL_TEMPLATES[1].id, dutyAlert: LOCAL_TEMPLATES[2].id, followUp: LOCAL_TEMPLATES[3].id },
  officePhone: '0573-85010001',
  limits: { openCasesPerMember: DEFAULT_OPEN_CASES_PER_MEMBER },
};

const MEMBERS: Array<[string, string, string[], Person['leave']?]> = [
  // [group, name, compounds stewarded, leave]
  ['g1', '程璇', ['nanhetou']],
  ['g1', '钮金海', ['nanhetou', 'jianguomen']],
  ['g1', '李阿根', ['hongqiao']],
  ['g1', '张凤英', ['hubin']],
  ['g2', '王思瑛', ['hongqiao']],
  ['g2', '陆建国', ['hubin']],
  ['g2', '沈美华', ['nanhetou']],
  ['g2', '朱永康', ['jianguomen'], [{ from: '2026-11-27', to: '2026-11-27' }]],
  ['g3', '顾秀兰', ['hongqiao']],
  ['g3', '徐志明', ['nanhetou']],
  ['g3', '孙桂芳', ['hubin']],
  ['g3', '周国平', ['jianguomen']],
  ['g4', '吴德林', ['hubin']],
  ['g4', '金月娥', ['hongqiao']],
  ['g4', '姚宝根', ['nanhetou']],
  ['g4', '蒋丽萍', ['jianguomen']],
];

function person(p: Partial<Person> & Pick<Person, 'id' | 'role' | 'name'>): Person {
  return { phone: '', groupId: null, compounds: [], lastPlace: null, ...p, leave: p.leave ?? [] };
}

export const DEMO_PEOPLE: Person[] = [
  ...MEMBERS.map(([groupId, name, compounds, leave], i) =>
    person({
      leave,
      id: `demo-member-${String(i + 1).padStart(2, '0')}`,
      role: 'member',
      name,
      groupId,
      compounds,
      phone: `1390573${String(1000 + i).slice(-4)}`,
    }),
  ),
  person({ id: 'demo-office-wu', role: 'office', name: '吴霞', phone: '057385010001' }),
  person({ id: 'demo-office-chen', role: 'office', name: '陈晓燕', phone: '057385010002' }),
  person({ id: 'demo-admin', role: 'admin', name: '社区信息员', phone: '057385010003' }),
  person({
    id: 'demo-resident-zhang',
    role: 'resident',
    name: '张阿姨',
    phone: '13812345678',
    lastPlace: { compoundId: 'hongqiao', building: '2幢', unit: '1单元302' },
  }),
  person({
    id: 'demo-resident-li',
    role: 'resident',
    name: '李大伯',
    phone: '13912345678',
    lastPlace: { compoundId: 'hubin', building: '5幢', unit: '3单元101' },
  }),
  person({ id: 'demo-resident-chen', role: 'resident', name: '陈奶奶', phone: '13712345678', lastPlace: null }),
];

/**
 * 家人的地址 for `npm start`: 陈奶奶 reports for her sister across the community (her own report page shows
 * 「为谁反映」). Kept apart from `Person` (the list is not part of a person's admin view).
 */
export const DEMO_SAVED_PLACES: Record<string, SavedPlace[]> = {
  'demo-resident-chen': [
    { id: 'demo-place-chen-1', label: '我妹妹家', place: { compoundId: 'hubin', building: '3幢', unit: '2单元202' }, name: '陈阿婆', phone: '13700001111' },
  ],
};

/** Create the collections and, if this store is new, write the demo community. Returns true when it seeded. */
export async function seedDemo(db: LocalDatabase): Promise<boolean> {
  for (const name of Object.values(COLLECTIONS)) {
    try {
      await db.createCollection(name);
    } catch {
      // exists already: keep what is there
    }
  }
  const existing = await db.collection(COLLECTIONS.config).where({ _id: COMMUNITY_CONFIG_ID }).count();
  if (existing.total > 0) return false;
  await db
    .collection(COLLECTIONS.config)
    .doc(COMMUNITY_CONFIG_ID)
    .set({ data: { ...DEMO_COMMUNITY } });
  for (const p of DEMO_PEOPLE) {
    const { id, ...rest } = p;
    await db
      .collection(COLLECTIONS.users)
      .doc(id)
      .set({ data: { ...rest, ...(DEMO_SAVED_PLACES[id] ? { savedPlaces: DEMO_SAVED_PLACES[id] } : {}) } });
  }
  return true;
}

/** How a demo identity is described in the role switcher. */
export function describe(p: Person): { openid: string; name: string; role: string; note: string } {
  const roleText = { resident: '居民', member: '值班成员', office: '社区工作人员', admin: '管理员' }[p.role];
  const group = DEMO_COMMUNITY.groups.find((g) => g.id === p.groupId)?.name;
  const compound = DEMO_COMMUNITY.compounds.find((c) => c.id === p.lastPlace?.compoundId)?.name;
  return { openid: p.id, name: p.name, role: p.role, note: [roleText, group, compound].filter(Boolean).join(' · ') };
}
