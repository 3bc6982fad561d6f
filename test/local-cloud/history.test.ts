/**
 * The history a fresh `npm start` replays (issue 15 item 4, cloudfunctions/local-cloud/history.ts), through the
 * start script on the real bundles (npm run build:cloud): cases made by the functions with the clock moved and the
 * timer run between steps — the dashboard's 三率 have figures, 张阿姨 got her message yesterday, the 通报 of the past
 * weeks exist, the clock is back at the start instant, the same seed gives the same history, and a restart does not
 * replay it again. (A child process: the functions must see the local cloud's clock, which jest's sandbox would hide.)
 */
import type { RunningCloud } from '../support/local-cloud';
import { ok, startCloud } from '../support/local-cloud';

const START_ISO = '2026-11-30T10:00:00+08:00';
const START = Date.parse(START_ISO);
const DAYS = 14;
type Summary = { reported: number; joined: number; calls: number; refused: number; refusals: Record<string, number>; ticks: number };
const summaryOf = (c: RunningCloud): Summary | null => {
  const m = /HISTORY_SUMMARY=(.+)/.exec(c.output());
  return m ? (JSON.parse(m[1]) as Summary) : null;
};
const start = (dataDir?: string) => startCloud({ now: START_ISO, timers: false, history: true, dataDir, args: ['--history', String(DAYS), '--no-h5'] });

let cloud: RunningCloud;
let first: Summary;
beforeAll(async () => {
  cloud = await start();
  first = summaryOf(cloud)!;
}, 300_000);
afterAll(async () => {
  await cloud?.stop();
});

it('replays the days through the functions: cases reported, joined, handled; few refusals', () => {
  const h = first;
  expect(h).not.toBeNull();
  expect(cloud.output()).toContain(`近${DAYS}天的演示历史`);
  // Weekdays 3–7 reports, weekends 1–4: 14 days make dozens.
  expect(h.reported).toBeGreaterThan(30);
  expect(h.calls).toBeGreaterThan(h.reported * 3);
  // A refusal is the rota or the SLA clock getting there first (a late claim, a note after a hand-up), never bad input.
  expect(Object.keys(h.refusals).filter((k) => !/ (CASE_NOT_CLAIMABLE|CASE_NOT_FOUND|FORBIDDEN|CASE_NOT_SIMILAR)$/.test(k))).toEqual([]);
  expect(h.refused).toBeLessThan(h.calls / 5);
});

it('the clock is back at the start instant (plus the replay time)', async () => {
  const clock = await cloud.get<{ now: string }>('/__dev/clock');
  const now = Date.parse(clock.now);
  expect(now).toBeGreaterThanOrEqual(START);
  // The replay's own time (well under this on any machine that runs the suite).
  expect(now - START).toBeLessThan(5 * 60_000);
});

it('the dashboard has 三率 from the history: responses, 回访 answers, members and groups', async () => {
  const d = ok(
    await cloud.call<{
      rates: { total: Record<'response' | 'solved' | 'satisfied', { n: number; of: number }>; byMember: unknown[]; byGroup: unknown[] };
    }>('office', 'dashboard', { days: 30 }, 'demo-office-wu'),
  );
  expect(d.rates.total.response.of).toBeGreaterThan(20);
  expect(d.rates.total.response.n).toBeGreaterThan(d.rates.total.response.of / 2);
  expect(d.rates.total.solved.of).toBeGreaterThan(5);
  expect(d.rates.total.satisfied.n).toBeGreaterThan(0);
  expect(d.rates.byMember.length).toBeGreaterThan(3);
});

it('张阿姨 got the message that her case was resolved yesterday', async () => {
  const { items } = ok(
    await cloud.call<{ items: Array<{ at: string; title: string; text: string; caseId: string | null }> }>('messages', 'list', {}, 'demo-resident-zhang'),
  );
  const yesterday = new Date(START - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const local = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
  const fromYesterday = items.filter((m) => local(m.at) === yesterday);
  expect(fromYesterday.map((m) => m.text).join('\n')).toMatch(/办好|办结|处理/);
  const mine = ok(await cloud.call<{ cases: Array<{ id: string; status: string }> }>('cases', 'listMine', {}, 'demo-resident-zhang'));
  expect(mine.cases.some((c) => c.status === 'resolved')).toBe(true);
});

it('the timer made the weekly 通报 of the past weeks', async () => {
  const { reports } = ok(await cloud.call<{ reports: Array<{ id: string }> }>('office', 'reports', {}, 'demo-office-wu'));
  expect(reports.filter((r) => r.id.startsWith('week_')).length).toBeGreaterThanOrEqual(2);
});

it('the same seed and end give the same history; a restart on the same data does not replay it', async () => {
  const again = await start();
  try {
    expect(summaryOf(again)).toEqual(first);
  } finally {
    await again.stop();
  }
  const { dataDir } = cloud;
  await cloud.stop();
  cloud = await start(dataDir);
  expect(summaryOf(cloud)).toBeNull();
  expect(cloud.output()).not.toContain('演示历史');
}, 300_000);
