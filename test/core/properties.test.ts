/**
 * Property tests (fast-check). Run counts are printed, and fixed by NUM_RUNS so CI time stays predictable.
 */
import fc from 'fast-check';
import type { Case, RoutingDecision } from '../../cloudfunctions/core/Case';
import {
  addNote,
  assign,
  claim,
  escalate,
  handOver,
  openCase,
  recategorise,
  reject,
  release,
  reopen,
  resolve,
  responsibleParty,
  returnToStudio,
} from '../../cloudfunctions/core/Case';
import type { Person } from '../../cloudfunctions/core/community';
import { DEFAULT_CATEGORIES, onLeave } from '../../cloudfunctions/core/community';
import { DomainError } from '../../cloudfunctions/core/errors';
import type { Rota } from '../../cloudfunctions/core/rota';
import dayjs from 'dayjs';
import { DEFAULT_ROTA, addDutyTime, localDate, localText, nextShift, onDuty } from '../../cloudfunctions/core/rota';
import { route } from '../../cloudfunctions/core/routing';
import { submitCase, claimCase, sweepOverdue } from '../../cloudfunctions/core/usecases';
import { aCommunity, aMember, aPerson, aRouting, fakeDeps } from '../fakes';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const runs: Record<string, number> = {};
const check = <T>(name: string, prop: fc.IPropertyWithHooks<T> | fc.IAsyncPropertyWithHooks<T>, numRuns = NUM_RUNS) => {
  runs[name] = numRuns;
  return fc.assert(prop as fc.IProperty<T>, { numRuns });
};
afterAll(() => console.log(`property runs: ${JSON.stringify(runs)}`));

const T0 = Date.parse('2026-01-01T00:00:00+08:00');
const TWO_YEARS = 2 * 365 * 24 * 3600_000;
const GROUPS = ['g1', 'g2', 'g3', 'g4'];
const COMPOUNDS = ['nanhetou', 'hongqiao', 'hubin', 'jianguomen'];

const dateArb = fc.integer({ min: 0, max: 729 }).map((d) => new Date(T0 + d * 86400_000).toISOString().slice(0, 10));
const instantArb = fc.integer({ min: 0, max: TWO_YEARS }).map((ms) => new Date(T0 + ms));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Random but valid rotas: unit, start, order, hours, holidays, closed weekdays, swaps. */
const rotaArb: fc.Arbitrary<Rota> = fc
  .record({
    unit: fc.constantFrom<'day' | 'week'>('day', 'week'),
    start: dateArb,
    order: fc.shuffledSubarray(GROUPS, { minLength: 1 }),
    startMin: fc.integer({ min: 0, max: 22 * 60 }),
    length: fc.integer({ min: 30, max: 12 * 60 }),
    closedDates: fc.uniqueArray(dateArb, { maxLength: 30 }),
    closedWeekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    swaps: fc.uniqueArray(fc.record({ date: dateArb, groupId: fc.constantFrom(...GROUPS) }), { maxLength: 10, selector: (s) => s.date }),
  })
  .map((r) => ({
    ...DEFAULT_ROTA,
    unit: r.unit,
    start: r.start,
    order: r.order,
    hours: { start: hhmm(r.startMin), end: hhmm(Math.min(r.startMin + r.length, 23 * 60 + 59)) },
    closedDates: r.closedDates,
    closedWeekdays: r.closedWeekdays,
    swaps: r.swaps,
  }));

/** A brute-force reference for onDuty: fixed UTC+8 arithmetic, no dayjs, no time-zone database. */
function referenceOnDuty(rota: Rota, instant: Date): string | null {
  const local = instant.getTime() + 8 * 3600_000;
  const day = Math.floor(local / 86400_000);
  const minute = Math.floor((local - day * 86400_000) / 60_000);
  const [sh, sm] = rota.hours.start.split(':').map(Number);
  const [eh, em] = rota.hours.end.split(':').map(Number);
  if (minute < sh * 60 + sm || minute >= eh * 60 + em) return null;
  const date = new Date(day * 86400_000).toISOString().slice(0, 10);
  const swap = rota.swaps.find((s) => s.date === date);
  if (swap) return swap.groupId;
  if (rota.closedDates.includes(date)) return null;
  if (rota.closedWeekdays.includes(new Date(day * 86400_000).getUTCDay())) return null;
  const startDay = Math.round(Date.parse(`${rota.start}T00:00:00Z`) / 86400_000);
  const turn = Math.floor((day - startDay) / (rota.unit === 'week' ? 7 : 1));
  const n = rota.order.length;
  return rota.order[((turn % n) + n) % n];
}

