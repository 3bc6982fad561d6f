/**
 * A realistic 通报 (ReportData) for 「幸福里社区」: 3 duty groups, 8 members, 6 categories, 4 compounds, 转办,
 * overdue and notable cases, and strings that try to break the files (`<script>`, `&`, quotes, very long summaries)
 * and rates with nothing counted (null). Deterministic: the same options give the same data.
 */
import type { Counted, Rate, RatesRow, ReportCaseRow, ReportData, ReportKind, ThreeRates } from '../../types/domain';

export const NASTY = {
  script: '<script>alert(1)</script>',
  amp: '物业 & 业委会',
  quotes: `他说"楼上'漏水'"`,
  long: `二单元楼道的灯坏了很久，${'晚上老人上下楼看不清台阶，'.repeat(8)}希望尽快修好。ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`,
};

const rate = (n: number, of: number): Rate => ({ n, of, rate: of === 0 ? null : n / of });
const NONE = rate(0, 0);
const three = (response: [number, number], solved: [number, number], satisfied: [number, number]): ThreeRates => ({
  response: rate(...response),
  solved: rate(...solved),
  satisfied: rate(...satisfied),
});
const row = (key: string, label: string, r: ThreeRates): RatesRow => ({ key, label, ...r });

const GROUPS = [
  { id: 'g1', name: '第一值班组' },
  { id: 'g2', name: '第二值班组' },
  { id: 'g3', name: '第三值班组' },
];
const MEMBERS = [
  { name: '王思瑛', group: 0 },
  { name: '陆建国', group: 0 },
  { name: '张秀兰', group: 0 },
  { name: '李卫东', group: 1 },
  { name: '赵红梅', group: 1 },
  { name: '孙志强', group: 1 },
  { name: '周晓燕', group: 2 },
  { name: NASTY.script, group: 2 },
];
const CATEGORIES = [
  { key: 'repair', label: '水电维修' },
  { key: 'consult', label: '政策咨询' },
  { key: 'dispute', label: '邻里纠纷' },
  { key: 'clean', label: '环境卫生' },
  { key: 'elderly', label: '关爱老人' },
  { key: 'safety', label: '安全隐患' },
];
const COMPOUNDS = [
  { key: 'hongqiao', label: '虹桥小区' },
  { key: 'hubin', label: '湖滨花园' },
  { key: 'xinyuan', label: NASTY.amp },
  { key: 'laocun', label: '老街新村' },
];
const SUMMARIES = [
  '厨房水管漏水',
  '楼道灯不亮',
  NASTY.script,
  '咨询高龄补贴怎么申请',
  NASTY.quotes,
  '楼下噪音扰民',
  NASTY.long,
  '垃圾桶满了没人清',
  '独居老人想找人聊聊天',
  '电动车楼道充电',
];
const STATUSES = ['已办结', '已办结', '已办结', '处理中', '等待认领', '已上报社区', '已办结', '不予受理'];

