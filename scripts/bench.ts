/**
 * Benchmarks that print figures (not timed tests): `npm run bench`.
 *  1. routing decisions per second over 100k requests (the demo community's rota, categories and members);
 *  2. one SLA sweep over 10k open cases: database calls and documents read (counted exactly), and its time;
 *  3. the office dashboard at 1k, 10k and 100k cases: database calls (constant) and time;
 *  4. every action through the local cloud (needs npm run build:cloud): median and slowest time, the slowest of all;
 *  5. the store at a decade's size (scripts/lib/bench-store.ts): start time, memory, submit delay during a dashboard.
 * `npm run bench -- routing|sweep|dashboard|actions|store` runs one part (`store 20000` one size only).
 * Times depend on the machine; counts do not.
 */
import { performance } from 'perf_hooks';
import { COLLECTIONS, COMMUNITY_CONFIG_ID } from '../cloudfunctions/adapters/wx/collections';
import type { Database } from '../cloudfunctions/adapters/wx/db-types';
import { CasesWxDb } from '../cloudfunctions/adapters/wx/repositories';
import type { Case } from '../cloudfunctions/core/Case';
import { claim, openCase, resolve } from '../cloudfunctions/core/Case';
import { depsOn } from '../cloudfunctions/adapters/wx/compose';
import { INDEXES } from '../cloudfunctions/adapters/wx/collections';
import { route } from '../cloudfunctions/core/routing';
import { addDutyTime } from '../cloudfunctions/core/rota';
import { dashboard, sweepOverdue } from '../cloudfunctions/core/usecases';
import { countingDatabase } from '../cloudfunctions/local-cloud/counting';
import { DEMO_COMMUNITY, DEMO_PEOPLE, seedDemo } from '../cloudfunctions/local-cloud/demo-data';
import { createLocalDatabase, ensureIndexes } from '../cloudfunctions/local-cloud/sdk/database';
import { benchActions } from './lib/bench-actions';
import { benchStore, benchStoreChild } from './lib/bench-store';

/** WeChat's sender, content security and storage are not part of these measurements. */
const OFFLINE = {
  send: async () => ({ ok: true as const }),
  content: { text: async () => 'pass' as const, imageAsync: async () => ({ traceId: 'bench' }) },
  files: { urls: async (ids: string[]) => ids.map(() => '') },
};

