/**
 * The store at a decade's size (issue 15 item 5): `npm run bench -- store [N ...]` (default 20000 and 50000 cases).
 *
 * 1. Builds (once, cached under the OS temp dir) a file-backed local database holding N cases spread over ten years,
 *    written through the real adapter (CasesWxDb.add, then one compare-and-set replaceIfVersion per lifecycle step:
 *    claim, resolve, 回访 answer), as a running local cloud would have appended them — then closes it.
 * 2. In FRESH child processes (so memory is honest), on a copy of that directory:
 *    - "first start": opening the as-built files (every write still a line of nedb's append-only log) until every
 *      collection is loaded and ensureIndexes is done; RSS and heap used after a GC;
 *    - "restart": the same again on the files the first start left;
 *    - submit delay: the office dashboard use case (30 and 365 days), and meanwhile, every 20 ms, a resident's submit
 *      through the real use case (submitCase: config read, routing, insert, …); the worst and median submit latency
 *      while the dashboard runs, the same submits' median with no dashboard running, and the dashboard's own time.
 * Times depend on the machine (and its load): run it more than once before believing a figure.
 * BENCH_STORE_SUBMIT_MS sets the submit interval (default 20). BENCH_STORE_BUILD_ONLY=1 only builds (the build is slow: about 7 minutes for 20000 cases on 2 busy cores).
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { COLLECTIONS, INDEXES } from '../../cloudfunctions/adapters/wx/collections';
import { depsOn } from '../../cloudfunctions/adapters/wx/compose';
import type { Database } from '../../cloudfunctions/adapters/wx/db-types';
import { CasesWxDb } from '../../cloudfunctions/adapters/wx/repositories';
import type { Case } from '../../cloudfunctions/core/Case';
import { claim, openCase, resolve } from '../../cloudfunctions/core/Case';
import { dashboard } from '../../cloudfunctions/core/usecases';
import { submitCase } from '../../cloudfunctions/core/usecases/resident';
import { DEMO_COMMUNITY, DEMO_PEOPLE, seedDemo } from '../../cloudfunctions/local-cloud/demo-data';
import { closeLocalDatabase, createLocalDatabase, ensureIndexes } from '../../cloudfunctions/local-cloud/sdk/database';

/** Bump when the generated data changes, so a cached build is not reused. */
const BUILD_VERSION = 1;
/** The newest case; the dashboard and the submits run at this time (group 3 on duty). */
const END = Date.parse('2026-11-27T10:00:00+08:00');
const YEARS = 10;
/** How often a submit starts while the dashboard runs: BENCH_STORE_SUBMIT_MS, default 20 ms. */
const SUBMIT_EVERY_MS = Number(process.env.BENCH_STORE_SUBMIT_MS ?? 20);

const OFFLINE = {
  send: async () => ({ ok: true as const }),
  content: { text: async () => 'pass' as const, imageAsync: async () => ({ traceId: 'bench' }) },
  files: { urls: async (ids: string[]) => ids.map(() => '') },
};

