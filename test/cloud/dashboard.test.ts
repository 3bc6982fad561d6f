/**
 * The dashboard's figures, computed by the database (aggregation, counts, indexed sorted reads), checked against a
 * brute-force computation over the same generated cases.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import fc from 'fast-check';
import type { RatesRow, ThreeRates } from '../../types/domain';
import type { Case } from '../../cloudfunctions/core/Case';
import type { Person } from '../../cloudfunctions/core/community';
import * as uc from '../../cloudfunctions/core/usecases';
import { DEMO_PEOPLE } from '../../cloudfunctions/local-cloud/demo-data';
import { localDeps } from '../support/local-db';

const person = (id: string) => DEMO_PEOPLE.find((p) => p.id === id)!;
const RESIDENTS = ['demo-resident-zhang', 'demo-resident-li', 'demo-resident-chen'].map(person);
const G = {
  g1: ['demo-member-01', 'demo-member-02', 'demo-member-03', 'demo-member-04'],
  g2: ['demo-member-05', 'demo-member-06', 'demo-member-07'],
  g3: ['demo-member-09', 'demo-member-10', 'demo-member-11', 'demo-member-12'],
  g4: ['demo-member-13', 'demo-member-14', 'demo-member-15', 'demo-member-16'],
};
const OFFICE = person('demo-office-wu');
const CATEGORIES = ['repair', 'policy', 'dispute', 'sanitation', 'elderly', 'certificate', 'hazard', 'unsure'];
const COMPOUNDS = ['nanhetou', 'hongqiao', 'hubin', 'jianguomen'];

/** Nearest-rank percentile, the definition the dashboard uses. */
const rank = (values: number[], p: number) => (values.length === 0 ? null : [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1]);

interface Plan {
  at: number; // minutes after the start
  resident: number;
  category: string;
  compound: string;
  fate: 'leave' | 'claim' | 'resolve' | 'escalate' | 'reject' | 'answer' | 'cancel';
  after: number; // minutes until the fate happens
  solved: boolean; // the 回访 answer, when the fate is 'answer'
  satisfaction: 'satisfied' | 'basic' | 'unsatisfied';
}

dayjs.extend(utc);

const planArb = fc.array(
  fc.record({
    at: fc.integer({ min: 0, max: 60 * 24 * 40 }),
    resident: fc.integer({ min: 0, max: 2 }),
    category: fc.constantFrom(...CATEGORIES),
    compound: fc.constantFrom(...COMPOUNDS),
    fate: fc.constantFrom<Plan['fate']>('leave', 'claim', 'resolve', 'escalate', 'reject', 'answer', 'answer', 'cancel'),
    after: fc.integer({ min: 1, max: 1200 }),
    solved: fc.boolean(),
    satisfaction: fc.constantFrom<Plan['satisfaction']>('satisfied', 'basic', 'unsatisfied'),
  }),
  { minLength: 5, maxLength: 40 },
);

async function run(plans: Plan[]) {
  const START = Date.parse('2026-10-01T00:00:00+08:00');
  const { deps, clock } = await localDeps(new Date(START).toISOString());
  const setAt = (min: number) => clock.set(new Date(START + min * 60_000));
  const ordered = [...plans].sort((a, b) => a.at - b.at);
  for (const p of ordered) {
    setAt(p.at);
    const v = await uc.submitCase(deps, RESIDENTS[p.resident], {
      categoryId: p.category,
      description: '测试生成的事项描述',
      place: { compoundId: p.compound, building: '', unit: '' },
    });
    setAt(p.at + p.after);
    const group = v.routing.groupId as keyof typeof G | null;
    const members = group ? G[group].map(person) : [];
    const try_ = (f: () => Promise<unknown>) => f().catch(() => undefined);
    if (p.fate === 'reject' && v.status === 'pending') await try_(() => uc.rejectCase(deps, OFFICE, v.id, '测试：不予受理'));
    if (p.fate === 'cancel') await try_(() => uc.cancelCase(deps, RESIDENTS[p.resident], v.id, '测试：不用了'));
    if (p.fate === 'escalate' && group)
      await try_(async () => {
        for (const m of members) {
          const ok = await uc.escalateCase(deps, m, v.id, '测试：上报').then(
            () => true,
            () => false,
          );
          if (ok) return;
        }
      });
    const resolves = p.fate === 'resolve' || p.fate === 'answer';
    if ((p.fate === 'claim' || resolves) && v.routing.target === 'studio') {
      let holder: Person | null = null;
      for (const m of members) {
        if (
          await uc.claimCase(deps, m, v.id).then(
            () => true,
            () => false,
          )
        ) {
          holder = m;
          break;
        }
      }
      if (holder && resolves) {
        setAt(p.at + p.after * 2);
        await try_(() => uc.resolveCase(deps, holder!, v.id, '测试：办结'));
      }
    }
    if ((resolves || p.fate === 'claim') && v.routing.target === 'office') {
      await try_(() => uc.assignCase(deps, OFFICE, v.id, OFFICE.id));
      if (resolves) await try_(() => uc.resolveCase(deps, OFFICE, v.id, '测试：社区办结'));
    }
    if (p.fate === 'answer') {
      setAt(p.at + p.after * 3);
      await try_(() => uc.answerFollowUpCase(deps, RESIDENTS[p.resident], v.id, { solved: p.solved, satisfaction: p.satisfaction }));
    }
  }
  const end = START + 60 * 24 * 45 * 60_000;
  clock.set(new Date(end));
  return { deps, end };
}

