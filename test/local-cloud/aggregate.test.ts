/**
 * The local cloud's `collection.aggregate()` (mingo over the nedb store), `db.command.aggregate`, ensureIndexes and
 * the counting wrapper's `end`. Behavioural tests run twice: in memory and file-backed.
 */
import type { Database } from '../../cloudfunctions/adapters/wx/db-types';
import { countingDatabase } from '../../cloudfunctions/local-cloud/counting';
import { closeLocalDatabase, createLocalDatabase, ensureIndexes, LOCAL_DB_LIMITS, type LocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';
import { createCommand } from '../../cloudfunctions/local-cloud/sdk/db/command';
import { groupStage, projectStage, toMingoQuery } from '../../cloudfunctions/local-cloud/sdk/db/aggregate';
import { toNedbQuery } from '../../cloudfunctions/local-cloud/sdk/db/translate';
import { tempDirs } from '../support/temp-dirs';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const HOUR = 3_600_000;

const freshDir = tempDirs('local-agg-');

/** Five cases: a open (resolvedAt null), b open (no resolvedAt), c/d/e done with durations 3h, 1h, 6h. */
const CASES = [
  { _id: 'a', status: 'open', category: 'water', n: 1, createdAt: new Date(T0), resolvedAt: null, tags: ['leak', 'urgent'] },
  { _id: 'b', status: 'open', category: 'road', n: 2, createdAt: new Date(T0 + HOUR), tags: [] },
  { _id: 'c', status: 'done', category: 'water', n: 3, createdAt: new Date(T0 + 2 * HOUR), resolvedAt: new Date(T0 + 5 * HOUR), tags: ['leak'] },
  { _id: 'd', status: 'done', category: 'road', n: 4, createdAt: new Date(T0 + 3 * HOUR), resolvedAt: new Date(T0 + 4 * HOUR), tags: ['pothole'] },
  { _id: 'e', status: 'done', category: 'water', n: 5, createdAt: new Date(T0 + 4 * HOUR), resolvedAt: new Date(T0 + 10 * HOUR), meta: { k: 1 } },
];

describe('aggregate translation', () => {
  const _ = createCommand();
  const $ = _.aggregate;

  it('turns markers into MongoDB expressions ($.neq → $ne) and keeps field paths and raw operators', () => {
    expect(groupStage({ _id: '$status', n: $.sum(1), total: $.sum('$n'), raw: { $max: '$n' } })).toEqual({
      name: 'group',
      mongo: [{ $group: { _id: '$status', n: { $sum: 1 }, total: { $sum: '$n' }, raw: { $max: '$n' } } }],
    });
    expect(
      projectStage({
        title: 1,
        ms: $.subtract(['$resolvedAt', '$createdAt']),
        late: $.cond({ if: $.neq(['$x', null]), then: 'y', else: 'n' }),
        lit: $.literal('$notAPath'),
      }),
    ).toEqual({
      name: 'project',
      mongo: [
        {
          $project: {
            title: 1,
            ms: { $subtract: ['$resolvedAt', '$createdAt'] },
            late: { $cond: { if: { $ne: ['$x', null] }, then: 'y', else: 'n' } },
            lit: { $literal: '$notAPath' },
          },
        },
      ],
    });
  });

  it("turns nedb's clause-level $not into MongoDB's $nor for non-leading matches", () => {
    expect(toMingoQuery(toNedbQuery({ a: _.neq(1), b: _.exists(true) }))).toEqual({
      $and: [{ $nor: [{ a: 1 }] }, { $nor: [{ b: { $exists: false } }] }],
    });
  });
});

type Kind = 'in-memory' | 'file-backed';

describe.each<Kind>(['in-memory', 'file-backed'])('%s database: aggregate', (kind) => {
  let db: LocalDatabase;
  let clock: number;

  beforeEach(async () => {
    clock = T0 + 24 * HOUR;
    db = createLocalDatabase({ dir: kind === 'in-memory' ? null : freshDir(), now: () => clock });
    await db.createCollection('cases');
    await db.collection('cases').add({ data: CASES });
  });
  afterEach(async () => {
    await closeLocalDatabase(db);
  });

  const cases = () => db.collection('cases');
  const byId = (list: Array<Record<string, unknown>>) => [...list].sort((x, y) => String(x._id).localeCompare(String(y._id)));

  it("groups by a field with $.sum(1) and $.sum('$n')", async () => {
    const $ = db.command.aggregate;
    const result = await cases()
      .aggregate()
      .group({ _id: '$status', count: $.sum(1), total: $.sum('$n') })
      .end();
    expect(result.errMsg).toBe('collection.aggregate:ok');
    expect(byId(result.list)).toEqual([
      { _id: 'done', count: 3, total: 12 },
      { _id: 'open', count: 2, total: 3 },
    ]);
  });

  it('matches with db.command operators (range operators skip null and missing) before grouping', async () => {
    const _ = db.command;
    const $ = _.aggregate;
    const resolved = await cases()
      .aggregate()
      .match({ resolvedAt: _.gte(new Date(T0)) })
      .group({ _id: null, ids: $.push('$_id'), count: $.sum(1) })
      .end();
    expect(resolved.list).toEqual([{ _id: null, ids: ['c', 'd', 'e'], count: 3 }]);

    const waterNotA = await cases()
      .aggregate()
      .match({ category: _.in(['water']), _id: _.neq('a'), n: _.gt(1).and(_.lte(5)) })
      .group({ _id: '$category', n: $.sum(1) })
      .end();
    expect(waterNotA.list).toEqual([{ _id: 'water', n: 2 }]);

    const nullOrMissing = await cases()
      .aggregate()
      .match({ resolvedAt: _.eq(null) })
      .project({ _id: 1 })
      .end();
    expect(byId(nullOrMissing.list)).toEqual([{ _id: 'a' }, { _id: 'b' }]);
  });

  it('a match gives the same answer as the leading stage (nedb) and later in the pipeline (mingo)', async () => {
    const _ = db.command;
    const conditions: Array<Record<string, unknown>> = [
      { resolvedAt: _.gte(new Date(T0)) },
      { resolvedAt: _.lt(new Date(T0 + 5 * HOUR)) },
      { resolvedAt: _.eq(null) },
      { resolvedAt: _.neq(null) },
      { resolvedAt: _.exists(true) },
      { tags: 'leak' },
      { tags: _.nin(['leak']) },
      { tags: _.in(['pothole', null]) },
      { meta: { k: 1 } },
      { n: _.gt(1).and(_.lt(5)) },
      { status: 'open', category: 'road' },
    ];
    for (const condition of conditions) {
      const ids = (list: Array<Record<string, unknown>>) => list.map((doc) => doc._id).sort();
      const expected = ids((await cases().where(condition).get()).data);
      const leading = ids((await cases().aggregate().match(condition).end()).list);
      const later = ids((await cases().aggregate().sort({ n: 1 }).match(condition).end()).list);
      expect({ condition, leading, later }).toEqual({ condition, leading: expected, later: expected });
    }
    // a logic command at the top level
    const either = await cases()
      .aggregate()
      .sort({ n: 1 })
      .match(_.or([{ n: 1 }, { n: 5 }]))
      .project({ _id: 1 })
      .end();
    expect(either.list).toEqual([{ _id: 'a' }, { _id: 'e' }]);
  });

  it('keeps stored Dates as Dates: $.subtract of two Dates is milliseconds, $.max of Dates is a Date', async () => {
    const _ = db.command;
    const $ = _.aggregate;
    const durations = await cases()
      .aggregate()
      .match({ resolvedAt: _.exists(true).and(_.neq(null)) })
      .project({ _id: 1, ms: $.subtract(['$resolvedAt', '$createdAt']) })
      .sort({ _id: 1 })
      .end();
    expect(durations.list).toEqual([
      { _id: 'c', ms: 3 * HOUR },
      { _id: 'd', ms: HOUR },
      { _id: 'e', ms: 6 * HOUR },
    ]);
    const latest = await cases()
      .aggregate()
      .group({ _id: null, last: $.max('$resolvedAt'), first: $.min('$createdAt') })
      .end();
    expect(latest.list[0].last).toBeInstanceOf(Date);
    expect(latest.list[0]).toEqual({ _id: null, last: new Date(T0 + 10 * HOUR), first: new Date(T0) });
  });

  it('finds the k-th value (a median) with sort + skip + limit', async () => {
    const _ = db.command;
    const $ = _.aggregate;
    const done = () => cases().aggregate().match({ status: 'done' });
    const { list: counted } = await done().count('total').end();
    expect(counted).toEqual([{ total: 3 }]);
    const k = Math.floor((counted[0].total as number) / 2);
    const { list } = await done()
      .project({ ms: $.subtract(['$resolvedAt', '$createdAt']) })
      .sort({ ms: 1 })
      .skip(k)
      .limit(1)
      .end();
    expect(list).toEqual([{ _id: 'c', ms: 3 * HOUR }]);
  });

  it('count stage: one { field: n } document, none when nothing matches', async () => {
    await expect(cases().aggregate().count('all').end()).resolves.toEqual({ list: [{ all: 5 }], errMsg: 'collection.aggregate:ok' });
    await expect(cases().aggregate().match({ status: 'nope' }).count('all').end()).resolves.toMatchObject({ list: [] });
  });

  it("accumulates an expression: $.sum($.cond({ if: '$flag', then: 1, else: 0 })) counts truthy flags (missing = 0)", async () => {
    const _ = db.command;
    const $ = _.aggregate;
    await cases()
      .doc('c')
      .update({ data: { flag: true } });
    await cases()
      .doc('d')
      .update({ data: { flag: false } });
    const { list } = await cases()
      .aggregate()
      .match({ status: 'done' })
      .group({ _id: null, done: $.sum(1), flagged: $.sum($.cond({ if: '$flag', then: 1, else: 0 })) })
      .end();
    expect(list).toEqual([{ _id: null, done: 3, flagged: 1 }]);
  });

  it('cond (object and array forms) and ifNull', async () => {
    const $ = db.command.aggregate;
    const { list } = await cases()
      .aggregate()
      .project({
        size: $.cond({ if: $.gte(['$n', 3]), then: 'big', else: 'small' }),
        sizeArray: $.cond([$.lt(['$n', 3]), 'small', 'big']),
        resolved: $.ifNull(['$resolvedAt', 'never']),
      })
      .sort({ _id: 1 })
      .end();
    expect(list).toEqual([
      { _id: 'a', size: 'small', sizeArray: 'small', resolved: 'never' },
      { _id: 'b', size: 'small', sizeArray: 'small', resolved: 'never' },
      { _id: 'c', size: 'big', sizeArray: 'big', resolved: new Date(T0 + 5 * HOUR) },
      { _id: 'd', size: 'big', sizeArray: 'big', resolved: new Date(T0 + 4 * HOUR) },
      { _id: 'e', size: 'big', sizeArray: 'big', resolved: new Date(T0 + 10 * HOUR) },
    ]);
  });

  it('evaluates the other listed operators like MongoDB', async () => {
    const $ = db.command.aggregate;
    const { list } = await cases()
      .aggregate()
      .match({ _id: 'c' })
      .addFields({
        sum: $.add(['$n', 1]),
        product: $.multiply(['$n', 2]),
        quotient: $.divide(['$n', 2]),
        remainder: $.mod(['$n', 2]),
        tagCount: $.size('$tags'),
        hasLeak: $.in(['leak', '$tags']),
        both: $.and([$.eq(['$status', 'done']), $.gt(['$n', 2])]),
        either: $.or([$.lt(['$n', 0]), $.lte(['$n', 3])]),
        negated: $.not([$.eq(['$n', 3])]),
        day: $.dateToString({ date: '$createdAt', format: '%Y-%m-%d %H:%M' }),
        dayBeijing: $.dateToString({ date: '$createdAt', format: '%Y-%m-%d %H:%M', timezone: '+08:00' }),
        label: $.concat([$.toUpper('$category'), '-', $.toLower('X')]),
        later: $.add(['$createdAt', 1000]),
      })
      .project({ tags: 0, createdAt: 0, resolvedAt: 0 })
      .end();
    expect(list).toEqual([
      {
        _id: 'c',
        status: 'done',
        category: 'water',
        n: 3,
        sum: 4,
        product: 6,
        quotient: 1.5,
        remainder: 1,
        tagCount: 1,
        hasLeak: true,
        both: true,
        either: true,
        negated: false,
        day: '2024-01-01 02:00',
        dayBeijing: '2024-01-01 10:00',
        label: 'WATER-x',
        later: new Date(T0 + 2 * HOUR + 1000),
      },
    ]);
    const { list: groups } = await cases()
      .aggregate()
      .sort({ n: 1 })
      .group({
        _id: '$category',
        avg: $.avg('$n'),
        min: $.min('$n'),
        first: $.first('$_id'),
        last: $.last('$_id'),
        statuses: $.addToSet('$status'),
      })
      .sort({ _id: 1 })
      .end();
    expect(groups.map((g) => ({ ...g, statuses: [...(g.statuses as string[])].sort() }))).toEqual([
      { _id: 'road', avg: 3, min: 2, first: 'b', last: 'd', statuses: ['done', 'open'] },
      { _id: 'water', avg: 3, min: 1, first: 'a', last: 'e', statuses: ['done', 'open'] },
    ]);
  });

  it('returns at most 20 results without a limit stage, and up to 1000 with limit(n)', async () => {
    expect(LOCAL_DB_LIMITS.defaultAggregateLimit).toBe(20);
    expect(LOCAL_DB_LIMITS.maxAggregateLimit).toBe(1000);
    await db.createCollection('many');
    await db.collection('many').add({ data: Array.from({ length: 1100 }, (_unused, i) => ({ i })) });
    const many = () => db.collection('many').aggregate().sort({ i: 1 });
    const unlimited = await many().end();
    expect(unlimited.list).toHaveLength(20);
    expect(unlimited.list.map((doc) => doc.i)).toEqual(Array.from({ length: 20 }, (_unused, i) => i));
    expect((await many().limit(25).end()).list).toHaveLength(25);
    expect((await many().limit(5000).end()).list).toHaveLength(1000);
    // the cap is on the final list: a group with more than 20 groups is capped too
    const $ = db.command.aggregate;
    expect(
      (
        await db
          .collection('many')
          .aggregate()
          .group({ _id: '$i', n: $.sum(1) })
          .end()
      ).list,
    ).toHaveLength(20);
    expect(
      (
        await db
          .collection('many')
          .aggregate()
          .group({ _id: '$i', n: $.sum(1) })
          .limit(30)
          .end()
      ).list,
    ).toHaveLength(30);
  });

  it('unwinds an array field (string and object forms)', async () => {
    const $ = db.command.aggregate;
    const { list } = await cases()
      .aggregate()
      .unwind('$tags')
      .group({ _id: '$tags', n: $.sum(1) })
      .sort({ _id: 1 })
      .end();
    expect(list).toEqual([
      { _id: 'leak', n: 2 },
      { _id: 'pothole', n: 1 },
      { _id: 'urgent', n: 1 },
    ]);
    const kept = await cases()
      .aggregate()
      .unwind({ path: '$tags', includeArrayIndex: 'at', preserveNullAndEmptyArrays: true })
      .project({ tags: 1, at: 1 })
      .sort({ _id: 1, at: 1 })
      .end();
    expect(kept.list).toEqual([
      { _id: 'a', tags: 'leak', at: 0 },
      { _id: 'a', tags: 'urgent', at: 1 },
      { _id: 'b', at: null },
      { _id: 'c', tags: 'leak', at: 0 },
      { _id: 'd', tags: 'pothole', at: 0 },
      { _id: 'e', at: null },
    ]);
  });

  it('sample({ size }) returns that many distinct documents (all of them when there are fewer)', async () => {
    for (let round = 0; round < 20; round += 1) {
      const { list } = await cases().aggregate().sample({ size: 3 }).end();
      expect(list).toHaveLength(3);
      expect(new Set(list.map((doc) => doc._id)).size).toBe(3);
    }
    const { list: all } = await cases().aggregate().match({ status: 'done' }).sample({ size: 10 }).project({ _id: 1 }).end();
    expect(byId(all)).toEqual([{ _id: 'c' }, { _id: 'd' }, { _id: 'e' }]);
  });

  it('resolves db.serverDate() in match at execution time', async () => {
    const _ = db.command;
    const due = cases()
      .aggregate()
      .match({ createdAt: _.lte(db.serverDate({ offset: -21 * HOUR })) })
      .count('n');
    await expect(due.end()).resolves.toMatchObject({ list: [{ n: 4 }] }); // now = T0 + 24h → createdAt ≤ T0 + 3h
    clock = T0 + 22 * HOUR;
    await expect(due.end()).resolves.toMatchObject({ list: [{ n: 2 }] });
  });

  it('returns copies: changing a result changes neither the store nor a later result', async () => {
    const first = await cases().aggregate().match({ _id: 'c' }).end();
    (first.list[0].resolvedAt as Date).setTime(0);
    (first.list[0].tags as string[]).push('x');
    const again = await cases().aggregate().match({ _id: 'c' }).end();
    expect(again.list[0]).toMatchObject({ resolvedAt: new Date(T0 + 5 * HOUR), tags: ['leak'] });
    expect((await cases().doc('c').get()).data).toMatchObject({ resolvedAt: new Date(T0 + 5 * HOUR), tags: ['leak'] });
  });

  it('appends every stage to the one pipeline, as wx-server-sdk does', async () => {
    const base = cases().aggregate();
    expect(base.match({ status: 'done' })).toBe(base);
    base.count('n');
    await expect(base.end()).resolves.toMatchObject({ list: [{ n: 3 }] });
  });

  it('throws a clear error for unsupported stages and operators, and for misplaced operators', () => {
    const _ = db.command;
    const $ = _.aggregate;
    expect(() => $.mergeObjects(['$a'])).toThrow('local cloud: aggregate operator $mergeObjects is not supported yet');
    expect(() => $.pipeline()).toThrow('local cloud: aggregate operator $pipeline is not supported yet');
    expect(() =>
      cases()
        .aggregate()
        .project({ x: { $foo: '$n' } }),
    ).toThrow('local cloud: aggregate operator $foo is not supported yet');
    expect(() =>
      cases()
        .aggregate()
        .group({ _id: null, x: { $stdDevPop: '$n' } }),
    ).toThrow('local cloud: aggregate operator $stdDevPop is not supported yet');
    expect(() =>
      cases()
        .aggregate()
        .group({ _id: null, x: $.cond([true, 1, 0]) }),
    ).toThrow(/must be an accumulator/);
    expect(() =>
      cases()
        .aggregate()
        .group({ x: $.sum(1) }),
    ).toThrow(/needs an _id/);
    expect(() =>
      cases()
        .aggregate()
        .project({ x: _.gt(1) }),
    ).toThrow(/db\.command query operators cannot be used in aggregate/);
    expect(() => cases().where({ n: $.sum(1) })).toThrow(/cannot be used in a query condition/);
    expect(() => cases().aggregate().lookup({ from: 'x' })).toThrow('local cloud: aggregate stage lookup is not supported yet');
    expect(() => cases().aggregate().replaceRoot({ newRoot: '$meta' })).toThrow('local cloud: aggregate stage replaceRoot is not supported yet');
    expect(() => cases().aggregate().limit(0)).toThrow(/positive integer/);
    expect(() =>
      cases()
        .aggregate()
        .sort({ n: 2 as 1 }),
    ).toThrow(/1 or -1/);
    expect(() => cases().aggregate().unwind('tags')).toThrow(/starting with "\$"/);
  });

  it('rejects with errCode -502005 for a never-created collection', async () => {
    const $ = db.command.aggregate;
    await expect(
      db
        .collection('nope')
        .aggregate()
        .group({ _id: null, n: $.sum(1) })
        .end(),
    ).rejects.toMatchObject({
      errCode: -502005,
      errMsg: expect.stringContaining('collection.aggregate:fail -502005 database collection not exists'),
    });
  });

  it('reports a pipeline that fails while running as a rejected end()', async () => {
    const $ = db.command.aggregate;
    await expect(
      cases()
        .aggregate()
        .project({ x: $.subtract(['$status', 1]) })
        .end(),
    ).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringContaining('collection.aggregate:fail'),
    });
  });

  it('sees a consistent snapshot: concurrent multi-document _.inc updates never show half-applied', async () => {
    const _ = db.command;
    const $ = _.aggregate;
    await db.createCollection('counters');
    await db.collection('counters').add({ data: Array.from({ length: 5 }, (_unused, i) => ({ _id: `k${i}`, kind: 'k', n: 0 })) });
    const updates: Array<Promise<unknown>> = [];
    const totals: Array<Promise<number>> = [];
    for (let i = 0; i < 20; i += 1) {
      updates.push(
        db
          .collection('counters')
          .where({ kind: 'k' })
          .update({ data: { n: _.inc(1) } }),
      );
      totals.push(
        db
          .collection('counters')
          .aggregate()
          .match({ kind: 'k' })
          .group({ _id: null, total: $.sum('$n') })
          .end()
          .then(({ list }) => list[0].total as number),
      );
    }
    await Promise.all(updates);
    const seen = await Promise.all(totals);
    const valid = new Set(Array.from({ length: 21 }, (_unused, i) => 5 * i)); // each update adds 1 to all five
    for (const total of seen) expect(valid.has(total)).toBe(true);
    // the queue is FIFO: aggregate i runs after exactly i + 1 updates
    expect(seen).toEqual(Array.from({ length: 20 }, (_unused, i) => 5 * (i + 1)));
  });

  it('ensureIndexes changes no answer, uses the index, skips missing collections and can be re-run', async () => {
    const _ = db.command;
    const $ = _.aggregate;
    const queries = async () => ({
      open: (await cases().where({ status: 'open' }).get()).data.map((doc) => doc._id).sort(),
      resolvedSince: (
        await cases()
          .where({ resolvedAt: _.gte(new Date(T0)) })
          .get()
      ).data
        .map((doc) => doc._id)
        .sort(),
      resolvedBefore: (
        await cases()
          .where({ resolvedAt: _.lt(new Date(T0 + 5 * HOUR)) })
          .get()
      ).data
        .map((doc) => doc._id)
        .sort(),
      nullResolved: (await cases().where({ resolvedAt: null }).get()).data.map((doc) => doc._id).sort(),
      inCategories: (
        await cases()
          .where({ category: _.in(['road']) })
          .get()
      ).data
        .map((doc) => doc._id)
        .sort(),
      tagged: (await cases().where({ tags: 'leak' }).get()).data.map((doc) => doc._id).sort(),
      nested: (
        await cases()
          .where({ meta: { k: 1 } })
          .get()
      ).data
        .map((doc) => doc._id)
        .sort(),
      grouped: byId(
        (
          await cases()
            .aggregate()
            .match({ status: 'done', resolvedAt: _.gt(new Date(T0 + 4 * HOUR)) })
            .group({ _id: '$category', n: $.sum(1) })
            .end()
        ).list,
      ),
      counted: (
        await cases()
          .aggregate()
          .match({ n: _.gte(2).and(_.lte(4)) })
          .count('c')
          .end()
      ).list,
    });
    const before = await queries();
    const spec = { cases: ['status', 'resolvedAt', 'category', 'tags', 'meta.k', 'n'], missing: ['x'] };
    await expect(ensureIndexes(db, spec)).resolves.toBeUndefined();
    await expect(ensureIndexes(db, spec)).resolves.toBeUndefined();
    expect(await queries()).toEqual(before);
    await expect(db.collection('missing').count()).rejects.toMatchObject({ errCode: -502005 });

    // nedb answers a leading match on an indexed field from that index
    const { prototype } = jest.requireActual<{ prototype: { getMatching(value: unknown): unknown[] } }>('@seald-io/nedb/lib/indexes');
    const spy = jest.spyOn(prototype, 'getMatching');
    try {
      await cases().aggregate().match({ status: 'open' }).count('n').end();
      expect((spy.mock.contexts as Array<{ fieldName: string }>).map((index) => index.fieldName)).toContain('status');
    } finally {
      spy.mockRestore();
    }
    await expect(ensureIndexes(db, { cases: ['$bad'] })).rejects.toThrow(/field paths/);
  });

  it('is counted by countingDatabase: one call, docsRead = list length', async () => {
    const counting = countingDatabase(db as unknown as Database);
    const wrapped = counting.db as unknown as LocalDatabase;
    const $ = db.command.aggregate;
    const { list } = await wrapped
      .collection('cases')
      .aggregate()
      .group({ _id: '$status', n: $.sum(1) })
      .count('groups')
      .end();
    expect(list).toEqual([{ groups: 2 }]);
    expect(counting.counts).toEqual({ calls: 1, docsRead: 1, byKind: { end: 1 }, byCollection: { 'cases.end': 1 } });
    await wrapped.collection('cases').aggregate().match({ status: 'done' }).end();
    expect(counting.counts).toEqual({ calls: 2, docsRead: 4, byKind: { end: 2 }, byCollection: { 'cases.end': 2 } });
  });
});

