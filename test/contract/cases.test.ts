/** Contract of the Cases port: the in-memory fake and the adapter on the local database behave alike. */
import type { Case } from '../../cloudfunctions/core/Case';
import {
  absorb,
  answerFollowUp,
  askFollowUp,
  assign,
  callBackDue,
  cancel,
  claim,
  escalate,
  follow,
  handOver,
  mergeAway,
  openFollowUp,
  resolve,
  takeCallBack,
} from '../../cloudfunctions/core/Case';
import { DEFAULT_FOLLOW_UP } from '../../cloudfunctions/core/community';
import type { EffectBody } from '../../cloudfunctions/core/effects';
import { EFFECT_GRACE_MS, effectsOf, withEffects } from '../../cloudfunctions/core/effects';
import { checkingPhoto, photoChecked, stageOf, uploaderOf } from '../../cloudfunctions/core/photo-checks';
import type { Ports, PortsFactory } from './support';
import type { Database } from '../../cloudfunctions/adapters/wx/db-types';
import { IMPLEMENTATIONS, aCase, at, freshPorts, ids, localFactory, lu, office, resident, studio, wang, wu } from './support';

const credit: EffectBody = { kind: 'credit', personId: 'r1', answers: { TMPL_RESOLVED: 'accept', TMPL_PROGRESS: 'reject' } };
const place: EffectBody = { kind: 'place', personId: 'r1', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const slot = (memberId: string): EffectBody => ({ kind: 'slot', op: 'free', memberId });

/** A case claimed by `who` at `minutes`, due to be resolved at `dueMinutes`. */
const claimed = (c: Case, who = wang, minutes = 10, dueMinutes: number | null = 120) => claim(c, who, at(minutes), dueMinutes === null ? null : at(dueMinutes));

export function casesContract(make: PortsFactory) {
  const p = freshPorts(make);

  describe('add / ofId', () => {
    it('stores a case with its pending effects and reads it back as it was', async () => {
      const c = withEffects(aCase('c1', 0), [credit, place], at(0));
      expect(await p.cases.add(c)).toBe(true);
      const back = await p.cases.ofId('c1');
      expect(back).toEqual(c);
      expect(back!.effects.map((e) => [e.id, e.v, e.due])).toEqual([
        ['e0_0', 0, new Date(at(0).getTime() + EFFECT_GRACE_MS)],
        ['e0_1', 0, new Date(at(0).getTime() + EFFECT_GRACE_MS)],
      ]);
      expect(back!.createdAt).toBeInstanceOf(Date); // a Date of this realm, as the adapter gives
      expect(back!.routing.expectedBy).toBeInstanceOf(Date);
      expect(back!.timeline[0].at).toBeInstanceOf(Date);
    });

    it('reads back a claimed case, an office case without a deadline, and an urgent one', async () => {
      const cs: Case[] = [
        claimed(aCase('c1', 0)),
        claimed(aCase('c2', 1), lu, 5, null),
        aCase('c3', 2, { routing: office('office-only', null) }),
        aCase('c4', 3, { routing: office('emergency', at(10)), urgent: true }),
      ];
      for (const c of cs) expect(await p.cases.add(c)).toBe(true);
      for (const c of cs) expect(await p.cases.ofId(c.id)).toEqual(c);
    });

    it('a second add with the same id is refused and changes nothing', async () => {
      const c = withEffects(aCase('c1', 0), [credit], at(0));
      expect(await p.cases.add(c)).toBe(true);
      expect(await p.cases.add({ ...aCase('c1', 5), description: '别的事' })).toBe(false);
      expect(await p.cases.ofId('c1')).toEqual(c);
    });

    it('an unknown id reads as null', async () => {
      expect(await p.cases.ofId('nope')).toBeNull();
    });

    it('what ofId returns is a copy: changing it changes nothing stored', async () => {
      await p.cases.add(aCase('c1', 0));
      const back = (await p.cases.ofId('c1'))!;
      back.description = 'changed';
      back.timeline.push({ at: at(1), kind: 'noted', text: 'x', by: null });
      expect(await p.cases.ofId('c1')).toEqual(aCase('c1', 0));
    });
  });

  describe('replaceIfVersion (compare-and-set on version)', () => {
    it('replaces the stored case when its version is one behind, and records only the new version’s effects beside the earlier pending ones', async () => {
      const c = withEffects(aCase('c1', 0), [credit, place], at(0));
      await p.cases.add(c);
      const next = withEffects(claimed(c), [slot('m-x')], at(10));
      expect(next.effects.map((e) => e.id)).toEqual(['e0_0', 'e0_1', 'e1_0']);
      expect(await p.cases.replaceIfVersion(next)).toBe(true);
      const back = (await p.cases.ofId('c1'))!;
      expect(back).toEqual(next);
      expect(back.status).toBe('claimed');
      expect(back.version).toBe(1);
    });

    it('stores only the effects of the new version: effects of earlier versions it carries are not written again', async () => {
      const c = withEffects(aCase('c1', 0), [credit, place], at(0));
      await p.cases.add(c);
      await p.cases.settleEffects('c1', 0); // v0's effects completed
      const next = withEffects(claimed(c), [slot('m-x')], at(10)); // still carries v0's effects in memory
      expect(await p.cases.replaceIfVersion(next)).toBe(true);
      expect((await p.cases.ofId('c1'))!.effects).toEqual(effectsOf(next));
    });

    it('a write with no effects keeps the pending ones', async () => {
      const c = withEffects(aCase('c1', 0), [credit], at(0));
      await p.cases.add(c);
      const next = claimed(c);
      expect(await p.cases.replaceIfVersion(next)).toBe(true);
      expect((await p.cases.ofId('c1'))!.effects).toEqual(c.effects);
    });

    it('refuses a stale version, a version jump and an unknown case, leaving the stored case alone', async () => {
      const c = aCase('c1', 0);
      await p.cases.add(c);
      const first = claimed(c, wang);
      expect(await p.cases.replaceIfVersion(first)).toBe(true);
      expect(await p.cases.replaceIfVersion(claimed(c, lu))).toBe(false); // built on version 0 too
      expect(await p.cases.replaceIfVersion({ ...resolve(first, wang, '修好了', at(20)), version: 3 })).toBe(false);
      expect(await p.cases.replaceIfVersion(claimed(aCase('nope', 0)))).toBe(false);
      expect(await p.cases.ofId('c1')).toEqual(first);
      expect(await p.cases.ofId('nope')).toBeNull();
    });

    it('of ten parallel claims built on the same version exactly one wins', async () => {
      const c = aCase('c1', 0);
      await p.cases.add(c);
      const who = Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, name: `成员${i}` }));
      const wins = await Promise.all(who.map((m) => p.cases.replaceIfVersion(claim(c, m, at(5), at(60)))));
      expect(wins.filter(Boolean)).toHaveLength(1);
      const winner = who[wins.indexOf(true)];
      expect((await p.cases.ofId('c1')) as Case & { holder: unknown }).toMatchObject({ status: 'claimed', version: 1, holder: winner });
    });

    it('replaces fields wholesale: an escalated case loses its holder and its old routing', async () => {
      const c = claimed(aCase('c1', 0));
      await p.cases.add(c);
      const up = escalate(c, { trigger: 'manual', by: wang, reason: '需要社区协调' }, at(30), at(90));
      expect(await p.cases.replaceIfVersion(up)).toBe(true);
      const back = await p.cases.ofId('c1');
      expect(back).toEqual(up);
      expect(back).not.toHaveProperty('holder');
      expect(back!.routing).toEqual(up.routing);
    });
  });

  describe('settleEffects / withPendingEffects', () => {
    it('clears the pending effects of the version given', async () => {
      await p.cases.add(withEffects(aCase('c1', 0), [credit, place], at(0)));
      await p.cases.settleEffects('c1', 0);
      expect((await p.cases.ofId('c1'))!.effects).toEqual([]);
      expect(await p.cases.withPendingEffects(at(100), 10)).toEqual([]);
    });

    it('leaves them when the case moved on meanwhile, and ignores an unknown case', async () => {
      const c = withEffects(aCase('c1', 0), [credit], at(0));
      await p.cases.add(c);
      const next = withEffects(claimed(c), [slot('m-x')], at(10));
      await p.cases.replaceIfVersion(next);
      await p.cases.settleEffects('c1', 0);
      await p.cases.settleEffects('nope', 0);
      expect((await p.cases.ofId('c1'))!.effects).toEqual(next.effects);
      await p.cases.settleEffects('c1', 1);
      expect((await p.cases.ofId('c1'))!.effects).toEqual([]);
    });

    it('lists cases whose effects are due, earliest first, at most `limit`; not before the grace period', async () => {
      await p.cases.add(withEffects(aCase('late', 0), [credit], at(5)));
      await p.cases.add(aCase('none', 1));
      await p.cases.add(withEffects(aCase('early', 2), [credit], at(2)));
      expect(await p.cases.withPendingEffects(at(2), 10)).toEqual([]);
      expect(ids(await p.cases.withPendingEffects(at(3), 10))).toEqual(['early']); // due at 2 min + grace, inclusive
      expect(ids(await p.cases.withPendingEffects(at(60), 10))).toEqual(['early', 'late']);
      expect(ids(await p.cases.withPendingEffects(at(60), 1))).toEqual(['early']);
      expect((await p.cases.withPendingEffects(at(60), 10))[0].effects).toHaveLength(1);
    });

    it('a later write with effects moves the case’s due time to its own (earlier pending effects are completed with them)', async () => {
      const c = withEffects(aCase('c1', 0), [credit], at(0));
      await p.cases.add(c);
      await p.cases.replaceIfVersion(withEffects(claimed(c, wang, 20), [slot('m-x')], at(20)));
      expect(await p.cases.withPendingEffects(at(10), 10)).toEqual([]);
      const due = await p.cases.withPendingEffects(at(21), 10);
      expect(ids(due)).toEqual(['c1']);
      expect(due[0].effects.map((e) => e.id)).toEqual(['e0_0', 'e1_0']);
    });
  });

  describe('lists', () => {
    it('ofReporter: a resident’s cases, newest first, at most `limit`', async () => {
      const other = { id: 'r2', name: '李大伯' };
      await p.cases.add(aCase('c5', 5));
      await p.cases.add(aCase('c1', 1));
      await p.cases.add(aCase('x', 4, { reporter: other }));
      await p.cases.add(claimed(aCase('c3', 3)));
      expect(ids(await p.cases.ofReporter('r1', 10))).toEqual(['c5', 'c3', 'c1']);
      expect(ids(await p.cases.ofReporter('r1', 2))).toEqual(['c5', 'c3']);
      expect(ids(await p.cases.ofReporter('r2', 10))).toEqual(['x']);
      expect(await p.cases.ofReporter('nobody', 10)).toEqual([]);
    });

    it('ofFollower: cases a resident joined or had merged in, newest first, at most `limit`', async () => {
      const key = { categoryId: 'repair', place: { compoundId: 'hongqiao', building: '2幢', unit: '' } };
      const li = { id: 'r2', name: '李大伯' };
      await p.cases.add(aCase('c1', 1));
      await p.cases.add(aCase('c2', 2));
      await p.cases.add(aCase('c3', 3));
      for (const id of ['c1', 'c3']) expect(await p.cases.replaceIfVersion(follow((await p.cases.ofId(id))!, li, key, at(5))!)).toBe(true);
      const kept = absorb((await p.cases.ofId('c2'))!, { id: 'x', code: 'X', reporterId: 'r3', followers: ['r2'] }, wu, at(6))!;
      expect(await p.cases.replaceIfVersion(kept)).toBe(true);
      expect(await p.cases.ofId('c2')).toEqual(kept);
      expect(ids(await p.cases.ofFollower('r2', 10))).toEqual(['c3', 'c2', 'c1']);
      expect(ids(await p.cases.ofFollower('r2', 1))).toEqual(['c3']);
      expect(ids(await p.cases.ofFollower('r3', 10))).toEqual(['c2']);
      expect(await p.cases.ofFollower('r1', 10)).toEqual([]);
    });

    it('similarTo: open, non-private cases of a category at a compound’s building since a time, newest first', async () => {
      await p.cases.add(aCase('old', 0));
      await p.cases.add(aCase('a', 10));
      await p.cases.add(aCase('b', 20));
      await p.cases.add(aCase('other-compound', 21, { compoundId: 'hubin' }));
      await p.cases.add({ ...aCase('private', 22), private: true });
      await p.cases.add({ ...aCase('other-building', 23), place: { compoundId: 'hongqiao', building: '3幢', unit: '302' } });
      await p.cases.add({ ...aCase('other-category', 24), categoryId: 'sanitation' });
      await p.cases.add(aCase('closed', 25));
      expect(await p.cases.replaceIfVersion(cancel((await p.cases.ofId('closed'))!, resident, '', at(26)))).toBe(true);
      await p.cases.add(aCase('merged', 27));
      expect(await p.cases.replaceIfVersion(mergeAway((await p.cases.ofId('merged'))!, (await p.cases.ofId('a'))!, wu, at(28)))).toBe(true);
      const key = { categoryId: 'repair', compoundId: 'hongqiao', building: '2幢' };
      expect(ids(await p.cases.similarTo(key, at(5), 10))).toEqual(['b', 'a']);
      expect(ids(await p.cases.similarTo(key, at(5), 1))).toEqual(['b']);
      expect(ids(await p.cases.similarTo(key, at(0), 10))).toEqual(['b', 'a', 'old']);
      expect((await p.cases.ofId('merged'))!).toMatchObject({ status: 'merged', merge: { into: { id: 'a', code: 'A' }, by: wu, at: at(28) } });
    });

    it('waiting / waitingOutside: pending studio cases, oldest first; office, claimed and closed cases are not waiting', async () => {
      await p.cases.add(aCase('g1-late', 9, { routing: studio('g1', at(40)) }));
      await p.cases.add(aCase('g2-a', 2));
      await p.cases.add(aCase('g3', 4, { routing: studio('g3', at(40)) }));
      await p.cases.add(aCase('g1-early', 1, { routing: studio('g1', at(40)) }));
      await p.cases.add(aCase('office', 0, { routing: office('escalated', at(60)) }));
      await p.cases.add(claimed(aCase('held', 0)));
      await p.cases.add(resolve(claimed(aCase('done', 0)), wang, '修好了', at(20)));
      expect(ids(await p.cases.waiting(10))).toEqual(['g1-early', 'g2-a', 'g3', 'g1-late']);
      expect(ids(await p.cases.waiting(2))).toEqual(['g1-early', 'g2-a']);
      expect(ids(await p.cases.waitingOutside('g2', 10))).toEqual(['g1-early', 'g3', 'g1-late']);
      expect(ids(await p.cases.waitingOutside('g1', 1))).toEqual(['g2-a']);
    });

    it('ofHolder / countHeldBy: open cases a person holds, oldest claim first', async () => {
      await p.cases.add(claimed(aCase('b', 0), wang, 30));
      await p.cases.add(claimed(aCase('a', 1), wang, 10));
      await p.cases.add(claimed(aCase('c', 2), wang, 20));
      await p.cases.add(claimed(aCase('lu', 3), lu, 5));
      await p.cases.add(resolve(claimed(aCase('done', 4), wang, 5), wang, '修好了', at(20)));
      await p.cases.add(assign(aCase('o', 5, { routing: office('escalated', null) }), wu, wu, at(6), null));
      expect(ids(await p.cases.ofHolder('m-wang', 10))).toEqual(['a', 'c', 'b']);
      expect(ids(await p.cases.ofHolder('m-wang', 2))).toEqual(['a', 'c']);
      expect(await p.cases.countHeldBy('m-wang')).toBe(3);
      expect(await p.cases.countHeldBy('m-lu')).toBe(1);
      expect(ids(await p.cases.ofHolder('o1', 10))).toEqual(['o']);
      expect(await p.cases.countHeldBy('o1')).toBe(1);
      expect(await p.cases.countHeldBy('nobody')).toBe(0);
    });

    it('handledBy: cases a member handed over or escalated, whatever their state now, newest report first', async () => {
      await p.cases.add(handOver(claimed(aCase('passed', 0)), wang, lu, '她住得近', at(20)));
      await p.cases.add(escalate(claimed(aCase('raised', 1)), { by: wang, trigger: 'manual', reason: '要社区协调' }, at(20), null));
      await p.cases.add(claimed(aCase('kept', 2)));
      await p.cases.add(handOver(claimed(aCase('lus', 3), lu), lu, wang, '交给你', at(20)));
      const back = handOver(claimed(aCase('back', 4)), wang, lu, '先交给你', at(20));
      await p.cases.add(resolve(back, lu, '修好了', at(30)));
      expect(ids(await p.cases.handledBy('m-wang', 10))).toEqual(['back', 'raised', 'passed']);
      expect(ids(await p.cases.handledBy('m-wang', 1))).toEqual(['back']);
      expect(ids(await p.cases.handledBy('m-lu', 10))).toEqual(['lus']);
      expect(await p.cases.handledBy('nobody', 10)).toEqual([]);
    });

    it('handledBy: also the cases a member filed for a resident (代办), not what they reported for themselves', async () => {
      await p.cases.add({ ...aCase('filed', 0, { reporter: wang }), filedFor: { name: '张大爷', phone: '13800001111' } });
      await p.cases.add(aCase('own', 1, { reporter: wang }));
      await p.cases.add(escalate(claimed(aCase('raised', 2)), { by: wang, trigger: 'manual', reason: '要社区协调' }, at(20), null));
      expect(ids(await p.cases.handledBy('m-wang', 10))).toEqual(['raised', 'filed']);
      expect(ids(await p.cases.handledBy('m-lu', 10))).toEqual([]);
    });

    it('dueForClaim: studio pool cases past their claim deadline, earliest deadline first, at most `limit`', async () => {
      await p.cases.add(aCase('d40', 0, { routing: studio('g2', at(40)) }));
      await p.cases.add(aCase('d20', 1, { routing: studio('g1', at(20)) }));
      await p.cases.add(aCase('d90', 2, { routing: studio('g2', at(90)) }));
      await p.cases.add(aCase('nodue', 3, { routing: studio('g2', null) }));
      await p.cases.add(aCase('office', 4, { routing: office('escalated', at(10)) }));
      await p.cases.add(claimed(aCase('held', 5, { routing: studio('g2', at(10)) })));
      expect(ids(await p.cases.dueForClaim(at(50), 10))).toEqual(['d20', 'd40']);
      expect(ids(await p.cases.dueForClaim(at(40), 10))).toEqual(['d20', 'd40']); // inclusive
      expect(ids(await p.cases.dueForClaim(at(50), 1))).toEqual(['d20']);
      expect(await p.cases.dueForClaim(at(0), 10)).toEqual([]);
    });

    it('dueForResolve: studio cases claimed and past their resolve deadline, earliest first, at most `limit`', async () => {
      await p.cases.add(claimed(aCase('r60', 0), wang, 5, 60));
      await p.cases.add(claimed(aCase('r30', 1), lu, 5, 30));
      await p.cases.add(claimed(aCase('r99', 2), wang, 5, 99));
      await p.cases.add(claimed(aCase('nodue', 3), wang, 5, null));
      await p.cases.add(assign(aCase('office', 4, { routing: office('escalated', null) }), wu, wu, at(5), at(10)));
      await p.cases.add(resolve(claimed(aCase('done', 5), wang, 5, 10), wang, '修好了', at(8)));
      expect(ids(await p.cases.dueForResolve(at(70), 10))).toEqual(['r30', 'r60']);
      expect(ids(await p.cases.dueForResolve(at(70), 1))).toEqual(['r30']);
      expect(await p.cases.dueForResolve(at(20), 10)).toEqual([]);
    });

    it('dueForReminder: open cases past the yellow point of their current deadline, not yet reminded, earliest first', async () => {
      const watching = (c: Case, due: number, yellow: number, reminded: number | null = null): Case => ({
        ...c,
        watch: { due: at(due), yellowAt: at(yellow), remindedAt: reminded === null ? null : at(reminded) },
      });
      await p.cases.add(watching(aCase('y30', 0, { routing: studio('g2', at(40)) }), 40, 30));
      await p.cases.add(watching(aCase('y20', 1, { routing: studio('g2', at(40)) }), 40, 20));
      await p.cases.add(watching(aCase('y90', 2, { routing: studio('g2', at(120)) }), 120, 90));
      await p.cases.add(watching(aCase('told', 3, { routing: studio('g2', at(40)) }), 40, 20, 25));
      await p.cases.add(watching(aCase('moved', 4, { routing: studio('g2', at(80)) }), 40, 20)); // a stale watch
      await p.cases.add(watching(resolve(claimed(aCase('done', 5), wang, 5, 40), wang, '修好了', at(8)), 40, 20));
      await p.cases.add(aCase('unwatched', 6, { routing: studio('g2', at(10)) }));
      expect(ids(await p.cases.dueForReminder(at(50), 10))).toEqual(['y20', 'y30']);
      expect(ids(await p.cases.dueForReminder(at(30), 10))).toEqual(['y20', 'y30']); // inclusive
      expect(ids(await p.cases.dueForReminder(at(50), 1))).toEqual(['y20']);
      expect(await p.cases.dueForReminder(at(10), 10)).toEqual([]);
      expect((await p.cases.ofId('y20'))!.watch).toEqual({ due: at(40), yellowAt: at(20), remindedAt: null });
      // Reminded by a conditional write: no longer due.
      const y20 = (await p.cases.ofId('y20'))!;
      expect(await p.cases.replaceIfVersion({ ...y20, version: y20.version + 1, watch: { ...y20.watch!, remindedAt: at(31) } })).toBe(true);
      expect(ids(await p.cases.dueForReminder(at(50), 10))).toEqual(['y30']);
      expect((await p.cases.ofId('y20'))!.watch!.remindedAt).toEqual(at(31));
    });
  });

  describe('office queues', () => {
    beforeEach(async () => {
      // Added out of order, so ordering comes from the store, not from insertion.
      await p.cases.add(claimed(aCase('held', 4, { routing: studio('g2', at(30)) }), wang, 6, 20));
      await p.cases.add(aCase('urgent', 3, { routing: office('emergency', at(10)), urgent: true }));
      await p.cases.add(aCase('pool', 0, { routing: studio('g2', at(30)) }));
      await p.cases.add(aCase('only', 2, { routing: office('office-only', null) }));
      await p.cases.add(aCase('up', 1, { routing: office('escalated', at(100)) }));
      await p.cases.add(resolve(claimed(aCase('done', 5), wang, 6, 7), wang, '修好了', at(8)));
    });

    it('each queue as of `now`, in its order', async () => {
      const q = async (name: Parameters<Ports['cases']['ofOfficeQueue']>[0]) => ids((await p.cases.ofOfficeQueue(name, at(50), 0, 50)).cases);
      expect(await q('escalated')).toEqual(['up']);
      expect(await q('office-only')).toEqual(['only']);
      expect(await q('emergency')).toEqual(['urgent']);
      expect(await q('overdue')).toEqual(['urgent', 'held', 'pool']); // by deadline: 10, 20, 30
      expect(await q('open')).toEqual(['pool', 'up', 'only', 'urgent', 'held']); // by report time
    });

    it('pages with hasMore', async () => {
      const page = (n: number, limit: number) => p.cases.ofOfficeQueue('open', at(50), n, limit);
      const p0 = await page(0, 2);
      const p1 = await page(1, 2);
      const p2 = await page(2, 2);
      expect([ids(p0.cases), p0.hasMore]).toEqual([['pool', 'up'], true]);
      expect([ids(p1.cases), p1.hasMore]).toEqual([['only', 'urgent'], true]);
      expect([ids(p2.cases), p2.hasMore]).toEqual([['held'], false]);
      expect((await page(0, 5)).hasMore).toBe(false);
      expect(await page(3, 2)).toEqual({ cases: [], hasMore: false });
    });

    it('a full page of 100 (the most one read returns) still tells whether more follow', async () => {
      for (let i = 0; i < 96; i++) await p.cases.add(aCase(`more${String(i).padStart(3, '0')}`, 10 + i));
      const page = (n: number) => p.cases.ofOfficeQueue('open', at(50), n, 100);
      expect((await page(0)).cases).toHaveLength(100);
      expect((await page(0)).hasMore).toBe(true);
      expect(ids((await page(1)).cases)).toEqual(['more095']);
      expect((await page(1)).hasMore).toBe(false);
      const held = claimed((await p.cases.ofId('more095'))!);
      expect(await p.cases.replaceIfVersion(held)).toBe(true);
      expect(await p.cases.replaceIfVersion(resolve(held, wang, '修好了', at(200)))).toBe(true); // 100 open now
      expect(await page(0)).toMatchObject({ hasMore: false });
    });

    it('counts every queue', async () => {
      expect(await p.cases.countOfficeQueues(at(50))).toEqual({ escalated: 1, 'office-only': 1, emergency: 1, overdue: 3, open: 5, supervise: 0 });
      expect(await p.cases.countOfficeQueues(at(0))).toEqual({ escalated: 1, 'office-only': 1, emergency: 1, overdue: 0, open: 5, supervise: 0 });
    });

    it('督办: cases whose 回访 was answered 不满意 (whatever their state now), earliest first, with the comment as stored', async () => {
      const unhappy = (id: string, minutes: number, solved: boolean) => {
        const done = openFollowUp(
          resolve(claimed(aCase(id, minutes), wang, minutes + 1, null), wang, '修好了', at(minutes + 2)),
          at(minutes + 2),
          DEFAULT_FOLLOW_UP,
        );
        const a = { solved, satisfaction: 'unsatisfied' as const, comment: `${id}不满意` };
        return answerFollowUp(done, resident, a, 'resident', at(minutes + 3), { resolveDueAt: null, officeExpectedBy: null });
      };
      await p.cases.add(unhappy('late', 20, true));
      await p.cases.add(unhappy('early', 10, false)); // reopened to its holder, and under 督办
      const q = await p.cases.ofOfficeQueue('supervise', at(50), 0, 50);
      expect(ids(q.cases)).toEqual(['early', 'late']);
      expect(q.cases[0].supervision).toEqual({ comment: 'early不满意', satisfaction: 'unsatisfied', at: at(13) });
      expect(q.cases[0].status).toBe('claimed');
      expect((await p.cases.countOfficeQueues(at(50))).supervise).toBe(2);
    });
  });

  describe('回访 (follow-up) reads', () => {
    const resolvedAt = (id: string, minutes: number) =>
      openFollowUp(resolve(claimed(aCase(id, minutes), wang, minutes + 1, null), wang, '修好了', at(minutes + 2)), at(minutes + 2), {
        askAfterMinutes: 60,
        callAfterDays: 1,
      });

    it('dueForFollowUp: resolved cases whose ask (then call) time has come, earliest first; answered and open cases never', async () => {
      await p.cases.add(resolvedAt('b', 10)); // ask at 72
      await p.cases.add(resolvedAt('a', 0)); // ask at 62
      await p.cases.add(claimed(aCase('open', 1)));
      const answered = answerFollowUp(resolvedAt('done', 0), resident, { solved: true, satisfaction: 'satisfied', comment: '' }, 'resident', at(3), {
        resolveDueAt: null,
        officeExpectedBy: null,
      });
      await p.cases.add(answered);
      expect(await p.cases.dueForFollowUp(at(61), 10)).toEqual([]);
      expect(ids(await p.cases.dueForFollowUp(at(72), 10))).toEqual(['a', 'b']);
      expect(ids(await p.cases.dueForFollowUp(at(72), 1))).toEqual(['a']);
      const a = (await p.cases.ofId('a'))!;
      expect(a.followUp).toEqual({ stage: 'waiting', askAt: at(62), callAt: at(62 + 1440), caller: null, answer: null });
      expect(await p.cases.replaceIfVersion(askFollowUp(a, at(62)))).toBe(true);
      expect(ids(await p.cases.dueForFollowUp(at(72), 10))).toEqual(['b']); // asked: next due at its call time
      expect(ids(await p.cases.dueForFollowUp(at(62 + 1440), 10))).toEqual(['b', 'a']);
    });

    it('callBacks: resolved cases with an open call-back task, oldest task first; a taken task stays until answered', async () => {
      const calling = (id: string, minutes: number) => {
        const c = resolvedAt(id, minutes);
        return callBackDue(askFollowUp(c, at(minutes + 62)), at(minutes + 62 + 1440));
      };
      await p.cases.add(calling('later', 10));
      await p.cases.add(calling('first', 0));
      await p.cases.add(resolvedAt('quiet', 0));
      expect(ids(await p.cases.callBacks(10))).toEqual(['first', 'later']);
      const first = (await p.cases.ofId('first'))!;
      const taken = takeCallBack(first, lu, at(2000));
      expect(await p.cases.replaceIfVersion(taken)).toBe(true);
      expect((await p.cases.ofId('first'))!.followUp?.caller).toEqual(lu);
      expect(ids(await p.cases.callBacks(10))).toEqual(['first', 'later']);
      const a = { solved: true, satisfaction: 'basic' as const, comment: '还行' };
      const done = answerFollowUp(taken, lu, a, 'call', at(2001), { resolveDueAt: null, officeExpectedBy: null });
      expect(await p.cases.replaceIfVersion(done)).toBe(true);
      expect(ids(await p.cases.callBacks(10))).toEqual(['later']);
      expect((await p.cases.ofId('first'))!.followUp?.answer).toEqual({ ...a, at: at(2001), by: lu, via: 'call' });
    });
  });

  describe('ofPhotoCheck (a pushed content-check verdict finds its case)', () => {
    const fileID = (n: string) => `cloud://local.golden-key/photos/r1/${n}.jpg`;
    const withPhotos = (id: string, minutes: number, traces: string[]) => ({
      ...aCase(id, minutes),
      photos: traces.map((t) => checkingPhoto(fileID(`${id}-${t}`), t, at(minutes))),
    });

    it('finds the case whose photo waits for the trace id, with its photos as stored (Dates)', async () => {
      await p.cases.add(withPhotos('c1', 0, ['t-1', 't-2']));
      await p.cases.add(withPhotos('c2', 1, ['t-3']));
      await p.cases.add(aCase('c3', 2));
      const found = await p.cases.ofPhotoCheck('t-2');
      expect(found?.id).toBe('c1');
      expect(found).toEqual(await p.cases.ofId('c1'));
      expect(found!.photos[1]).toEqual({ fileID: fileID('c1-t-2'), check: 'checking', traceId: 't-2', askedAt: at(0) });
      expect(found!.photos[1].askedAt).toBeInstanceOf(Date);
      expect((await p.cases.ofPhotoCheck('t-3'))?.id).toBe('c2');
    });

    it('a photo taken at 办结 is stored with who uploaded it and the step, and found by its trace id', async () => {
      const held = claimed(aCase('c1', 0));
      await p.cases.add(held);
      const photo = checkingPhoto('cloud://local.golden-key/photos/m-wang/done.jpg', 't-9', at(3), { by: wang.id, stage: 'resolve' });
      expect(await p.cases.replaceIfVersion(resolve(held, wang, '修好了', at(3), [photo]))).toBe(true);
      const found = await p.cases.ofPhotoCheck('t-9');
      expect(found?.photos).toEqual([photo]);
      expect(found).toEqual(await p.cases.ofId('c1'));
    });

    it('an unknown trace id, a partial one, or an operator-looking one finds nothing', async () => {
      await p.cases.add(withPhotos('c1', 0, ['t-1']));
      for (const t of ['t-9', 't-', '', 't-1 ', '.*']) expect(await p.cases.ofPhotoCheck(t)).toBeNull();
    });

    it('once its verdict is stored the photo waits no longer: the trace id finds nothing (a repeated push)', async () => {
      const c = withPhotos('c1', 0, ['t-1', 't-2']);
      await p.cases.add(c);
      const passed = photoChecked(c, 't-1', 'pass', at(5))!.next;
      expect(await p.cases.replaceIfVersion(passed)).toBe(true);
      expect(await p.cases.ofPhotoCheck('t-1')).toBeNull();
      expect((await p.cases.ofPhotoCheck('t-2'))?.photos.map((x) => x.check)).toEqual(['passed', 'checking']);
      const removed = photoChecked(passed, 't-2', 'risky', at(6))!.next;
      expect(await p.cases.replaceIfVersion(removed)).toBe(true);
      expect(await p.cases.ofPhotoCheck('t-2')).toBeNull();
      expect((await p.cases.ofId('c1'))!.photos.map((x) => x.fileID)).toEqual([fileID('c1-t-1')]);
    });
  });

  it('returned cases are the stored ones with their pending effects, as Dates', async () => {
    await p.cases.add(withEffects(aCase('c1', 0, { reporter: resident }), [credit], at(0)));
    const [c] = await p.cases.ofReporter('r1', 1);
    expect(c.effects[0].due).toBeInstanceOf(Date);
    expect(c).toEqual(await p.cases.ofId('c1'));
  });
}