/** A small deterministic PRNG so every run routes the same requests. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function benchRouting(n: number): void {
  const rand = rng(42);
  const members = DEMO_PEOPLE.filter((p) => p.role === 'member');
  const ctx = { rota: DEMO_COMMUNITY.rota, groups: DEMO_COMMUNITY.groups, categories: DEMO_COMMUNITY.categories, members };
  const t0 = Date.parse('2026-01-01T00:00:00+08:00');
  const requests = Array.from({ length: n }, () => ({
    category: DEMO_COMMUNITY.categories[Math.floor(rand() * DEMO_COMMUNITY.categories.length)],
    compoundId: DEMO_COMMUNITY.compounds[Math.floor(rand() * DEMO_COMMUNITY.compounds.length)].id,
    urgent: rand() < 0.1,
    at: new Date(t0 + Math.floor(rand() * 365 * 86400_000)),
  }));
  const rules: Record<string, number> = {};
  const start = performance.now();
  for (const r of requests) {
    const d = route({ categoryId: r.category.id, compoundId: r.compoundId, urgent: r.urgent }, r.category, ctx, r.at);
    rules[d.rule] = (rules[d.rule] ?? 0) + 1;
  }
  const ms = performance.now() - start;
  console.log(`routing: ${n} decisions in ${ms.toFixed(0)} ms = ${Math.round((n / ms) * 1000)} decisions/s`);
  console.log(`  by rule: ${JSON.stringify(rules)}`);
}

async function benchSweep(open: number, due: number): Promise<void> {
  const local = createLocalDatabase({ dir: null }) as unknown as Database & { createCollection(n: string): Promise<unknown> };
  for (const c of Object.values(COLLECTIONS)) await local.createCollection(c);
  await local
    .collection(COLLECTIONS.config)
    .doc(COMMUNITY_CONFIG_ID)
    .set({ data: { ...DEMO_COMMUNITY } });
  const seedCases = new CasesWxDb(local);
  const rota = DEMO_COMMUNITY.rota;
  const submittedAt = new Date('2026-11-26T09:00:00+08:00');
  const sweepAt = new Date('2026-11-26T11:00:00+08:00');
  const reporter = { id: 'demo-resident-zhang', name: '张阿姨' };
  const wang = { id: 'demo-member-05', name: '王思瑛' };
  for (let i = 0; i < open; i++) {
    const isDue = i < due;
    // Due cases were submitted at 09:00 (30-minute claim SLA → 09:30); the rest have deadlines days ahead.
    const expectedBy = isDue ? addDutyTime(rota, submittedAt, 30) : addDutyTime(rota, submittedAt, 540 * 3 + (i % 500));
    const pending = openCase({
      id: `bench-${i}`,
      code: `B${i}`,
      reporter,
      categoryId: 'repair',
      description: '压测用的事项描述',
      place: { compoundId: 'hubin', building: '1幢', unit: '101' },
      contactPhone: '',
      routing: { target: 'studio', rule: 'on-duty', groupId: 'g2', alertGroupId: null, preferredMemberIds: [], reason: '由第二组值班成员处理', expectedBy },
      urgent: false,
      filedFor: null,
      now: submittedAt,
    });
    // A third of the not-due cases are claimed, with resolve deadlines days ahead.
    await seedCases.add(!isDue && i % 3 === 0 ? claim(pending, wang, submittedAt, addDutyTime(rota, submittedAt, 540 * 4)) : pending);
  }
  const counting = countingDatabase(local);
  const deps = depsOn(counting.db, { ...OFFLINE, clock: { now: () => sweepAt } });
  const start = performance.now();
  const report = await sweepOverdue(deps);
  const ms = performance.now() - start;
  const first = { ...counting.counts, byKind: { ...counting.counts.byKind } };
  counting.reset();
  const again = await sweepOverdue(deps);
  console.log(`sweep over ${open} open cases (${due} due): ${JSON.stringify(report)} in ${ms.toFixed(0)} ms`);
  console.log(`  database calls: ${first.calls} ${JSON.stringify(first.byKind)}; documents read: ${first.docsRead} (of ${open} open)`);
  console.log(`  second sweep (idempotent): ${JSON.stringify(again)}; calls ${counting.counts.calls}, documents read ${counting.counts.docsRead}`);
}

/**
 * The dashboard over `total` cases spread over two years (in-memory local store, indexes as deployed): database
 * calls (constant) and time, for a 30-day and a 365-day window.
 */
