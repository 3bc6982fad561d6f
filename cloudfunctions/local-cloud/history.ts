/**
 * Realistic history for a newcomer's first `npm start` (issue 15): about 90 days of a neighbourhood's cases, made by
 * calling the deployed functions as the residents, duty members and office workers would — never written straight
 * into the database — with the clock moved along and the timer trigger run between steps, so the SLA clock, 回访
 * questions and call-back tasks, 通报 and messages happen as they would have.
 *
 * Deterministic: the same seed and end instant give the same history. What happens to each case (claimed in time or
 * late, a progress note, escalated, 转办 to an outside body, withdrawn, a neighbour joining it, the 回访 answered or
 * called back, 没解决, 不满意) is drawn when it is reported; who acts is whoever the rota puts on duty then.
 */
import { onDuty, nextShift } from '../core/rota';
import type { CommunityConfig, Person } from '../core/community';

/** How the simulation reaches the local cloud. */
export interface HistoryHost {
  /** Call a function's action as `openid` (a client call: identity from the invocation, never the payload). */
  call(fn: string, action: string, payload: unknown, openid: string): Promise<unknown>;
  /** Move the local clock. */
  setNow(ms: number): void;
  /** Run the timer triggers due by now (the sweeper: SLA clock, 回访, 通报). */
  tick(): Promise<void>;
  /** The subscribe prompt's answers as WeChat records them on the client (wx.requestSubscribeMessage): the credits. */
  subscribe(openid: string, answers: Record<string, string>): Promise<void>;
}

export interface HistoryOptions {
  /** Days of history, ending at `end`. */
  days: number;
  /** The instant the history ends (the demo's "now"). */
  end: number;
  community: CommunityConfig;
  people: Person[];
  seed?: number;
}

export interface HistorySummary {
  reported: number;
  joined: number;
  calls: number;
  refused: number;
  /** Refusals by function action and code (a claim of a case the SLA clock has just handed up is expected). */
  refusals: Record<string, number>;
  ticks: number;
  /** Real time spent in the timer trigger and in the calls. */
  tickMs: number;
  callMs: number;
}

type Answer = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Beijing time, the rota's zone (the demo community's). */
const ZONE_MS = 8 * HOUR;

