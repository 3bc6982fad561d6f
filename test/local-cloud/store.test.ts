/**
 * The store at scale: reads run on a snapshot outside the database queue (a long aggregation does not hold up a
 * write, and still sees one state that existed); indexes stay exact under updates; the faster datafile reader loads
 * what nedb's would (and keeps documents nedb's own reader tore apart); loading rewrites the datafile only when it
 * holds superseded lines.
 * No wall-clock thresholds: the read slice is set to 0 ms and, where order matters, readers are held at their first
 * slice (readTurns.hold) until the writes are done.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { closeLocalDatabase, createLocalDatabase, ensureIndexes, type LocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';
import { readDatafile, readDatafileLatest } from '../../cloudfunctions/local-cloud/sdk/db/datafile';
import { readTurns, READ_SLICE_MS } from '../../cloudfunctions/local-cloud/sdk/db/turns';
import { tempDirs } from '../support/temp-dirs';

const freshDir = tempDirs('local-store-');

beforeEach(() => {
  readTurns.sliceMs = 0;
});
afterEach(() => {
  readTurns.resume();
  readTurns.sliceMs = READ_SLICE_MS;
});

/** Resolves once `promise` has settled, or with 'pending' after the event loop has run a few more turns. */
async function settledOrPending<T>(promise: Promise<T>): Promise<T | 'pending'> {
  let result: T | 'pending' = 'pending';
  void promise.then((value) => (result = value));
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return result;
}

async function seeded(dir: string | null, n: number): Promise<LocalDatabase> {
  const db = createLocalDatabase({ dir });
  await db.createCollection('items');
  const items = db.collection('items');
  const docs = Array.from({ length: n }, (_, i) => ({
    _id: `i${String(i).padStart(5, '0')}`,
    n: i,
    group: `g${i % 7}`,
    value: 1,
    at: new Date(Date.UTC(2020, 0, 1) + i * 60_000),
  }));
  for (let i = 0; i < docs.length; i += 500) await items.add({ data: docs.slice(i, i + 500) });
  return db;
}