const membersArb: fc.Arbitrary<Person[]> = fc
  .array(
    fc.record({
      group: fc.constantFrom(...GROUPS),
      compounds: fc.subarray(COMPOUNDS),
      leave: fc.array(fc.tuple(dateArb, fc.integer({ min: 0, max: 20 })), { maxLength: 2 }),
    }),
    { maxLength: 16 },
  )
  .map((ms) =>
    ms.map((m, i) =>
      aMember(
        `m${i}`,
        m.group,
        `成员${i}`,
        m.compounds,
        m.leave.map(([from, days]) => ({ from, to: new Date(Date.parse(from) + days * 86400_000).toISOString().slice(0, 10) })),
      ),
    ),
  );

describe('rota', () => {
  it('onDuty agrees with a brute-force reference over two years of instants', () => {
    check(
      'onDuty = reference',
      fc.property(rotaArb, fc.array(instantArb, { minLength: 20, maxLength: 20 }), (rota, instants) => {
        for (const t of instants) expect(onDuty(rota, t)?.groupId ?? null).toBe(referenceOnDuty(rota, t));
      }),
    );
  });

  it('addDutyTime lands exactly where a minute-by-minute count of duty time reaches the target', () => {
    check(
      'addDutyTime = minute count',
      fc.property(rotaArb, instantArb, fc.integer({ min: 0, max: 600 }), (rota, from, minutes) => {
        const start = new Date(Math.floor(from.getTime() / 60_000) * 60_000);
        const got = addDutyTime(rota, start, minutes);
        fc.pre(got !== null && got.getTime() - start.getTime() < 40 * 86400_000);
        let counted = 0;
        for (let t = start.getTime(); t < got!.getTime(); t += 60_000) if (referenceOnDuty(rota, new Date(t))) counted++;
        expect(counted).toBe(minutes);
        // The deadline itself is a duty minute (or the end of one) unless nothing had to be counted.
        if (minutes > 0) expect(referenceOnDuty(rota, new Date(got!.getTime() - 60_000))).not.toBeNull();
      }),
      100,
    );
  });
});

describe('time-zone caches', () => {
  it('localDate and localText agree with dayjs in zones with daylight saving too', () => {
    check(
      'cached zone offsets = dayjs',
      fc.property(
        fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'),
        // Random instants, and instants around real transitions (Berlin, New York, Lord Howe's half-hour change).
        fc.oneof(
          instantArb,
          fc
            .constantFrom(
              '2026-03-29T00:59:00Z',
              '2026-03-29T01:00:00Z',
              '2026-10-25T00:59:00Z',
              '2026-10-25T01:01:00Z',
              '2026-03-08T06:59:00Z',
              '2026-03-08T07:00:00Z',
              '2026-11-01T05:59:00Z',
              '2026-11-01T06:00:00Z',
              '2026-04-04T14:59:00Z',
              '2026-04-04T15:00:00Z',
              '2026-10-03T15:29:00Z',
              '2026-10-03T15:30:00Z',
            )
            .map((iso) => new Date(iso)),
        ),
        (tz, t) => {
          const rota = { ...DEFAULT_ROTA, timezone: tz };
          expect(localDate(rota, t)).toBe(dayjs(t).tz(tz).format('YYYY-MM-DD'));
          expect(localText(rota, t)).toBe(dayjs(t).tz(tz).format('M月D日 HH:mm'));
        },
      ),
      1000,
    );
  });
});

describe('routing', () => {
  it('every request ends in exactly one place, with a reason, never in a pool nobody can work', () => {
    const community = aCommunity();
    check(
      'route is total',
      fc.property(
        rotaArb,
        membersArb,
        fc.constantFrom(...DEFAULT_CATEGORIES),
        fc.constantFrom(...COMPOUNDS),
        fc.boolean(),
        instantArb,
        (rota, members, category, compound, urgent, now) => {
          const d = route(
            { categoryId: category.id, compoundId: compound, urgent },
            category,
            { rota, groups: community.groups, categories: DEFAULT_CATEGORIES, members },
            now,
          );
          expect(['studio', 'office']).toContain(d.target);
          expect(d.reason.length).toBeGreaterThan(0);
          if (d.expectedBy) expect(d.expectedBy.getTime()).toBeGreaterThanOrEqual(now.getTime());
          if (d.target === 'office') {
            expect(d.groupId).toBeNull();
            expect(d.preferredMemberIds).toEqual([]);
          } else {
            expect(category.handler).toBe('studio');
            expect(GROUPS).toContain(d.groupId);
            const date = (onDuty(rota, now) ?? nextShift(rota, now))!.date;
            const availableMembers = members.filter((m) => m.groupId === d.groupId && !onLeave(m, date));
            expect(availableMembers.length).toBeGreaterThan(0);
            for (const id of d.preferredMemberIds) expect(availableMembers.find((m) => m.id === id)?.compounds).toContain(compound);
          }
          if (category.emergency) expect(d.rule).toBe('emergency');
        },
      ),
    );
  });
});