/** What residents say, per category. */
const WORDS: Record<string, string[]> = {
  repair: [
    '楼道灯不亮了，晚上看不清台阶',
    '厨房水管漏水，地上都是水',
    '卫生间马桶堵了，用不了',
    '门口的路灯坏了好几天',
    '水龙头关不紧，一直在滴水',
    '单元门的门禁坏了，关不上',
    '楼道里的扶手松了，怕老人摔跤',
  ],
  policy: ['想问问高龄补贴怎么申请', '孩子上学要准备哪些户口材料', '医保卡丢了怎么补办', '征收政策想了解一下', '老年优待证怎么办'],
  dispute: ['楼上装修太吵，中午也不停', '邻居在楼道里堆了很多纸箱', '楼上空调滴水到我家窗台', '隔壁的狗晚上一直叫，睡不着'],
  sanitation: ['垃圾桶满了好几天没人清', '楼下绿化带里有人倒垃圾', '下水道有臭味', '楼道里有人乱贴小广告'],
  elderly: ['对门的独居老人好几天没出门了', '我腿脚不便，想请人帮忙买药', '老伴住院了，家里没人照顾', '想请书记教我用智能手机看病挂号'],
  certificate: ['需要开一张居住证明', '想开困难证明申请补助', '要开一张亲属关系证明'],
  hazard: ['楼道里闻到煤气味', '有人把电瓶车推进楼道里充电', '配电箱有火花，很害怕'],
  unsure: ['小区里的健身器材坏了', '想反映一下停车的问题'],
};
const CATEGORY_WEIGHTS: Array<[string, number]> = [
  ['repair', 30],
  ['sanitation', 14],
  ['elderly', 14],
  ['policy', 14],
  ['dispute', 9],
  ['certificate', 9],
  ['hazard', 4],
  ['unsure', 6],
];
const NOTES = ['已上门查看', '已联系物业，明天来修', '材料清单已告知', '已电话联系，约好了时间', '已和邻居沟通'];
const RESOLUTIONS: Record<string, string[]> = {
  repair: ['已请物业换好了', '已联系师傅修好', '换了新的，试过能用'],
  policy: ['已把材料清单告诉居民', '已陪同到社区窗口办理', '政策已解释清楚'],
  dispute: ['双方已经调解好', '已和邻居沟通，答应注意', '已请物业出面协调'],
  sanitation: ['已通知保洁清理干净', '已清理，并提醒了大家', '已联系环卫处理'],
  elderly: ['已上门探望，老人身体还好', '已帮忙买好药送到家', '已联系家属和志愿者轮流照看'],
  certificate: ['证明已开好，请来社区拿', '已开具并送到家里'],
  hazard: ['已关阀开窗，燃气公司检查过了', '已清走，并提醒住户', '已请电工处理好'],
  unsure: ['已转告物业处理', '已了解情况，答复了居民'],
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const CALLS = ['阿姨', '大伯', '奶奶', '爷爷', '师傅', '阿婆'];

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Residents of the history (besides the demo's own), each at home in one of the compounds. */
export function historyResidents(community: CommunityConfig, count = 40): Person[] {
  const rand = prng(7);
  const out: Person[] = [];
  for (let i = 0; i < count; i++) {
    const compound = community.compounds[i % community.compounds.length];
    const building = `${1 + Math.floor(rand() * 12)}幢`;
    const unit = `${1 + Math.floor(rand() * 3)}单元${1 + Math.floor(rand() * 6)}0${1 + Math.floor(rand() * 2)}`;
    out.push({
      id: `demo-history-${String(i + 1).padStart(2, '0')}`,
      role: 'resident',
      name: `${SURNAMES[i % SURNAMES.length]}${CALLS[Math.floor(rand() * CALLS.length)]}`,
      phone: `1385731${String(2000 + i).slice(-4)}`,
      groupId: null,
      compounds: [],
      lastPlace: { compoundId: compound.id, building, unit },
      leave: [],
    });
  }
  return out;
}

/** Replay `days` of a neighbourhood's life through the functions, ending at `end`. */
export async function simulateHistory(host: HistoryHost, opts: HistoryOptions): Promise<HistorySummary> {
  const rand = prng(opts.seed ?? 20261130);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const rota = opts.community.rota;
  const members = opts.people.filter((p) => p.role === 'member');
  const office = opts.people.filter((p) => p.role === 'office');
  const residents = opts.people.filter((p) => p.role === 'resident' && p.lastPlace);
  const templates = Object.values(opts.community.templates).filter(Boolean);
  const accept = Object.fromEntries(templates.map((t) => [t, 'accept']));
  const summary: HistorySummary = { reported: 0, joined: 0, calls: 0, refused: 0, refusals: {}, ticks: 0, tickMs: 0, callMs: 0 };

  // The queue of things to do, in time order (a small list: a linear insert is enough).
  const queue: Array<{ at: number; run: () => Promise<void> }> = [];
  const later = (when: number, run: () => Promise<void>) => {
    const at = Math.round(when);
    if (at >= opts.end) return;
    let i = queue.length;
    while (i > 0 && queue[i - 1].at > at) i--;
    queue.splice(i, 0, { at, run });
  };
  const call = async (fn: string, action: string, payload: unknown, openid: string): Promise<Answer> => {
    summary.calls++;
    const t0 = performance.now();
    const res = (await host.call(fn, action, payload, openid)) as Answer;
    summary.callMs += performance.now() - t0;
    if (!res.ok) {
      summary.refused++;
      const key = `${fn}.${action} ${res.error.code}`;
      summary.refusals[key] = (summary.refusals[key] ?? 0) + 1;
    }
    return res;
  };
  const localHour = (at: number) => ((((at + ZONE_MS) % DAY) + DAY) % DAY) / HOUR;
  /** The same instant, or the next daytime moment (07:30–20:30) for people who act in the daytime. */
  const daytime = (at: number) => {
    const h = localHour(at);
    if (h >= 7.5 && h < 20.5) return at;
    const toMorning = (h < 7.5 ? 7.5 - h : 24 - h + 7.5) * HOUR;
    return at + toMorning + between(0, 90) * MINUTE;
  };
  /** Someone of the group on duty at `at` (or at the next shift), and when they act. */
  const dutyMember = (at: number): { who: Person; at: number } | null => {
    const shift = onDuty(rota, new Date(at)) ?? nextShift(rota, new Date(at));
    if (!shift) return null;
    const date = shift.date;
    const group = members.filter((m) => m.groupId === shift.groupId && !m.leave.some((l) => l.from <= date && date <= l.to));
    if (group.length === 0) return null;
    return { who: pick(group), at: Math.max(at, shift.start.getTime() + between(5, 40) * MINUTE) };
  };

  /** The resident answers the 回访, or leaves it for a call-back; 没解决 and 不满意 have their sequels. */
  const afterResolve = (caseId: string, reporter: Person, holderId: string, resolvedAt: number, round: number) => {
    const answered = chance(0.62);
    const solved = round > 0 || chance(0.93);
    const satisfaction = !solved ? 'unsatisfied' : pick(['satisfied', 'satisfied', 'satisfied', 'basic', 'basic', 'unsatisfied'] as const);
    const answer = { caseId, solved, satisfaction, ...(satisfaction === 'unsatisfied' ? { comment: pick(['等了太久', '还是老样子', '希望下次快一点']) } : {}) };
    if (answered) {
      later(daytime(resolvedAt + DAY + between(1, 30) * HOUR), async () => {
        const r = await call('cases', 'followUp', answer, reporter.id);
        if (!r.ok) return;
        if (!solved)
          // 没解决 the first time goes back to the holder, who goes again.
          later(daytime(Date.now() + between(3, 26) * HOUR), async () => {
            const again = await call('cases', 'resolve', { caseId, note: '又去看了一次，这回弄好了' }, holderId);
            if (again.ok) afterResolve(caseId, reporter, holderId, Date.now(), round + 1);
          });
        else if (satisfaction === 'unsatisfied')
          later(daytime(Date.now() + between(4, 40) * HOUR), async () => {
            await call('office', 'closeSupervision', { caseId, note: '已向居民说明情况，并提醒工作室加快' }, pick(office).id);
          });
      });
    } else if (chance(0.8)) {
      // Unanswered: the sweeper makes it a call-back task after the configured days; a duty member phones.
      const due = resolvedAt + DAY + (opts.community.followUp?.callAfterDays ?? 3) * DAY + between(1, 20) * HOUR;
      const caller = dutyMember(due);
      if (!caller) return;
      later(caller.at, async () => {
        const took = await call('cases', 'takeCallBack', { caseId }, caller.who.id);
        if (took.ok)
          await call(
            'cases',
            'recordCallBack',
            { ...answer, solved: true, satisfaction: satisfaction === 'unsatisfied' ? 'basic' : satisfaction },
            caller.who.id,
          );
      });
    }
  };

  /** The office's path: take it, then 办结 — or 转办 to an outside body and record its outcome later. */
  const officeHandles = (caseId: string, reporter: Person, from: number) => {
    const worker = pick(office);
    later(daytime(from + between(20, 180) * MINUTE), async () => {
      const taken = await call('office', 'assign', { caseId, assigneeId: worker.id }, worker.id);
      if (!taken.ok) return;
      if (chance(0.3)) {
        const body = pick(['property', 'water', 'power', 'street', 'hotline'] as const);
        const expected = new Date(Date.now() + ZONE_MS + between(2, 6) * DAY).toISOString().slice(0, 10);
        const ticket = `${body === 'hotline' ? '12345-' : 'GD'}${Math.floor(between(100000, 999999))}`;
        const sent = await call('office', 'transfer', { caseId, body, ticket, expectedDate: expected }, worker.id);
        if (sent.ok)
          later(daytime(Date.now() + between(1, 5) * DAY), async () => {
            const done = await call('office', 'transferOutcome', { caseId, outcome: '对方已处理完毕，回复已办好' }, worker.id);
            if (done.ok) afterResolve(caseId, reporter, worker.id, Date.now(), 0);
          });
        return;
      }
      later(daytime(Date.now() + between(1, 28) * HOUR), async () => {
        const done = await call('cases', 'resolve', { caseId, note: '社区已处理好，并电话告知居民' }, worker.id);
        if (done.ok) afterResolve(caseId, reporter, worker.id, Date.now(), 0);
      });
    });
  };

  /** What happens to a case once reported. */
  const follow = (caseId: string, categoryId: string, reporter: Person, view: Record<string, unknown>, at: number) => {
    const routing = view.routing as { target: string } | undefined;
    if (routing?.target === 'office') {
      officeHandles(caseId, reporter, at);
      return;
    }
    if (chance(0.05)) {
      later(at + between(5, 25) * MINUTE, async () => {
        await call('cases', 'cancel', { caseId, reason: '已经自己解决了' }, reporter.id);
      });
      return;
    }
    // In time mostly; now and then nobody gets to it before the SLA clock hands it up to the office.
    const late = chance(0.1);
    const taker = dutyMember(at + (late ? between(3, 8) * HOUR : between(4, 45) * MINUTE));
    if (!taker) return;
    later(taker.at, async () => {
      const claimed = await call('cases', 'claim', { caseId }, taker.who.id);
      if (!claimed.ok) {
        officeHandles(caseId, reporter, Date.now());
        return;
      }
      const holder = taker.who.id;
      if (chance(0.4))
        later(daytime(Date.now() + between(20, 240) * MINUTE), async () => void (await call('cases', 'note', { caseId, text: pick(NOTES) }, holder)));
      if (chance(0.07)) {
        later(daytime(Date.now() + between(1, 6) * HOUR), async () => {
          const up = await call('cases', 'escalate', { caseId, reason: '需要社区出面协调' }, holder);
          if (up.ok) officeHandles(caseId, reporter, Date.now());
        });
        return;
      }
      // Mostly within the category's time; now and then it drags on and the SLA clock hands it to the office.
      const takes = chance(0.75) ? between(0.5, 3) : between(3, 30);
      later(daytime(Date.now() + takes * HOUR), async () => {
        const done = await call('cases', 'resolve', { caseId, note: pick(RESOLUTIONS[categoryId] ?? RESOLUTIONS.unsure) }, holder);
        if (done.ok) afterResolve(caseId, reporter, holder, Date.now(), 0);
        else officeHandles(caseId, reporter, Date.now());
      });
    });
  };

  /** A resident reports something (or, seeing the neighbour's report of it, joins it). */
  const report = async (reporter: Person, categoryId: string, description: string, urgent: boolean) => {
    const place = reporter.lastPlace!;
    const at = Date.now();
    if (chance(0.5)) {
      const similar = await call('cases', 'similar', { categoryId, place }, reporter.id);
      const offered = similar.ok ? (similar.data.cases as Array<{ id: string }>) : [];
      if (offered.length > 0) {
        await host.subscribe(reporter.id, accept);
        const joined = await call('cases', 'follow', { caseId: offered[0].id, categoryId, place, subscriptions: accept }, reporter.id);
        if (joined.ok) {
          summary.joined++;
          return;
        }
      }
    }
    await host.subscribe(reporter.id, accept);
    const made = await call('cases', 'submit', { categoryId, description, place, subscriptions: accept, ...(urgent ? { urgent } : {}) }, reporter.id);
    if (!made.ok) return;
    summary.reported++;
    follow(String(made.data.id), categoryId, reporter, made.data, at);
    // Now and then a neighbour in the same building reports the same thing soon after.
    if (categoryId !== 'dispute' && categoryId !== 'certificate' && chance(0.06)) {
      const neighbour = residents.find((r) => r.id !== reporter.id && r.lastPlace?.compoundId === place.compoundId) ?? null;
      if (neighbour)
        later(at + between(30, 300) * MINUTE, async () => {
          await host.subscribe(neighbour.id, accept);
          const joined = await call('cases', 'follow', { caseId: String(made.data.id), categoryId, place, subscriptions: accept }, neighbour.id);
          if (joined.ok) summary.joined++;
        });
    }
  };

  const weightTotal = CATEGORY_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const category = () => {
    let r = rand() * weightTotal;
    for (const [id, w] of CATEGORY_WEIGHTS) if ((r -= w) < 0) return id;
    return 'repair';
  };
  const known = new Set(opts.community.categories.map((c) => c.id));
  const start = opts.end - opts.days * DAY;
  for (let day = 0; day < opts.days; day++) {
    const midnight = start - ((start + ZONE_MS) % DAY) + day * DAY; // local midnight of the day
    const weekday = new Date(midnight + ZONE_MS).getUTCDay();
    const count = Math.round(between(weekday === 0 || weekday === 6 ? 1 : 3, weekday === 0 || weekday === 6 ? 4 : 7));
    for (let i = 0; i < count; i++) {
      const hour = chance(0.12) ? between(20, 23) : between(7.5, 20);
      const cat = category();
      if (!known.has(cat)) continue;
      const reporter = pick(residents);
      const words = pick(WORDS[cat] ?? WORDS.unsure);
      const urgent = cat === 'repair' && chance(0.08);
      later(midnight + hour * HOUR, () => report(reporter, cat, words, urgent));
    }
  }

  // 张阿姨's lamp: reported yesterday morning, fixed before noon (within repair's 4 duty hours, so the SLA clock does
  // not hand it up first) — the message she got yesterday. Whoever of the group on duty is free takes it.
  const zhang = residents.find((r) => r.id === 'demo-resident-zhang');
  const yesterday = opts.end - ((opts.end + ZONE_MS) % DAY) - DAY;
  if (zhang)
    later(yesterday + 8.6 * HOUR, async () => {
      const place = zhang.lastPlace!;
      await host.subscribe(zhang.id, accept);
      const made = await call(
        'cases',
        'submit',
        { categoryId: 'repair', description: '楼道灯不亮了，晚上下楼看不清台阶', place, subscriptions: accept },
        zhang.id,
      );
      if (!made.ok) return;
      summary.reported++;
      const caseId = String(made.data.id);
      later(Date.now() + 25 * MINUTE, async () => {
        const shift = onDuty(rota, new Date(Date.now()));
        let holder: string | null = null;
        for (const m of members.filter((x) => x.groupId === shift?.groupId))
          if ((await call('cases', 'claim', { caseId }, m.id)).ok) {
            holder = m.id;
            break;
          }
        if (!holder) return;
        const by = holder;
        later(Math.max(Date.now() + HOUR, yesterday + 11 * HOUR), async () => {
          await call('cases', 'resolve', { caseId, note: '已请物业换了新灯泡，楼道亮了' }, by);
        });
      });
    });

  // Run it: the timer trigger between steps (at most once per simulated hour), and every three hours regardless.
  let lastTick = -Infinity;
  for (let t = start; t < opts.end; t += 3 * HOUR) later(t, async () => undefined);
  while (queue.length > 0) {
    const next = queue.shift()!;
    host.setNow(next.at);
    if (next.at - lastTick >= HOUR) {
      const t0 = performance.now();
      await host.tick();
      summary.tickMs += performance.now() - t0;
      summary.ticks++;
      lastTick = next.at;
    }
    await next.run();
  }
  host.setNow(opts.end);
  await host.tick();
  summary.ticks++;
  return summary;
}