describe.each([
  ['in memory', () => null],
  ['file-backed', () => freshDir()],
])('reads on a snapshot (%s)', (_label, dirOf) => {
  let db: LocalDatabase;
  beforeEach(async () => {
    db = await seeded(dirOf(), 2000);
  });
  afterEach(async () => {
    await closeLocalDatabase(db);
  });

  it('a write called after a long aggregation finishes before it, and the aggregation does not see it', async () => {
    const $ = db.command.aggregate;
    const order: string[] = [];
    // The aggregation stops at its first slice (after its snapshot) until the writes are done.
    readTurns.hold();
    const aggregation = db
      .collection('items')
      .aggregate()
      .match({ value: db.command.gte(0) })
      .group({ _id: null, total: $.sum('$value'), count: $.sum(1) })
      .end()
      .then((res) => {
        order.push('aggregate');
        return res;
      });
    const write = db
      .collection('items')
      .add({ data: { _id: 'late', n: -1, group: 'g0', value: 1000, at: new Date() } })
      .then(() => order.push('add'));
    const update = db
      .collection('items')
      .where({ _id: 'i00000', value: 1 })
      .update({ data: { value: 5 } })
      .then((res) => {
        order.push('update');
        return res;
      });
    await Promise.all([write, update]);
    expect(await settledOrPending(aggregation)).toBe('pending');
    readTurns.resume();
    const [aggregated, updated] = await Promise.all([aggregation, update]);
    expect(order).toEqual(['add', 'update', 'aggregate']);
    expect(updated.stats.updated).toBe(1);
    // The state at the aggregation's place in the queue: 2000 documents worth 1 each, neither write.
    expect(aggregated.list).toEqual([{ _id: null, total: 2000, count: 2000 }]);
    const after = await db
      .collection('items')
      .aggregate()
      .group({ _id: null, total: $.sum('$value'), count: $.sum(1) })
      .end();
    expect(after.list).toEqual([{ _id: null, total: 2000 - 1 + 5 + 1000, count: 2001 }]);
  });

  it('a read sees every write acknowledged before it was called', async () => {
    void db
      .collection('items')
      .doc('i00001')
      .update({ data: { value: 7 } });
    const [count, got] = await Promise.all([db.collection('items').where({ value: 7 }).count(), db.collection('items').where({ value: 7 }).get()]);
    expect(count.total).toBe(1);
    expect(got.data.map((d) => d._id)).toEqual(['i00001']);
  });

  it('concurrent reads each see one state that existed, while a transfer between two documents runs', async () => {
    // Every write keeps the sum of `value` at 2000: move one unit from one document to another in a transaction.
    const _ = db.command;
    const $ = _.aggregate;
    const sums: number[] = [];
    const reads: Array<Promise<unknown>> = [];
    const writes: Array<Promise<unknown>> = [];
    for (let round = 0; round < 20; round++) {
      reads.push(
        db
          .collection('items')
          .aggregate()
          .match({ n: _.gte(0) })
          .group({ _id: null, total: $.sum('$value') })
          .end()
          .then((res) => sums.push(res.list[0].total as number)),
      );
      reads.push(
        db
          .collection('items')
          .where({ n: _.gte(0) })
          .count()
          .then((res) => expect(res.total).toBe(2000)),
      );
      const from = `i${String(round).padStart(5, '0')}`;
      const to = `i${String(1999 - round).padStart(5, '0')}`;
      writes.push(
        db.runTransaction(async (t) => {
          await t
            .collection('items')
            .doc(from)
            .update({ data: { value: _.inc(-1) } });
          await t
            .collection('items')
            .doc(to)
            .update({ data: { value: _.inc(1) } });
        }),
      );
    }
    await Promise.all([...reads, ...writes]);
    expect(sums).toHaveLength(20);
    expect(new Set(sums)).toEqual(new Set([2000]));
  });

  it('a get() over a scan that yields many times returns the state at its call, sorted and limited as nedb does', async () => {
    const _ = db.command;
    readTurns.hold();
    const read = db
      .collection('items')
      .where({ group: 'g3', n: _.gte(0) })
      .orderBy('n', 'desc')
      .limit(5)
      .get();
    await Promise.all([
      db
        .collection('items')
        .doc('i01998')
        .update({ data: { n: 99999 } }),
      db.collection('items').doc('i01991').remove(),
    ]);
    expect(await settledOrPending(read)).toBe('pending');
    readTurns.resume();
    const res = await read;
    // Group g3 is n ≡ 3 (mod 7); the later writes (1998 renumbered, 1991 removed) are not seen.
    expect(res.data.map((d) => d.n)).toEqual([1998, 1991, 1984, 1977, 1970]);
  });

  it('picks any usable index: the results are those of a full scan', async () => {
    await ensureIndexes(db, { items: ['n', 'group', 'at'] });
    const _ = db.command;
    // `at` (the last range key, nedb's own choice) matches nearly all; `n` only a few.
    const res = await db
      .collection('items')
      .where({ n: _.gte(10).and(_.lt(15)), at: _.gte(new Date(Date.UTC(2020, 0, 1))) })
      .orderBy('n', 'asc')
      .get();
    expect(res.data.map((d) => d.n)).toEqual([10, 11, 12, 13, 14]);
    // A window written as _.gte(a).and(_.lt(b)) (a top-level $and) is answered from an index too: same result.
    const window = await db
      .collection('items')
      .where({ at: _.gte(new Date(Date.UTC(2020, 0, 1, 0, 10))).and(_.lt(new Date(Date.UTC(2020, 0, 1, 0, 13)))), n: _.gte(0) })
      .orderBy('n', 'asc')
      .get();
    expect(window.data.map((d) => d.n)).toEqual([10, 11, 12]);
    const grouped = await db
      .collection('items')
      .where({ group: 'g1', n: _.lt(30) })
      .count();
    expect(grouped.total).toBe(5); // 1, 8, 15, 22, 29
  });
});

