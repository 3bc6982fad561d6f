/**
 * Every action's time through the local cloud's HTTP endpoint (the bundled functions, the embedded store, WeChat's
 * platform rules), over a store holding `cases` reported cases; prints each action's median and slowest time and the
 * slowest of all, which must stay under the 3 s a function created by miniprogram-ci gets.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { startLocalCloud } from '../../cloudfunctions/local-cloud/server';

const ROOT = path.resolve(__dirname, '..', '..');
const DUTY = Date.parse('2026-11-27T10:00:00+08:00'); // group 3 on duty
const RESIDENTS = ['demo-resident-li', 'demo-resident-zhang', 'demo-resident-chen'];
const GROUP3 = ['demo-member-09', 'demo-member-10', 'demo-member-11', 'demo-member-12'];
const OFFICE = 'demo-office-wu';
const ADMIN = 'demo-admin';
const PIPE = { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };

type Reply = { ok: boolean; data?: { id?: string }; error?: { code: string } };

export async function benchActions(cases: number): Promise<void> {
  const functionsDir = path.join(ROOT, 'dist', 'cloud');
  if (!fs.existsSync(functionsDir)) throw new Error('dist/cloud missing: run npm run build:cloud');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-bench-'));
  const cloud = await startLocalCloud({ port: 0, dataDir, functionsDir, h5Dir: path.join(ROOT, 'dist', 'h5'), startAt: DUTY, timers: true });
  const times = new Map<string, number[]>();
  const refused = new Map<string, string[]>();
  const timed = async (name: string, run: () => Promise<Response>): Promise<Reply> => {
    const start = performance.now();
    const body = (await (await run()).json()) as Reply;
    times.set(name, [...(times.get(name) ?? []), performance.now() - start]);
    if (body.ok === false) refused.set(name, [...(refused.get(name) ?? []), body.error?.code ?? '?']);
    return body;
  };
  const call = (fn: string, action: string, payload: unknown, openid: string) =>
    timed(`${fn}.${action}`, () =>
      fetch(`${cloud.url}fn/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-openid': openid },
        body: JSON.stringify({ action, payload }),
      }),
    );
  const id = (r: Reply): string => {
    if (!r.ok || !r.data?.id) throw new Error(`bench: expected a case, got ${JSON.stringify(r)}`);
    return r.data.id;
  };
  try {
    for (let i = 0; i < cases; i++) id(await call('cases', 'submit', { ...PIPE, description: `楼道灯坏了，第${i + 1}件` }, RESIDENTS[i % 3]));
    for (let round = 0; round < 8; round++) {
      const member = GROUP3[round % 4];
      const colleague = GROUP3[(round + 1) % 4];
      // Fresh cases each round (the sweeps escalate the older ones to the office, whose queues grow).
      const [a, b, c] = [0, 1, 2].map(() => RESIDENTS[round % 3]);
      const ids = [];
      for (const who of [a, b, c]) ids.push(id(await call('cases', 'submit', PIPE, who)));
      const [caseA, caseB, caseC] = ids;
      await call('session', 'me', {}, member);
      await call('cases', 'dutyBoard', {}, member);
      await call('cases', 'get', { caseId: caseA }, member);
      await call('cases', 'claim', { caseId: caseA }, member);
      await call('cases', 'note', { caseId: caseA, text: '已联系电工' }, member);
      await call('cases', 'handOver', { caseId: caseA, toMemberId: colleague, note: '她住得近' }, member);
      await call('cases', 'release', { caseId: caseA, reason: '今天去医院' }, colleague);
      await call('cases', 'claim', { caseId: caseB }, member);
      await call('cases', 'resolve', { caseId: caseB, note: '灯换好了' }, member);
      await call('cases', 'claim', { caseId: caseC }, member);
      await call('cases', 'escalate', { caseId: caseC, reason: '需要社区协调' }, member);
      await call('cases', 'handled', {}, member);
      await call('office', 'queues', { queue: 'escalated' }, OFFICE);
      await call('office', 'assign', { caseId: caseC, assigneeId: OFFICE }, OFFICE);
      await call('cases', 'resolve', { caseId: caseC, note: '社区已协调' }, OFFICE);
      const reporter = RESIDENTS[round % 3];
      await call('cases', 'listMine', {}, reporter);
      await call('cases', 'reopen', { caseId: caseB, reason: '灯又坏了' }, reporter);
      await call('messages', 'list', {}, reporter);
      await call('messages', 'markRead', {}, reporter);
      await call('office', 'dashboard', { days: 30 }, OFFICE);
      await call('admin', 'overview', {}, ADMIN);
      await call('admin', 'rotaPreview', { days: 28 }, ADMIN);
      await call('admin', 'audit', {}, ADMIN);
      // Half an hour later: the sweeper's timer fires (SLA escalations, effects left over) through the same runner.
      await timed('sweeper (clock +30 min)', () =>
        fetch(`${cloud.url}__dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMinutes: 30 }) }),
      );
    }
    const rows = [...times.entries()]
      .map(([name, ms]) => ({ name, n: ms.length, median: [...ms].sort((x, y) => x - y)[Math.floor(ms.length / 2)], max: Math.max(...ms) }))
      .sort((x, y) => y.max - x.max);
    console.log(`actions through the local cloud over ${cases} cases (ms; HTTP round trip included):`);
    for (const r of rows)
      console.log(`  ${r.name.padEnd(24)} n=${String(r.n).padStart(3)}  median ${r.median.toFixed(0).padStart(4)}  max ${r.max.toFixed(0).padStart(5)}`);
    for (const [name, codes] of refused) console.log(`  refused: ${name} ${codes.join(', ')}`);
    const slow = (await (await fetch(`${cloud.url}__dev/slow`)).json()) as { slow: unknown[] };
    console.log(`slowest action: ${rows[0].name} ${rows[0].max.toFixed(0)} ms; invocations over 3 s reported by the runner: ${slow.slow.length}`);
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