async function benchDashboard(total: number): Promise<void> {
  const local = createLocalDatabase({ dir: null });
  await seedDemo(local);
  await ensureIndexes(local, Object.fromEntries(Object.entries(INDEXES).map(([c, ix]) => [c, [...new Set(ix.flat())]])));
  const seedCases = new CasesWxDb(local as unknown as Database);
  const rand = rng(7);
  const end = Date.parse('2026-11-27T10:00:00+08:00');
  const members = DEMO_PEOPLE.filter((p) => p.role === 'member');
  // The dashboard's 30 days: local dates 10-29 … 11-27 (Beijing), [10-29 00:00, 11-28 00:00).
  const from30 = Date.parse('2026-10-29T00:00:00+08:00');
  const until30 = Date.parse('2026-11-28T00:00:00+08:00');
  const brute = { response: { n: 0, of: 0 }, answers: 0, solved: 0, satisfied: 0 };
  for (let i = 0; i < total; i++) {
    const created = new Date(end - Math.floor(rand() * 730 * 86400_000));
    const category = DEMO_COMMUNITY.categories[Math.floor(rand() * DEMO_COMMUNITY.categories.length)];
    const m = members[Math.floor(rand() * members.length)];
    let c: Case = openCase({
      id: `d-${i}`,
      code: `D${i}`,
      reporter: { id: 'demo-resident-zhang', name: '张阿姨' },
      categoryId: category.id,
      description: '压测用的事项描述',
      place: { compoundId: DEMO_COMMUNITY.compounds[i % DEMO_COMMUNITY.compounds.length].id, building: '', unit: '' },
      contactPhone: '',
      routing: {
        target: 'studio',
        rule: 'on-duty',
        groupId: m.groupId,
        alertGroupId: null,
        preferredMemberIds: [],
        reason: '由值班成员处理',
        expectedBy: new Date(created.getTime() + 30 * 60_000),
      },
      urgent: false,
      filedFor: null,
      now: created,
    });
    const fate = rand();
    const claimedAt = new Date(created.getTime() + rand() * 45 * 60_000);
    if (fate < 0.85) c = claim(c, { id: m.id, name: m.name }, claimedAt, new Date(created.getTime() + 8 * 3600_000));
    if (fate < 0.75) c = resolve(c, { id: m.id, name: m.name }, '办好了', new Date(created.getTime() + (3 + rand() * 40) * 3600_000));
    // 回访: two in three resolved cases answered, a day or two after 办结.
    if (c.status === 'resolved' && rand() < 0.67) {
      const at = new Date(c.resolution.at.getTime() + (1 + rand()) * 86400_000);
      const solved = rand() < 0.9;
      const satisfaction = (['satisfied', 'satisfied', 'basic', 'unsatisfied'] as const)[Math.floor(rand() * 4)];
      c = {
        ...c,
        followUp: { stage: 'done', askAt: at, callAt: at, caller: null, answer: { solved, satisfaction, comment: '', at, by: c.reporter, via: 'resident' } },
      };
    }
    // Brute force, from what was generated (not from the store): 三率 over the last 30 days up to `end`'s date.
    const due = created.getTime() + 30 * 60_000;
    if (due >= from30 && due < end) {
      brute.response.of++;
      if (fate < 0.85 && claimedAt.getTime() <= due) brute.response.n++;
    }
    const answer = c.followUp?.answer;
    if (answer && answer.at.getTime() >= from30 && answer.at.getTime() < until30) {
      brute.answers++;
      if (answer.solved) brute.solved++;
      if (answer.satisfaction !== 'unsatisfied') brute.satisfied++;
    }
    await seedCases.add(c);
  }
  const counting = countingDatabase(local as unknown as Database);
  const deps = depsOn(counting.db, { ...OFFLINE, clock: { now: () => new Date(end) } });
  const office = DEMO_PEOPLE.find((p) => p.role === 'office')!;
  for (const days of [30, 365]) {
    counting.reset();
    const start = performance.now();
    const view = await dashboard(deps, office, { days });
    const ms = performance.now() - start;
    console.log(
      `dashboard over ${total} cases, last ${days} days (${view.total} in window): ${counting.counts.calls} database calls ${JSON.stringify(counting.counts.byKind)}, ${counting.counts.docsRead} documents/rows read, ${ms.toFixed(0)} ms`,
    );
    const pct = (r: { n: number; of: number; rate: number | null }) => `${r.n}/${r.of} = ${r.rate === null ? '—' : (r.rate * 100).toFixed(1) + '%'}`;
    const t = view.rates.total;
    console.log(`  三率 ${view.from}…${view.to}: 响应率 ${pct(t.response)}, 解决率 ${pct(t.solved)}, 满意率 ${pct(t.satisfied)}`);
    if (days === 30) {
      const same =
        t.response.n === brute.response.n &&
        t.response.of === brute.response.of &&
        t.solved.n === brute.solved &&
        t.solved.of === brute.answers &&
        t.satisfied.n === brute.satisfied;
      console.log(
        `  brute force over the generated cases: 响应率 ${brute.response.n}/${brute.response.of}, 解决率 ${brute.solved}/${brute.answers}, 满意率 ${brute.satisfied}/${brute.answers} — ${same ? 'the same' : 'DIFFERENT'}`,
      );
      if (!same) process.exitCode = 1;
    }
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only === 'store-child') return benchStoreChild(process.argv[3], process.argv[4]);
  if (!only || only === 'routing') benchRouting(100_000);
  if (!only || only === 'sweep') {
    await benchSweep(10_000, 50);
    await benchSweep(10_000, 0);
  }
  if (!only || only === 'dashboard') for (const n of [1_000, 10_000, 100_000]) await benchDashboard(n);
  if (!only || only === 'actions') await benchActions(300);
  if (!only || only === 'store') {
    const sizes = process.argv.slice(3).map(Number);
    await benchStore(sizes.length > 0 ? sizes : [20_000, 50_000]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