describe('indexes and match position change no answer', () => {
  /** Deterministic pseudo-random numbers (mulberry32). */
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const VALUES: unknown[] = [
    null,
    0,
    1,
    2,
    'a',
    'b',
    '',
    true,
    false,
    new Date(1000),
    new Date(2000),
    [],
    [1, 2],
    ['a', null],
    ['a', 'b'],
    [new Date(1000)],
    { x: 1 },
    [{ x: 1 }],
    undefined,
  ];
  /** Range operands restricted to the types app code compares (see the report on booleans/objects/arrays). */
  const RANGE_OPERANDS: unknown[] = [0, 1, 2, 'a', 'b', '', new Date(1000), new Date(1500), new Date(2000)];
  const copy = (value: unknown): unknown =>
    value instanceof Date ? new Date(value.getTime()) : Array.isArray(value) ? value.map(copy) : value && typeof value === 'object' ? { ...value } : value;

  it('where() with and without ensureIndexes, and aggregate match leading (nedb) or later (mingo), agree', async () => {
    const random = prng(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const plain = createLocalDatabase({ dir: null });
    const indexed = createLocalDatabase({ dir: null });
    const _ = plain.command;
    try {
      for (let round = 0; round < 15; round += 1) {
        for (const db of [plain, indexed]) await db.createCollection(`r${round}`);
        const docs = Array.from({ length: 30 }, (_unused, i) => {
          const doc: Record<string, unknown> = { _id: `d${i}`, i };
          for (const field of ['f', 'g']) {
            const value = pick(VALUES);
            if (value !== undefined) doc[field] = copy(value);
          }
          const nested = pick(VALUES);
          if (nested !== undefined) doc.h = { k: copy(nested) };
          return doc;
        });
        for (const db of [plain, indexed]) await db.collection(`r${round}`).add({ data: docs });
        await ensureIndexes(indexed, { [`r${round}`]: ['f', 'g', 'h.k'] });
        for (let q = 0; q < 40; q += 1) {
          const field = pick(['f', 'g', 'h.k']);
          const value = copy(pick(VALUES.filter((v) => v !== undefined)));
          const range = copy(pick(RANGE_OPERANDS));
          const operator = pick(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'exists', 'plain'] as const);
          let condition: Record<string, unknown>;
          if (operator === 'plain') condition = { [field]: value };
          else if (operator === 'in' || operator === 'nin') condition = { [field]: _[operator]([value, copy(pick(VALUES.filter((v) => v !== undefined)))]) };
          else if (operator === 'exists') condition = { [field]: _.exists(random() < 0.5) };
          else if (operator === 'eq' || operator === 'neq') condition = { [field]: _[operator](value) };
          else condition = { [field]: _[operator](range) };
          if (random() < 0.3) condition = { ...condition, [pick(['f', 'g'])]: pick([1, 'a', new Date(1000)]) };
          const ids = (list: Array<Record<string, unknown>>) => list.map((doc) => doc._id).sort();
          const name = `r${round}`;
          const expected = ids((await plain.collection(name).where(condition).get()).data);
          const page = (db: LocalDatabase) => db.collection(name).where(condition).orderBy('i', 'asc').skip(1).limit(3).get();
          const answers = {
            indexedWhere: ids((await indexed.collection(name).where(condition).get()).data),
            indexedCount: (await indexed.collection(name).where(condition).count()).total,
            indexedPage: (await page(indexed)).data.map((doc) => doc._id),
            leadingMatch: ids((await indexed.collection(name).aggregate().match(condition).limit(100).end()).list),
            laterMatch: ids((await plain.collection(name).aggregate().sort({ i: 1 }).match(condition).limit(100).end()).list),
          };
          expect({ condition, ...answers }).toEqual({
            condition,
            indexedWhere: expected,
            indexedCount: expected.length,
            indexedPage: (await page(plain)).data.map((doc) => doc._id),
            leadingMatch: expected,
            laterMatch: expected,
          });
        }
      }
    } finally {
      await closeLocalDatabase(plain);
      await closeLocalDatabase(indexed);
    }
  });

  it('a range on an indexed array field returns, counts and updates each document once', async () => {
    const db = createLocalDatabase({ dir: null });
    const _ = db.command;
    await db.createCollection('t');
    await db.collection('t').add({
      data: [
        { _id: 'two', tags: ['a', 'b'] },
        { _id: 'one', tags: ['c'] },
      ],
    });
    await ensureIndexes(db, { t: ['tags'] });
    const inRange = () => db.collection('t').where({ tags: _.gte('a') });
    expect((await inRange().get()).data.map((doc) => doc._id).sort()).toEqual(['one', 'two']);
    expect((await inRange().count()).total).toBe(2);
    expect((await inRange().update({ data: { seen: true } })).stats.updated).toBe(2);
    expect(
      (
        await db
          .collection('t')
          .aggregate()
          .match({ tags: _.lte('b') })
          .count('n')
          .end()
      ).list,
    ).toEqual([{ n: 1 }]);
    expect(
      (
        await db
          .collection('t')
          .where({ tags: _.lte('b') })
          .remove()
      ).stats.removed,
    ).toBe(1);
    await closeLocalDatabase(db);
  });
});

describe('ensureIndexes on a file-backed database', () => {
  it('survives reopening the directory (indexes are rebuilt, answers unchanged)', async () => {
    const dir = freshDir();
    const first = createLocalDatabase({ dir });
    await first.createCollection('cases');
    await first.collection('cases').add({ data: CASES });
    await ensureIndexes(first, { cases: ['status', 'resolvedAt'] });
    await closeLocalDatabase(first);
    const second = createLocalDatabase({ dir });
    const _ = second.command;
    const { list } = await second
      .collection('cases')
      .aggregate()
      .match({ resolvedAt: _.gte(new Date(T0)) })
      .count('n')
      .end();
    expect(list).toEqual([{ n: 3 }]);
    await expect(ensureIndexes(second, { cases: ['status', 'resolvedAt'] })).resolves.toBeUndefined();
    await closeLocalDatabase(second);
  });
});