describe('case transitions', () => {
  const actors = {
    wang: { id: 'm-wang', name: '王思瑛' },
    lu: { id: 'm-lu', name: '陆建国' },
    zhang: { id: 'r1', name: '张阿姨' },
    wu: { id: 'o-wu', name: '吴霞' },
  };
  const at = new Date('2026-11-26T02:00:00Z');
  const studio = aRouting({ reason: '由第二组处理', expectedBy: at });
  const office: RoutingDecision = { ...studio, target: 'office', rule: 'office-only', groupId: null, reason: '已上报社区' };
  type Step = (c: Case) => Case;
  const steps: Array<[string, Step]> = [
    ['wang claims', (c) => claim(c, actors.wang, at, at)],
    ['lu claims', (c) => claim(c, actors.lu, at, at)],
    ['wang resolves', (c) => resolve(c, actors.wang, '好了', at)],
    ['lu resolves', (c) => resolve(c, actors.lu, '好了', at)],
    ['lu escalates', (c) => escalate(c, { trigger: 'manual', by: actors.lu, reason: '要社区' }, at, at)],
    ['claim SLA', (c) => escalate(c, { trigger: 'claim-sla', by: null, reason: '超时' }, at, at)],
    ['resolve SLA', (c) => escalate(c, { trigger: 'resolve-sla', by: null, reason: '超时' }, at, at)],
    ['resident reopens', (c) => reopen(c, actors.zhang, '没修好', at, { resolveDueAt: at, officeExpectedBy: at })],
    ['office returns', (c) => returnToStudio(c, actors.wu, '工作室处理', studio, at)],
    ['office recategorises to office', (c) => recategorise(c, actors.wu, { id: 'certificate', name: '开具证明' }, '改', office, at)],
    ['office recategorises to studio', (c) => recategorise(c, actors.wu, { id: 'repair', name: '水电维修' }, '改', studio, at)],
    ['wang releases', (c) => release(c, actors.wang, '忙不过来', at, at)],
    ['wang hands over to lu', (c) => handOver(c, actors.wang, actors.lu, '你熟悉', at)],
    ['lu hands over to wang', (c) => handOver(c, actors.lu, actors.wang, '你熟悉', at)],
    ['wu takes it at the office', (c) => assign(c, actors.wu, actors.wu, at, at)],
    ['wu resolves', (c) => resolve(c, actors.wu, '办好了', at)],
    ['office rejects', (c) => reject(c, actors.wu, '恶意骚扰', at)],
    ['wang notes', (c) => addNote(c, actors.wang, '已联系物业', at)],
  ];

  it('no sequence leaves an open case with two holders or none, and history only grows', () => {
    check(
      'transition invariants',
      fc.property(fc.array(fc.integer({ min: 0, max: steps.length - 1 }), { maxLength: 30 }), (picks) => {
        let c: Case = openCase({
          id: 'c',
          code: 'C',
          reporter: actors.zhang,
          categoryId: 'repair',
          description: '漏水漏水',
          place: { compoundId: 'hubin', building: '', unit: '' },
          contactPhone: '',
          routing: studio,
          urgent: false,
          filedFor: null,
          now: at,
        });
        for (const i of picks) {
          let next: Case;
          try {
            next = steps[i][1](c);
          } catch (err) {
            expect(err).toBeInstanceOf(DomainError); // refused transitions are domain errors, never crashes
            continue;
          }
          expect(next.version).toBe(c.version + 1);
          expect(next.timeline.slice(0, c.timeline.length)).toEqual(c.timeline);
          expect(next.timeline.length).toBeGreaterThan(c.timeline.length);
          c = next;
          const party = responsibleParty(c);
          if (c.status === 'resolved') {
            expect(party).toBeNull();
            expect(c.resolution.by).toEqual(c.holder);
          } else if (c.status === 'rejected') {
            expect(party).toBeNull();
            expect('holder' in c).toBe(false);
          } else {
            expect(party).not.toBeNull();
            if (c.status === 'claimed') {
              expect(c.holder.id.length).toBeGreaterThan(0);
              expect(party).toEqual({ kind: 'person', id: c.holder.id });
            } else {
              expect('holder' in c).toBe(false);
              expect(party!.kind).toBe(c.routing.target === 'office' ? 'office' : 'pool');
            }
          }
        }
      }),
    );
  });
});