describe('indexes under updates (index-patch.ts: a document leaves a key in place)', () => {
  it('answers from an index exactly as a full scan does, in the same order, after many updates and removals', async () => {
    const db = createLocalDatabase({ dir: null });
    await db.createCollection('items');
    const items = db.collection('items');
    await items.add({ data: Array.from({ length: 300 }, (_, i) => ({ _id: `d${String(i).padStart(3, '0')}`, status: 'open', n: i })) });
    await ensureIndexes(db, { items: ['status'] });
    for (let i = 0; i < 300; i += 3) await items.doc(`d${String(i).padStart(3, '0')}`).update({ data: { status: 'closed' } });
    for (let i = 0; i < 300; i += 7) await items.doc(`d${String(i).padStart(3, '0')}`).remove();
    for (let i = 0; i < 300; i += 9) await items.add({ data: { _id: `e${i}`, status: 'open', n: 1000 + i } });
    const expected = (status: string) => {
      const ids: string[] = [];
      for (let i = 0; i < 300; i++) if (i % 7 !== 0 && (i % 3 === 0 ? 'closed' : 'open') === status) ids.push(`d${String(i).padStart(3, '0')}`);
      if (status === 'open') for (let i = 0; i < 300; i += 9) ids.push(`e${i}`);
      return ids;
    };
    for (const status of ['open', 'closed']) {
      const all: string[] = [];
      for (let skip = 0; ; skip += 100) {
        const page = await items.where({ status }).skip(skip).limit(100).get();
        all.push(...page.data.map((d) => String(d._id)));
        if (page.data.length < 100) break;
      }
      // Same documents, in the index's order (insertion order within a key).
      expect(all).toEqual(expected(status));
      expect((await items.where({ status }).count()).total).toBe(expected(status).length);
    }
    await closeLocalDatabase(db);
  });
});

