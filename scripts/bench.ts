/**
 * Benchmarks that print figures (not timed tests): `npm run bench`.
 *  1. routing decisions per second over 100k requests (the demo community's rota, categories and members);
 *  2. one SLA sweep over 10k open cases: database calls and documents read (counted exactly), and its time.
 * Times depend on the machine; counts do not.
 */
import { performance } from 'perf_hooks';
import { COLLECTIONS, COMMUNITY_CONFIG_ID } from '../cloudfunctions/adapters/wx/collections';
import type { Database } from '../cloudfunctions/adapters/wx/db-types';
import { CasesWxDb, CommunityWxDb, PeopleWxDb } from '../cloudfunctions/adapters/wx/repositories';
import { claim, openCase } from '../cloudfunctions/core/Case';
import { route } from '../cloudfunctions/core/routing';
import { addDutyTime } from '../cloudfunctions/core/rota';
import { sweepOverdue } from '../cloudfunctions/core/usecases';
import { countingDatabase } from '../cloudfunctions/local-cloud/counting';
import { DEMO_COMMUNITY, DEMO_PEOPLE } from '../cloudfunctions/local-cloud/demo-data';
import { createLocalDatabase } from '../cloudfunctions/local-cloud/sdk/database';

/** A small deterministic PRNG so every run routes the same requests. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
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
  await local.collection(COLLECTIONS.config).doc(COMMUNITY_CONFIG_ID).set({ data: { ...DEMO_COMMUNITY } });
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
  const deps = {
    clock: { now: () => sweepAt },
    cases: new CasesWxDb(counting.db),
    community: new CommunityWxDb(counting.db),
    people: new PeopleWxDb(counting.db),
  };
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

async function main(): Promise<void> {
  benchRouting(100_000);
  await benchSweep(10_000, 50);
  await benchSweep(10_000, 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