/** 三率 by brute force, from each case's own history: the definitions of docs/ARCHITECTURE.md, written out again. */
function bruteRates(all: Case[], since: number, responseEnd: number, until: number) {
  const STAFF_STEPS = ['claimed', 'assigned', 'resolved', 'rejected', 'transferred', 'returned', 'recategorised', 'escalated', 'merged', 'noted'];
  const responses = all.flatMap((c) => {
    const due = c.claimPromise?.by?.getTime();
    if (c.status === 'merged' || due === undefined) return [];
    const acted = c.timeline.find((t) => t.by && t.by.id !== c.reporter.id && STAFF_STEPS.includes(t.kind));
    if (c.status === 'cancelled' && !acted && c.cancellation.at.getTime() < due) return [];
    if (due < since || due >= responseEnd) return [];
    return [{ c, at: due, ok: acted !== undefined && acted.at.getTime() <= due, group: c.claimPromise!.groupId ?? 'office' }];
  });
  const answers = all.flatMap((c) => {
    const a = c.followUp?.answer;
    if (!a || a.at.getTime() < since || a.at.getTime() >= until) return [];
    const holder = 'holder' in c ? c.holder.id : '';
    return [
      {
        c,
        at: a.at.getTime(),
        solved: a.solved,
        ok: a.satisfaction !== 'unsatisfied',
        holder,
        group: DEMO_PEOPLE.find((p) => p.id === holder)?.groupId ?? 'office',
      },
    ];
  });
  const r = (n: number, of: number) => ({ n, of, rate: of ? n / of : null });
  const three = (rs: typeof responses, as: typeof answers): ThreeRates => ({
    response: r(rs.filter((x) => x.ok).length, rs.length),
    solved: r(as.filter((x) => x.solved).length, as.length),
    satisfied: r(as.filter((x) => x.ok).length, as.length),
  });
  const monday = (ms: number) => {
    const d = dayjs.utc(ms + 8 * 3_600_000);
    return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
  };
  const keyed = (rk: (x: (typeof responses)[0]) => string, ak: (x: (typeof answers)[0]) => string) => {
    const keys = new Set([...responses.map(rk), ...answers.map(ak)]);
    return new Map(
      [...keys].map((k) => [
        k,
        three(
          responses.filter((x) => rk(x) === k),
          answers.filter((x) => ak(x) === k),
        ),
      ]),
    );
  };
  return {
    total: three(responses, answers),
    byGroup: keyed(
      (x) => x.group,
      (x) => x.group,
    ),
    byCategory: keyed(
      (x) => x.c.categoryId,
      (x) => x.c.categoryId,
    ),
    byCompound: keyed(
      (x) => x.c.place.compoundId,
      (x) => x.c.place.compoundId,
    ),
    byMember: new Map(
      [...new Set(answers.map((x) => x.holder))].map((k) => {
        const mine = answers.filter((x) => x.holder === k);
        return [k, { ...three([], mine), response: r(0, 0) }];
      }),
    ),
    weeks: keyed(
      (x) => monday(x.at),
      (x) => monday(x.at),
    ),
  };
}

/** The view's rows as a map by key, without rows that count nothing (rows kept for every group or week). */
const asMap = (rows: RatesRow[]) =>
  new Map(rows.filter((x) => x.response.of + x.solved.of > 0).map(({ key, response, solved, satisfied }) => [key, { response, solved, satisfied }]));