describe('the datafile reader', () => {
  it('gives what a line-by-line replay gives, in the same order, however the file is cut into chunks', async () => {
    const lines = [
      '{"_id":"b","v":1}',
      '{"_id":"a","v":1,"at":{"$$date":5}}',
      '{"$$indexCreated":{"fieldName":"v","unique":false,"sparse":false}}',
      '{"_id":"b","v":2,"text":"楼道灯\u2028坏了"}',
      '{"$$deleted":true,"_id":"a"}',
      '{"v":9,"_id":"c"}',
      '{"_id":"a","v":3}',
      '{"_id":"q\\"uote","v":4}',
      '{"_id":7,"v":5}',
      '{"$$indexRemoved":"v"}',
    ];
    const text = Buffer.from(`${lines.join('\n')}\n`);
    const exact = await readDatafile(Readable.from([text.toString('utf8')]), 0.1);
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      const latest = await readDatafileLatest(() => Readable.from(chunks), 0.1);
      expect(latest.data).toEqual(exact.data);
      expect(Object.keys(latest.data)).toEqual(Object.keys(exact.data));
      expect(latest.indexes).toEqual(exact.indexes);
    }
    expect(exact.data.map((d) => d._id)).toEqual(['7', 'b', 'c', 'a', 'q"uote'].map((id) => (id === '7' ? 7 : id)));
  });

  it('reads back what was written: Dates (nested too), the last version of each document, removals, indexes', async () => {
    const dir = freshDir();
    const db = createLocalDatabase({ dir });
    await db.createCollection('items');
    const when = new Date(Date.UTC(2026, 10, 27, 2, 0, 0));
    await db.collection('items').add({ data: { _id: 'a', v: 1, at: when, log: [{ at: when, what: 'x' }], nested: { deep: { at: when } } } });
    await db.collection('items').add({ data: { _id: 'b', v: 1 } });
    await db
      .collection('items')
      .doc('a')
      .update({ data: { v: 2 } });
    await db.collection('items').doc('b').remove();
    await db.collection('items').add({ data: { _id: 'c', v: 3 } });
    await ensureIndexes(db, { items: ['v'] });
    await closeLocalDatabase(db);
    const again = createLocalDatabase({ dir });
    const res = await again.collection('items').orderBy('_id', 'asc').get();
    expect(res.data).toEqual([
      { _id: 'a', v: 2, at: when, log: [{ at: when, what: 'x' }], nested: { deep: { at: when } } },
      { _id: 'c', v: 3 },
    ]);
    expect((res.data[0].log as Array<{ at: unknown }>)[0].at).toBeInstanceOf(Date);
    await closeLocalDatabase(again);
    const file = fs.readFileSync(path.join(dir, 'items.db'), 'utf8');
    expect(file).toContain('"$$indexCreated":{"fieldName":"v"');
  });

  it('keeps a document whose text holds U+2028, U+2029 or U+0085 (nedb 4.1 read such a line as two corrupt ones)', async () => {
    const dir = freshDir();
    const db = createLocalDatabase({ dir });
    await db.createCollection('items');
    const text = '第一行\u2028第二行\u2029第三行\u0085完';
    await db.collection('items').add({ data: { _id: 'odd', text } });
    await closeLocalDatabase(db);
    const again = createLocalDatabase({ dir });
    expect((await again.collection('items').doc('odd').get()).data).toEqual({ _id: 'odd', text });
    await closeLocalDatabase(again);
  });

  it('ignores a line torn by a crash: the version before it stands', async () => {
    const dir = freshDir();
    const db = createLocalDatabase({ dir });
    await db.createCollection('items');
    for (let i = 0; i < 20; i++) await db.collection('items').add({ data: { _id: `d${i}`, v: 1 } });
    await db
      .collection('items')
      .doc('d3')
      .update({ data: { v: 2 } });
    await closeLocalDatabase(db);
    fs.appendFileSync(path.join(dir, 'items.db'), '{"_id":"d3","v":3,"pa');
    const again = createLocalDatabase({ dir });
    expect((await again.collection('items').doc('d3').get()).data).toEqual({ _id: 'd3', v: 2 });
    expect((await again.collection('items').count()).total).toBe(20);
    await closeLocalDatabase(again);
  });

  it('refuses a datafile mostly corrupt, as nedb does', async () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, 'items.db'), '{"_id":"a","v":1}\nnot json\n{"_id":"b"\n');
    const db = createLocalDatabase({ dir });
    await expect(db.collection('items').count()).rejects.toMatchObject({ errMsg: expect.stringMatching(/66% of the data file is corrupt/) });
    await closeLocalDatabase(db);
  });
});

describe('compaction at load', () => {
  it('rewrites a datafile holding superseded lines, and leaves a compact one alone', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'items.db');
    const db = createLocalDatabase({ dir });
    await db.createCollection('items');
    await db.collection('items').add({ data: { _id: 'a', v: 1, at: new Date(0) } });
    await db
      .collection('items')
      .doc('a')
      .update({ data: { v: 2 } });
    await db.collection('items').add({ data: { _id: 'b', v: 1 } });
    await db.collection('items').doc('b').remove();
    await closeLocalDatabase(db);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
    const again = createLocalDatabase({ dir });
    expect((await again.collection('items').count()).total).toBe(1);
    await closeLocalDatabase(again);
    const compacted = fs.readFileSync(file, 'utf8');
    expect(compacted.trim().split('\n')).toEqual(['{"_id":"a","v":2,"at":{"$$date":0}}']);
    const before = fs.statSync(file).mtimeMs;
    const third = createLocalDatabase({ dir });
    expect((await third.collection('items').doc('a').get()).data).toEqual({ _id: 'a', v: 2, at: new Date(0) });
    await closeLocalDatabase(third);
    expect(fs.readFileSync(file, 'utf8')).toBe(compacted);
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });
});