describe('SLA sweep', () => {
  it('is idempotent: a second run right after changes nothing', async () => {
    const people = [aPerson({ id: 'r1', name: '张阿姨' }), ...GROUPS.map((g, i) => aMember(`m${i}`, g, `成员${i}`))];
    await check(
      'sweep idempotent',
      fc.asyncProperty(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 14 * 86400_000 }),
            claimIt: fc.boolean(),
            category: fc.constantFrom('repair', 'policy', 'dispute', 'unsure'),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 20 * 86400_000 }),
        async (reports, sweepAfter) => {
          const base = Date.parse('2026-11-20T00:00:00+08:00');
          const deps = fakeDeps({ now: new Date(base), people });
          for (const r of [...reports].sort((a, b) => a.at - b.at)) {
            deps.clock.set(new Date(base + r.at));
            const v = await submitCase(deps, people[0], {
              categoryId: r.category,
              description: '楼道灯坏了好几天',
              place: { compoundId: 'hubin', building: '', unit: '' },
            });
            const holder = people.find((p) => p.groupId === v.routing.groupId);
            if (r.claimIt && holder && v.can) await claimCase(deps, holder, v.id).catch(() => undefined);
          }
          deps.clock.set(new Date(base + sweepAfter));
          await sweepOverdue(deps);
          const after = JSON.stringify([...deps.cases.byId.values()]);
          expect(await sweepOverdue(deps)).toEqual({ handedOver: 0, handedToOffice: 0, claimEscalated: 0, resolveEscalated: 0, skipped: 0 });
          expect(JSON.stringify([...deps.cases.byId.values()])).toBe(after);
        },
      ),
      100,
    );
  });
});

describe('交接班 (the promise holds over time)', () => {
  it('a case waiting in the studio pool is claimable by the group on duty at every duty instant, and escalates only at its deadline', async () => {
    const people = [
      aPerson({ id: 'r1', name: '张阿姨' }),
      ...GROUPS.flatMap((g, i) => [aMember(`m${i}a`, g, `成员${i}甲`), aMember(`m${i}b`, g, `成员${i}乙`)]),
    ];
    await check(
      'pool claimable by whoever is on duty',
      fc.asyncProperty(
        rotaArb,
        fc.integer({ min: 0, max: 60 * 86400_000 }),
        fc.integer({ min: 0, max: 5 * 86400_000 }),
        fc.boolean(),
        async (rota, filedAfter, laterBy, sweepFirst) => {
          const filed = new Date(T0 + filedAfter);
          const deps = fakeDeps({ now: filed, people, community: aCommunity({ rota }) });
          const v = await submitCase(deps, people[0], {
            categoryId: 'repair',
            description: '楼道灯坏了好几天',
            place: { compoundId: 'hubin', building: '', unit: '' },
          });
          if (v.routing.target !== 'studio') return;
          const later = new Date(filed.getTime() + laterBy);
          const shift = onDuty(rota, later);
          if (!shift) return;
          deps.clock.set(later);
          if (sweepFirst) await sweepOverdue(deps);
          const due = v.expectation ? Date.parse(v.expectation.by) : Infinity;
          const onDutyMember = people.find((p) => p.groupId === shift.groupId)!;
          const offDuty = people.find((p) => p.role === 'member' && p.groupId !== shift.groupId)!;
          const { getCase } = await import('../../cloudfunctions/core/usecases');
          const asResident = await getCase(deps, people[0], v.id);
          // Only the sweeper moves it away from the studio, and exactly when its deadline (in duty time) has passed.
          expect(asResident.routing.target === 'office').toBe(sweepFirst && later.getTime() >= due);
          if (asResident.routing.target === 'office') return;
          const seen = await getCase(deps, onDutyMember, v.id);
          expect(seen.can.claim).toBe(true);
          expect(seen.holderText).toBe(`${aCommunity().groups.find((g) => g.id === shift.groupId)!.name}值班成员`);
          expect((await getCase(deps, offDuty, v.id)).can.claim).toBe(false);
          expect((await claimCase(deps, onDutyMember, v.id)).status).toBe('claimed');
        },
      ),
      200,
    );
  });
});