describe('dashboard', () => {
  it('matches a brute-force computation over generated cases (30-day window)', async () => {
    let runs = 0;
    const figures: ThreeRates[] = [];
    await fc.assert(
      fc.asyncProperty(planArb, async (plans) => {
        runs++;
        const { deps, end } = await run(plans);
        const view = await uc.dashboard(deps, OFFICE, { days: 30 });
        // Brute force: read every case back (only the test does this) and count in plain code.
        const all: Case[] = [];
        for (const p of RESIDENTS) all.push(...(await deps.cases.ofReporter(p.id, 100)));
        // The last 30 local dates up to today (the end is midnight of 11-15 in Beijing: 10-17 … 11-15).
        const since = Date.parse('2026-10-17T00:00:00+08:00');
        const until = Date.parse('2026-11-16T00:00:00+08:00');
        expect([view.from, view.to, view.since, view.until]).toEqual([
          '2026-10-17',
          '2026-11-15',
          new Date(since).toISOString(),
          new Date(until).toISOString(),
        ]);
        const inWindow = all.filter((c) => c.createdAt.getTime() >= since && c.createdAt.getTime() < until);
        const brute = bruteRates(all, since, Math.min(until, end), until);
        expect(view.rates.total).toEqual(brute.total);
        expect(asMap(view.rates.byGroup)).toEqual(brute.byGroup);
        expect(asMap(view.rates.byCategory)).toEqual(brute.byCategory);
        expect(asMap(view.rates.byCompound)).toEqual(brute.byCompound);
        expect(asMap(view.rates.byMember)).toEqual(brute.byMember);
        expect(asMap(view.rates.weeks)).toEqual(brute.weeks);
        // Every week of the window has its row, oldest first: 10-12 (holding 10-17) … 11-09 (holding 11-15).
        expect(view.rates.weeks.map((w) => w.key)).toEqual(['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09']);
        figures.push(view.rates.total);
        const count = (f: (c: Case) => string) => {
          const m = new Map<string, number>();
          for (const c of inWindow) m.set(f(c), (m.get(f(c)) ?? 0) + 1);
          return m;
        };
        expect(view.total).toBe(inWindow.length);
        for (const row of view.byStatus) expect(row.count).toBe(count((c) => c.status).get(row.key) ?? 0);
        expect(new Map(view.byCategory.map((r) => [r.key, r.count]))).toEqual(count((c) => c.categoryId));
        expect(new Map(view.byCompound.map((r) => [r.key, r.count]))).toEqual(count((c) => c.place.compoundId));
        const resolved = inWindow.filter((c) => c.status === 'resolved');
        const byStudio = resolved.filter((c) => c.routing.target === 'studio' && !c.timeline.some((t) => t.kind === 'escalated'));
        expect(view.studioSolved).toEqual({
          count: byStudio.length,
          resolved: resolved.length,
          share: resolved.length ? byStudio.length / resolved.length : null,
        });
        const minutes = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 60_000);
        const claimTimes = inWindow.flatMap((c) => {
          const first = c.timeline.find((t) => t.kind === 'claimed' || t.kind === 'assigned');
          return first ? [minutes(c.createdAt, first.at)] : [];
        });
        const resolveTimes = resolved.map((c) => (c.status === 'resolved' ? minutes(c.createdAt, c.resolution.at) : 0));
        expect(view.timeToClaim).toEqual({ n: claimTimes.length, median: rank(claimTimes, 0.5), p90: rank(claimTimes, 0.9) });
        expect(view.timeToResolve).toEqual({ n: resolveTimes.length, median: rank(resolveTimes, 0.5), p90: rank(resolveTimes, 0.9) });
        const overdue = all.filter(
          (c) =>
            (c.status === 'pending' || c.status === 'claimed') &&
            (c.status === 'claimed' ? c.resolveDueAt : c.routing.expectedBy) !== null &&
            (c.status === 'claimed' ? c.resolveDueAt! : c.routing.expectedBy!).getTime() <= end,
        );
        expect(view.overdue.length).toBe(Math.min(20, overdue.length));
        for (const m of view.members) {
          expect(m.open).toBe(all.filter((c) => c.status === 'claimed' && c.holder.id === m.id).length);
          expect(m.solved).toBe(resolved.filter((c) => c.status === 'resolved' && c.holder.id === m.id).length);
        }
      }),
      { numRuns: 15 },
    );
    const pct = (x: { n: number; of: number }) => `${x.n}/${x.of}`;
    console.log(
      `dashboard vs brute force: ${runs} generated communities checked; 三率 of each (响应率 解决率 满意率):\n` +
        figures.map((f) => `${pct(f.response)} ${pct(f.solved)} ${pct(f.satisfied)}`).join('\n'),
    );
  }, 120_000);
});