describe.each(IMPLEMENTATIONS)('Cases contract: %s', (_name, make) => casesContract(make));

describe('Cases adapter: photos stored before the asynchronous check', () => {
  it('a case stored with bare fileIDs (checked by imgSecCheck v1 at submit) reads its photos as passed', async () => {
    const ports = await localFactory();
    await ports.cases.add(aCase('old', 0));
    const db = (ports.cases as unknown as { db: Database }).db;
    await db
      .collection('cases')
      .doc('old')
      .update({ data: { photos: db.command.set(['cloud://local.golden-key/photos/r1/a.jpg']) } });
    expect((await ports.cases.ofId('old'))!.photos).toEqual([
      { fileID: 'cloud://local.golden-key/photos/r1/a.jpg', check: 'passed', traceId: null, askedAt: at(0) },
    ]);
  });

  it('a photo stored before its uploader was recorded reads without `by` and `stage`: the reporter’s, with the report', async () => {
    const ports = await localFactory();
    await ports.cases.add(aCase('older', 0));
    const db = (ports.cases as unknown as { db: Database }).db;
    const stored = { fileID: 'cloud://local.golden-key/photos/r1/b.jpg', check: 'checking', traceId: 't-old', askedAt: at(0) };
    await db
      .collection('cases')
      .doc('older')
      .update({ data: { photos: db.command.set([stored]), photoTraceIds: db.command.set(['t-old']) } });
    const c = (await ports.cases.ofPhotoCheck('t-old'))!;
    expect(c.photos).toEqual([stored]);
    expect(uploaderOf(c, c.photos[0])).toBe(c.reporter.id);
    expect(stageOf(c.photos[0])).toBe('report');
  });
});

describe('Cases adapter: cases stored before 回访 existed', () => {
  it('a resolved case with a star rating and no followUp/supervision fields reads with its rating, no 回访, nothing due', async () => {
    const ports = await localFactory();
    const rated = { ...resolve(claimed(aCase('rated', 0)), wang, '修好了', at(20)), rating: { result: 5, speed: 4, attitude: 5, comment: '很好' } };
    await ports.cases.add(rated);
    const db = (ports.cases as unknown as { db: Database }).db;
    const _ = db.command;
    await db
      .collection('cases')
      .doc('rated')
      .update({ data: { followUp: _.remove(), supervision: _.remove(), followUpDueAt: _.remove(), callBackOpen: _.remove(), supervised: _.remove() } });
    const c = (await ports.cases.ofId('rated'))!;
    expect(c).toMatchObject({ status: 'resolved', followUp: null, supervision: null, rating: { result: 5, speed: 4, attitude: 5, comment: '很好' } });
    expect(await ports.cases.dueForFollowUp(at(100_000), 10)).toEqual([]);
    expect(await ports.cases.callBacks(10)).toEqual([]);
    expect((await ports.cases.countOfficeQueues(at(0))).supervise).toBe(0);
  });
});