/** A little deterministic pseudo-random sequence (so the sample is the same every run). */
function sequence(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function cases(count: number, from: string, days: number): ReportCaseRow[] {
  const pick = sequence(48);
  return Array.from({ length: count }, (_, i) => {
    const day = addDays(from, Math.floor((i * days) / Math.max(1, count)));
    const status = STATUSES[pick(STATUSES.length)];
    const resolved = status === '已办结';
    const member = MEMBERS[pick(MEMBERS.length)];
    const priv = i % 13 === 7;
    const answered = resolved && pick(3) > 0;
    return {
      code: `XF${String(1000 + i).padStart(4, '0')}`,
      reportedAt: `${day} ${pad(8 + pick(10))}:${pad(pick(60))}`,
      category: CATEGORIES[pick(CATEGORIES.length)].label,
      compound: COMPOUNDS[pick(COMPOUNDS.length)].label,
      building: `${1 + pick(12)}幢`,
      summary: priv ? '（隐私事项）' : SUMMARIES[i % SUMMARIES.length].slice(0, i % SUMMARIES.length === 6 ? 200 : 40),
      status,
      holder: status === '等待认领' ? '' : status === '已上报社区' ? '吴霞' : member.name,
      group: status === '已上报社区' ? '社区办公室' : GROUPS[member.group].name,
      respondedInTime: status === '等待认领' ? '' : pick(8) === 0 ? '否' : '是',
      resolvedAt: resolved ? `${addDays(day, pick(2))} ${pad(9 + pick(9))}:${pad(pick(60))}` : '',
      solved: answered ? (pick(6) === 0 ? '没解决' : '解决了') : '',
      satisfaction: answered ? ['满意', '满意', '基本满意', '不满意'][pick(4)] : '',
      transfer: i % 11 === 4 ? `物业 工单号 WY-${2000 + i}` : '',
      overdue: status === '处理中' && pick(3) === 0 ? '是' : '',
    };
  });
}

const WINDOWS: Record<ReportKind, { title: string; from: string; to: string; generatedAt: string; weeks: string[] }> = {
  week: {
    title: '2026年第48周通报（11月23日—11月29日）',
    from: '2026-11-23',
    to: '2026-11-29',
    generatedAt: '2026-11-30T00:00:00.000Z',
    weeks: ['2026-11-23'],
  },
  month: {
    title: '2026年10月通报',
    from: '2026-10-01',
    to: '2026-10-31',
    generatedAt: '2026-11-01T00:00:00.000Z',
    weeks: ['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'],
  },
  range: {
    title: '2026年11月1日—11月15日通报',
    from: '2026-11-01',
    to: '2026-11-15',
    generatedAt: '2026-11-16T02:30:00.000Z',
    weeks: ['2026-10-26', '2026-11-02', '2026-11-09'],
  },
};

/**
 * The sample 通报: a week by default (one week row), a month (five week rows) or a range; `cases` rows in the
 * 「事项」 sheet (40 by default), `truncated` to mark the list cut short.
 */
export function sampleReport(opts: { cases?: number; kind?: ReportKind; truncated?: boolean; empty?: boolean } = {}): ReportData {
  const kind = opts.kind ?? 'week';
  const w = WINDOWS[kind];
  const count = opts.cases ?? 40;
  const days = Math.round((Date.parse(w.to) - Date.parse(w.from)) / 86_400_000) + 1;
  const empty = opts.empty ?? false;
  const counted = (items: Array<{ key: string; label: string }>): Counted[] =>
    items.map((it, i) => ({ key: it.key, label: it.label, count: empty ? 0 : Math.max(1, Math.round(count / (i + 2))) }));
  const byCategory = counted(CATEGORIES);
  const byCompound = counted(COMPOUNDS);
  const report: ReportData = {
    kind,
    title: w.title,
    community: '幸福里社区',
    from: w.from,
    to: w.to,
    generatedAt: w.generatedAt,
    generatedBy: kind === 'range' ? { id: 'o-wu', name: '吴霞' } : null,
    totals: { reported: count, resolved: Math.round(count * 0.6), open: Math.round(count * 0.3), cancelled: 2, rejected: 1, studioSolved: rate(21, 24) },
    rates: {
      from: w.from,
      to: w.to,
      total: three([35, 40], [18, 21], [19, 21]),
      byGroup: [
        row('g1', '第一值班组', three([13, 14], [7, 8], [8, 8])),
        row('g2', '第二值班组', three([12, 14], [6, 7], [6, 7])),
        row('g3', '第三值班组', three([10, 12], [4, 5], [4, 5])),
        row('office', '社区办公室', three([0, 0], [1, 1], [1, 1])),
      ],
      // 响应率 is not counted per person; one member had no 回访 answer.
      byMember: MEMBERS.map((m, i) =>
        row(`m${i}`, m.name, { response: NONE, solved: i === 5 ? NONE : rate(i % 4, 3), satisfied: i === 5 ? NONE : rate(2, 3) }),
      ),
      byCategory: CATEGORIES.map((c, i) => row(c.key, c.label, three([6 + i, 7 + i], [3, 4], i === 5 ? [0, 0] : [3, 4]))),
      byCompound: COMPOUNDS.map((c, i) => row(c.key, c.label, three([8 + i, 10 + i], [4, 5], [5, 5]))),
      weeks: w.weeks.map((monday, i) =>
        row(monday, `${Number(monday.slice(5, 7))}月${Number(monday.slice(8, 10))}日起`, three([7 + i, 8 + i], [3 + (i % 2), 4], [4, 4 + (i % 2)])),
      ),
    },
    byCategory,
    byCompound,
    members: MEMBERS.map((m, i) => ({ name: m.name, groupName: GROUPS[m.group].name, resolved: 6 - (i % 5), calls: i % 3 })),
    overdue: empty
      ? []
      : [
          { code: 'XF1003', category: '水电维修', compound: '虹桥小区', holder: '李卫东', dueAt: `${w.to} 18:00`, overdueText: '超时 1天3小时' },
          { code: 'XF1017', category: '安全隐患', compound: NASTY.amp, holder: '', dueAt: `${w.to} 12:00`, overdueText: '超时 9小时' },
          { code: 'XF1021', category: '邻里纠纷', compound: '湖滨花园', holder: NASTY.script, dueAt: `${w.to} 20:00`, overdueText: '超时 2小时' },
        ],
    transfers: empty
      ? []
      : [
          { body: '物业', count: 3, open: 1 },
          { body: '12345热线', count: 1, open: 0 },
          { body: '燃气公司', count: 1, open: 1 },
        ],
    transferList: empty
      ? []
      : [
          { code: 'XF1004', body: '物业', ticket: 'WY-2004', expected: addDays(w.to, 2), outcome: '' },
          { code: 'XF1015', body: '物业', ticket: 'WY-2015', expected: addDays(w.from, 4), outcome: '已换新水管' },
          { code: 'XF1026', body: '物业', ticket: `WY-2026"&<b>`, expected: addDays(w.from, 5), outcome: NASTY.quotes },
          { code: 'XF1009', body: '12345热线', ticket: '2026112300123', expected: addDays(w.from, 3), outcome: '已答复居民' },
          { code: 'XF1030', body: '燃气公司', ticket: 'RQ-88', expected: addDays(w.to, 1), outcome: '' },
        ],
    notable: empty
      ? []
      : [
          { code: 'XF1002', category: '水电维修', why: '不满意：「修了又漏」', summary: NASTY.script },
          { code: 'XF1011', category: '邻里纠纷', why: '重新反映 2 次', summary: NASTY.quotes },
          { code: 'XF1019', category: '环境卫生', why: '办了 5 天', summary: NASTY.long },
          { code: 'XF1024', category: '安全隐患', why: '紧急', summary: '电动车在楼道充电' },
        ],
    cases: cases(count, w.from, days),
    casesTruncated: opts.truncated ?? false,
  };
  return report;
}