const INDEX_SPEC = Object.fromEntries(Object.entries(INDEXES).map(([c, ix]) => [c, [...new Set(ix.flat())]]));

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** The N cases' states, oldest first: each case's successive versions (opened, claimed, resolved, answered). */
function* lifecycles(total: number): Generator<Case[]> {
  const rand = rng(11);
  const members = DEMO_PEOPLE.filter((p) => p.role === 'member');
  const residents = DEMO_PEOPLE.filter((p) => p.role === 'resident');
  for (let i = 0; i < total; i++) {
    const created = new Date(END - Math.floor(((total - i) / total) * YEARS * 365 * 86400_000) + Math.floor(rand() * 3600_000));
    const category = DEMO_COMMUNITY.categories[Math.floor(rand() * DEMO_COMMUNITY.categories.length)];
    const m = members[Math.floor(rand() * members.length)];
    const reporter = residents[i % residents.length];
    const states: Case[] = [];
    let c: Case = openCase({
      id: `s-${i}`,
      code: `S${i}`,
      reporter: { id: reporter.id, name: reporter.name },
      categoryId: category.id,
      description: `压测用的事项描述：第${i}件，楼道灯坏了好几天了，晚上看不见台阶`,
      place: { compoundId: DEMO_COMMUNITY.compounds[i % DEMO_COMMUNITY.compounds.length].id, building: `${1 + (i % 12)}幢`, unit: `${101 + (i % 6)}` },
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
    states.push(c);
    const fate = rand();
    // Old cases are all settled; the last few dozen are still open.
    const settled = i < total - 60;
    if (settled ? fate < 0.97 : fate < 0.5) {
      c = claim(c, { id: m.id, name: m.name }, new Date(created.getTime() + rand() * 45 * 60_000), new Date(created.getTime() + 8 * 3600_000));
      states.push(c);
    }
    if (c.status === 'claimed' && (settled || fate < 0.2)) {
      c = resolve(c, { id: m.id, name: m.name }, '办好了，灯已换新', new Date(created.getTime() + (3 + rand() * 40) * 3600_000));
      states.push(c);
    }
    if (c.status === 'resolved' && rand() < 0.67) {
      const at = new Date(c.resolution.at.getTime() + (1 + rand()) * 86400_000);
      const answer = {
        solved: rand() < 0.9,
        satisfaction: (['satisfied', 'satisfied', 'basic', 'unsatisfied'] as const)[Math.floor(rand() * 4)],
        comment: '',
        at,
        by: c.reporter,
        via: 'resident' as const,
      };
      c = { ...c, version: c.version + 1, followUp: { stage: 'done', askAt: at, callAt: at, caller: null, answer } };
      states.push(c);
    }
    yield states;
  }
}

/** Builds the store for `total` cases in `dir` through the adapter; returns the number of writes. */
async function build(dir: string, total: number): Promise<number> {
  const db = createLocalDatabase({ dir });
  await seedDemo(db);
  const cases = new CasesWxDb(db as unknown as Database);
  let writes = 0;
  let batch: Array<Promise<void>> = [];
  const write = async (states: Case[]) => {
    const [first, ...rest] = states;
    if (!(await cases.add(first))) throw new Error(`bench store: ${first.id} not added`);
    for (const next of rest) if (!(await cases.replaceIfVersion(next))) throw new Error(`bench store: ${next.id} v${next.version} refused`);
  };
  for (const states of lifecycles(total)) {
    writes += states.length;
    batch.push(write(states));
    if (batch.length === 200) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  // Indexed last: the same file (index declarations are lines of it too), built several times faster.
  await ensureIndexes(db, INDEX_SPEC);
  await closeLocalDatabase(db);
  return writes;
}

function builtStore(total: number): string {
  const dir = path.join(os.tmpdir(), `gk-bench-store-v${BUILD_VERSION}-${total}`);
  const done = path.join(dir, 'built.json');
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

function copyDir(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

function lines(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const text = fs.readFileSync(file, 'utf8');
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

// ---------------------------------------------------------------------------------------------------------------
// Child: one measurement in a fresh process

interface StartFigures {
  startMs: number;
  rssMb: number;
  heapMb: number;
  rssBeforeMb: number;
  heapBeforeMb: number;
}

interface LoadFigures {
  days: number;
  dashboardMs: number;
  inWindow: number;
  submits: number;
  worstMs: number;
  medianMs: number;
  idleMedianMs: number;
  /** The longest the event loop was blocked while the dashboard ran (perf_hooks.monitorEventLoopDelay, 10 ms resolution). */
  maxBlockMs: number;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};

async function openStore(dir: string): Promise<{ db: ReturnType<typeof createLocalDatabase>; figures: StartFigures }> {
  gc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const db = createLocalDatabase({ dir, now: () => END });
  await ensureIndexes(db, INDEX_SPEC);
  // Every collection loaded (nedb loads a collection on first use).
  await Promise.all(Object.values(COLLECTIONS).map((name) => db.collection(name).count()));
  const startMs = performance.now() - t0;
  gc();
  const after = process.memoryUsage();
  return {
    db,
    figures: { startMs, rssMb: mb(after.rss), heapMb: mb(after.heapUsed), rssBeforeMb: mb(before.rss), heapBeforeMb: mb(before.heapUsed) },
  };
}

async function childStart(dir: string): Promise<StartFigures> {
  const { db, figures } = await openStore(dir);
  await closeLocalDatabase(db);
  return figures;
}

async function childLoad(dir: string): Promise<{ start: StartFigures; loads: LoadFigures[] }> {
  const { db, figures } = await openStore(dir);
  const deps = depsOn(db as unknown as Database, { ...OFFLINE, clock: { now: () => new Date(END) } });
  const office = DEMO_PEOPLE.find((p) => p.role === 'office')!;
  const residents = DEMO_PEOPLE.filter((p) => p.role === 'resident');
  let n = 0;
  const submit = async (): Promise<number> => {
    const i = n++;
    const t = performance.now();
    await submitCase(deps, residents[i % residents.length], {
      categoryId: 'repair',
      description: `压测：楼道灯又坏了（${i}）`,
      place: { compoundId: 'hubin', building: '5幢', unit: '101' },
      clientRequestId: `bench-store-${i}-${process.pid}`,
    });
    return performance.now() - t;
  };
  // Warm up, then the same submits with nothing else running.
  for (let i = 0; i < 5; i++) await submit();
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) idle.push(await submit());
  const loads: LoadFigures[] = [];
  for (const days of [30, 365]) {
    const latencies: Array<Promise<number>> = [];
    let running = true;
    const blocked = monitorEventLoopDelay({ resolution: 10 });
    blocked.enable();
    const t0 = performance.now();
    const board = dashboard(deps, office, { days }).then((view) => {
      running = false;
      return { view, ms: performance.now() - t0 };
    });
    // A submit every SUBMIT_EVERY_MS (started on time, whether or not the previous one has finished) while the dashboard runs.
    while (running) {
      latencies.push(submit());
      await Promise.race([board, new Promise((r) => setTimeout(r, SUBMIT_EVERY_MS))]);
    }
    const { view, ms } = await board;
    blocked.disable();
    const done = await Promise.all(latencies);
    loads.push({
      days,
      dashboardMs: ms,
      inWindow: view.total,
      submits: done.length,
      worstMs: Math.max(...done),
      medianMs: median(done),
      idleMedianMs: median(idle),
      maxBlockMs: blocked.max / 1e6,
    });
  }
  await closeLocalDatabase(db);
  return { start: figures, loads };
}

/** Entry of the child process: `store-child <start|load> <dir>`; prints one JSON line. */
export async function benchStoreChild(mode: string, dir: string): Promise<void> {
  const out = mode === 'start' ? await childStart(dir) : await childLoad(dir);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild<T>(mode: 'start' | 'load', dir: string): T {
  const script = path.resolve(__dirname, '..', 'bench.ts');
  const res = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', script, 'store-child', mode, dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`bench store: child ${mode} failed (${res.status}): ${res.stderr}`);
  const last = res.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// Parent

export async function benchStore(totals: number[]): Promise<void> {
  for (const total of totals) {
    const rows: string[][] = [];
    const dir = builtStore(total);
    if (!fs.existsSync(path.join(dir, 'built.json'))) {
      const t = performance.now();
      const writes = await build(dir, total);
      fs.writeFileSync(path.join(dir, 'built.json'), JSON.stringify({ total, writes, ms: performance.now() - t }));
      console.log(`store: built ${total} cases (${writes} case writes) in ${((performance.now() - t) / 1000).toFixed(0)} s → ${dir}`);
    }
    if (process.env.BENCH_STORE_BUILD_ONLY) continue;
    const casesFile = (d: string) => path.join(d, `${COLLECTIONS.cases}.db`);
    const work = `${dir}-run`;
    copyDir(dir, work);
    const logLines = lines(casesFile(work));
    const logMb = mb(fs.statSync(casesFile(work)).size);
    const first = runChild<StartFigures>('start', work);
    const compactLines = lines(casesFile(work));
    const compactMb = mb(fs.statSync(casesFile(work)).size);
    const again = runChild<StartFigures>('start', work);
    const load = runChild<{ start: StartFigures; loads: LoadFigures[] }>('load', work);
    fs.rmSync(work, { recursive: true, force: true });
    console.log(
      `store ${total} cases: cases.db as built ${logLines} lines / ${logMb.toFixed(0)} MB; after the first start ${compactLines} lines / ${compactMb.toFixed(0)} MB`,
    );
    const f = (x: number, d = 0) => x.toFixed(d);
    const startRow = (label: string, s: StartFigures) => [
      `${total}`,
      label,
      `${f(s.startMs)} ms`,
      `${f(s.rssMb)} MB (${f(s.rssBeforeMb)} before open)`,
      `${f(s.heapMb)} MB (${f(s.heapBeforeMb)} before open)`,
      '',
      '',
    ];
    rows.push(startRow('first start (log as built)', first), startRow('restart', again), startRow('restart (load run)', load.start));
    for (const l of load.loads) {
      rows.push([
        `${total}`,
        `dashboard ${l.days} d (${l.inWindow} in window) + ${l.submits} submits, one per ${SUBMIT_EVERY_MS} ms`,
        '',
        '',
        '',
        `worst ${f(l.worstMs)} ms, median ${f(l.medianMs)} ms (idle median ${f(l.idleMedianMs)} ms)`,
        `${f(l.dashboardMs)} ms (event loop blocked ≤ ${f(l.maxBlockMs)} ms)`,
      ]);
    }
    printTable(rows);
  }
}

function printTable(rows: string[][]): void {
  const header = ['cases', 'what', 'start', 'RSS after start + GC', 'heap used after start + GC', 'submit latency during the dashboard', 'dashboard'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
