/**
 * The audit log in human words: who changed what (「社区信息员 把 陈奶奶 设为 工作室成员（第二组）」) and, for the
 * common changes, what it was before and after, one line each (「轮换单位：天 → 周」). Pure: names come from the
 * entry itself (the people it names carry their names) and from the configuration (groups, compounds, categories);
 * no id is ever shown.
 */
import { groupedInviteCode } from '../../types/invite-code';
import type { Category, CommunityConfig } from './community';
import type { AuditEntry } from './ports';
import { QUICK_REPLY_STEPS, QUICK_REPLY_STEP_WORDS } from '../../types/quick-replies';

/** What the audit page shows of one entry. */
export interface AuditWords {
  /** One sentence: who did what to whom. */
  summary: string;
  /** What changed, one readable line each (「小组：第一组 → 第二组」); empty when nothing more to say. */
  changes: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const ROLE_WORDS: Record<string, string> = { resident: '居民', member: '工作室成员', office: '社区工作人员', admin: '管理员' };
const roleWords = (role: unknown) => ROLE_WORDS[str(role)] ?? '居民';
const WEEKDAY_WORDS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
/** Monday first, as the weeks are shown. */
const mondayFirst = (d: number) => (d + 6) % 7;

/** 「2026年12月1日」 from "2026-12-01"; the text itself otherwise. */
export function dateWords(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : date;
}

const listWords = (items: string[]) => (items.length > 0 ? items.join('、') : '无');
const line = (what: string, before: string, after: string) => `${what}：${before} → ${after}`;

/** Names of the configuration's groups, compounds and categories by id (an unknown id: 「已删除的…」). */
function namer(config: CommunityConfig) {
  const of = (items: Array<{ id: string; name: string }>, gone: string) => (id: unknown) =>
    items.find((x) => x.id === id)?.name ?? (typeof id === 'string' && id ? gone : '无');
  return { group: of(config.groups, '已删除的小组'), compound: of(config.compounds, '已删除的小区') };
}

/** A person as written in the entry (before/after carry the name); 「一位居民」 when they had none. */
function personName(entry: AuditEntry): string {
  const after = isObj(entry.after) ? str(entry.after.name) : '';
  const before = isObj(entry.before) ? str(entry.before.name) : '';
  return after || before || '一位居民';
}

function leaveWords(v: unknown): string {
  const periods = arr(v)
    .filter(isObj)
    .map((l) => (str(l.from) === str(l.to) ? dateWords(str(l.from)) : `${dateWords(str(l.from))}到${dateWords(str(l.to))}`));
  return listWords(periods);
}

/** Lines for a person's details that changed (name, phone, role, group, compounds, leave). */
function personLines(before: unknown, after: unknown, config: CommunityConfig): string[] {
  if (!isObj(before) || !isObj(after)) return [];
  const n = namer(config);
  const out: string[] = [];
  if (before.role !== after.role) out.push(line('身份', roleWords(before.role), roleWords(after.role)));
  if (before.groupId !== after.groupId) out.push(line('小组', n.group(before.groupId), n.group(after.groupId)));
  if (before.name !== after.name) out.push(line('姓名', str(before.name) || '（没写）', str(after.name) || '（没写）'));
  if (before.phone !== after.phone) out.push(line('电话', str(before.phone) || '（没写）', str(after.phone) || '（没写）'));
  if (!same(before.compounds, after.compounds))
    out.push(line('负责的小区', listWords(arr(before.compounds).map(n.compound)), listWords(arr(after.compounds).map(n.compound))));
  if (!same(before.leave, after.leave)) out.push(line('请假', leaveWords(before.leave), leaveWords(after.leave)));
  return out;
}

/** The role (and group) in words: 「工作室成员（第二组）」. */
function grantWords(v: unknown, config: CommunityConfig): string {
  if (!isObj(v)) return '居民';
  const group = v.groupId ? namer(config).group(v.groupId) : '';
  return group ? `${roleWords(v.role)}（${group}）` : roleWords(v.role);
}

const UNIT_WORDS: Record<string, string> = { day: '天', week: '周' };

function rotaLines(before: unknown, after: unknown, config: CommunityConfig): string[] {
  if (!isObj(before) || !isObj(after)) return [];
  const n = namer(config);
  const out: string[] = [];
  if (before.unit !== after.unit) out.push(line('轮换单位', UNIT_WORDS[str(before.unit)] ?? '无', UNIT_WORDS[str(after.unit)] ?? '无'));
  if (before.start !== after.start) out.push(line('开始日期', dateWords(str(before.start)), dateWords(str(after.start))));
  if (!same(before.order, after.order)) out.push(line('轮班顺序', listWords(arr(before.order).map(n.group)), listWords(arr(after.order).map(n.group))));
  const hours = (v: unknown) => (isObj(v) ? `${str(v.start)}–${str(v.end)}` : '无');
  if (!same(before.hours, after.hours)) out.push(line('值班时间', hours(before.hours), hours(after.hours)));
  const weekdays = (v: unknown) =>
    listWords(
      arr(v)
        .filter((d): d is number => typeof d === 'number' && d >= 0 && d <= 6)
        .sort((a, b) => mondayFirst(a) - mondayFirst(b))
        .map((d) => WEEKDAY_WORDS[d]),
    );
  if (!same(before.closedWeekdays, after.closedWeekdays)) out.push(line('每周休息', weekdays(before.closedWeekdays), weekdays(after.closedWeekdays)));
  const dates = (v: unknown) => listWords(arr(v).map((d) => dateWords(str(d))));
  if (!same(before.closedDates, after.closedDates)) out.push(line('节假日', dates(before.closedDates), dates(after.closedDates)));
  const swaps = (v: unknown) =>
    listWords(
      arr(v)
        .filter(isObj)
        .map((s) => `${dateWords(str(s.date))}由${n.group(s.groupId)}值班`),
    );
  if (!same(before.swaps, after.swaps)) out.push(line('调班', swaps(before.swaps), swaps(after.swaps)));
  return out;
}

/** Lines for a list of named things (groups, compounds): added, removed, renamed. */
function namedListLines(what: string, before: unknown, after: unknown): string[] {
  const b = arr(before).filter(isObj);
  const a = arr(after).filter(isObj);
  const out: string[] = [];
  for (const x of a) {
    const old = b.find((y) => y.id === x.id);
    if (!old) out.push(`添加了${what}「${str(x.name)}」`);
    else if (old.name !== x.name) out.push(`${what}改名：${str(old.name)} → ${str(x.name)}`);
  }
  for (const y of b) if (!a.some((x) => x.id === y.id)) out.push(`删除了${what}「${str(y.name)}」`);
  if (
    out.length === 0 &&
    !same(
      b.map((x) => x.id),
      a.map((x) => x.id),
    )
  )
    out.push(`调整了${what}的先后`);
  return out;
}

const yesNo = (v: unknown) => (v ? '是' : '否');
const HANDLER_WORDS: Record<string, string> = { studio: '工作室', office: '社区' };
const minutes = (v: unknown) => (typeof v === 'number' ? (v % 60 === 0 && v >= 60 ? `${v / 60}小时` : `${v}分钟`) : '无');

function categoryLines(before: unknown, after: unknown): string[] {
  const b = arr(before).filter(isObj) as unknown as Category[];
  const a = arr(after).filter(isObj) as unknown as Category[];
  const out: string[] = [];
  for (const x of a) {
    const old = b.find((y) => y.id === x.id);
    if (!old) {
      out.push(`添加了类别「${x.name}」`);
      continue;
    }
    const name = `类别「${x.name}」`;
    if (old.name !== x.name) out.push(line('类别改名', old.name, x.name));
    if (old.handler !== x.handler) out.push(line(`${name}由谁处理`, HANDLER_WORDS[old.handler] ?? '无', HANDLER_WORDS[x.handler] ?? '无'));
    if (old.emergency !== x.emergency) out.push(line(`${name}是否紧急`, yesNo(old.emergency), yesNo(x.emergency)));
    if (old.private !== x.private) out.push(line(`${name}是否隐私`, yesNo(old.private), yesNo(x.private)));
    if (!same(old.sla?.claimMinutes, x.sla?.claimMinutes)) out.push(line(`${name}认领时限`, minutes(old.sla?.claimMinutes), minutes(x.sla?.claimMinutes)));
    if (!same(old.sla?.resolveMinutes, x.sla?.resolveMinutes))
      out.push(line(`${name}办结时限`, minutes(old.sla?.resolveMinutes), minutes(x.sla?.resolveMinutes)));
    if (old.icon !== x.icon) out.push(line(`${name}图标`, old.icon || '无', x.icon || '无'));
    if (!same(old.examples, x.examples)) out.push(line(`${name}例子`, listWords(arr(old.examples).map(str)), listWords(arr(x.examples).map(str))));
    if ((old.officeReason ?? '') !== (x.officeReason ?? '')) out.push(line(`${name}由社区办理的原因`, old.officeReason || '无', x.officeReason || '无'));
  }
  for (const y of b) if (!a.some((x) => x.id === y.id)) out.push(`删除了类别「${y.name}」`);
  if (
    out.length === 0 &&
    !same(
      b.map((x) => x.id),
      a.map((x) => x.id),
    )
  )
    out.push('调整了类别的先后');
  return out;
}

const TEMPLATE_WORDS: Record<string, string> = { caseResolved: '办结通知模板', caseProgress: '进度通知模板', dutyAlert: '新事项提醒模板' };

function templateLines(before: unknown, after: unknown): string[] {
  if (!isObj(before) || !isObj(after)) return [];
  const set = (v: unknown) => (str(v) ? '已设置' : '未设置');
  return Object.keys(TEMPLATE_WORDS)
    .filter((k) => before[k] !== after[k])
    .map((k) => (str(before[k]) && str(after[k]) ? `${TEMPLATE_WORDS[k]}换了一个` : line(TEMPLATE_WORDS[k], set(before[k]), set(after[k]))));
}

function settingsLines(before: unknown, after: unknown): string[] {
  if (!isObj(before) || !isObj(after)) return [];
  const out: string[] = [];
  if ((before.name ?? '') !== (after.name ?? '')) out.push(line('社区名称', str(before.name) || '（没写）', str(after.name) || '（没写）'));
  if (before.officePhone !== after.officePhone) out.push(line('社区办公室电话', str(before.officePhone) || '（没写）', str(after.officePhone) || '（没写）'));
  const cap = (v: unknown) => (isObj(v) && typeof v.openCasesPerMember === 'number' ? `${v.openCasesPerMember}件` : '无');
  if (!same(before.limits, after.limits)) out.push(line('每位成员最多同时处理', cap(before.limits), cap(after.limits)));
  return out;
}

/** 常用语: one line per step whose phrases changed, each phrase added or taken away named (「写进展的常用语：加了「已上门查看」」). */
function quickReplyLines(before: unknown, after: unknown): string[] {
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const out: string[] = [];
  for (const step of QUICK_REPLY_STEPS) {
    // A step left out of the saved value keeps its list (the default): only a step present on both sides is compared.
    if (!(step in a) || same(b[step], a[step])) continue;
    const old = arr(b[step]).map(str);
    const now = arr(a[step]).map(str);
    const added = now.filter((x) => !old.includes(x));
    const removed = old.filter((x) => !now.includes(x));
    const parts = [
      ...(added.length > 0 ? [`加了${added.map((x) => `「${x}」`).join('')}`] : []),
      ...(removed.length > 0 ? [`去掉了${removed.map((x) => `「${x}」`).join('')}`] : []),
    ];
    out.push(`${QUICK_REPLY_STEP_WORDS[step]}的常用语：${parts.length > 0 ? parts.join('，') : '调整了先后'}`);
  }
  return out;
}

/** Sections of the configuration in the words of the admin pages. */
const SECTION_WORDS: Record<string, string> = {
  groups: '值班小组',
  rota: '值班表',
  categories: '类别',
  compounds: '小区',
  templates: '通知模板',
  settings: '其他设置',
  quickReplies: '常用语',
};

/** One audit entry in words; `config` is the configuration now (for names of groups and compounds). */
export function auditWords(entry: AuditEntry, config: CommunityConfig): AuditWords {
  const by = entry.by.name || '一位管理员';
  const code = entry.target.startsWith('invites/') ? groupedInviteCode(entry.target.slice('invites/'.length)) : '';
  const section = /^修改配置：(\w+)$/.exec(entry.action)?.[1];
  if (section !== undefined) {
    const what = SECTION_WORDS[section] ?? '设置';
    const { before, after } = entry;
    const changes =
      section === 'rota'
        ? rotaLines(before, after, config)
        : section === 'groups'
          ? namedListLines('小组', before, after)
          : section === 'compounds'
            ? namedListLines('小区', before, after)
            : section === 'categories'
              ? categoryLines(before, after)
              : section === 'templates'
                ? templateLines(before, after)
                : section === 'settings'
                  ? settingsLines(before, after)
                  : section === 'quickReplies'
                    ? quickReplyLines(before, after)
                    : [];
    return { summary: `${by} 修改了 ${what}`, changes: changes.length > 0 ? changes : ['保存了，内容没有变化'] };
  }
  switch (entry.action) {
    case '修改人员信息': {
      const changes = personLines(entry.before, entry.after, config);
      const regrouped = isObj(entry.before) && isObj(entry.after) && entry.before.groupId !== entry.after.groupId;
      const summary = regrouped ? `${by} 把 ${personName(entry)} 设为 ${grantWords(entry.after, config)}` : `${by} 修改了 ${personName(entry)} 的资料`;
      return { summary, changes };
    }
    case '使用邀请码':
      return {
        summary: `${personName(entry)} 用邀请码成为 ${grantWords(entry.after, config)}`,
        changes: personLines(entry.before, entry.after, config),
      };
    case '取消身份': {
      const after = isObj(entry.after) ? entry.after : {};
      const changes = personLines(entry.before, entry.after, config);
      if (str(after.reason)) changes.push(`原因：${str(after.reason)}`);
      if (typeof after.casesReturned === 'number' && after.casesReturned > 0) changes.push(`退回待认领的事：${after.casesReturned}件`);
      return { summary: `${by} 取消了 ${personName(entry)} 的${grantWords(entry.before, config)}身份`, changes };
    }
    case '生成邀请码': {
      const after = isObj(entry.after) ? entry.after : {};
      const days = typeof after.days === 'number' ? `，${after.days}天内有效` : '';
      return { summary: `${by} 生成了邀请码 ${code}`, changes: [`给：${grantWords(after, config)}${days}`] };
    }
    case '作废邀请码':
      return { summary: `${by} 作废了邀请码 ${code}`, changes: [] };
    case '生成地点二维码': {
      const compoundId = entry.target.startsWith('compound/') ? entry.target.slice('compound/'.length) : '';
      const compound = config.compounds.find((c) => c.id === compoundId)?.name ?? '';
      const made = arr(entry.after).filter(isObj);
      return {
        summary: `${by} 生成了${compound}的楼道二维码 ${made.length} 个`,
        changes: made.map((m) => `${[str(m.building), str(m.unit)].filter(Boolean).join(' ')}：地点码 ${str(m.code)}`),
      };
    }
    case '停用地点二维码': {
      const before = isObj(entry.before) ? entry.before : {};
      return { summary: `${by} 停用了地点码 ${str(before.code)}`, changes: [`地点：${str(before.place)}`, '扫这个码不再自动填地点'] };
    }
    default:
      return { summary: `${by}：${entry.action}`, changes: [] };
  }
}
