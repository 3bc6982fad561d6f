/**
 * The store at scale: the faster datafile reader loads what nedb's would (and keeps documents nedb's own reader tore
 * apart), and loading rewrites the datafile only when it holds superseded lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { closeLocalDatabase, createLocalDatabase, ensureIndexes } from '../../cloudfunctions/local-cloud/sdk/database';
import { readDatafile, readDatafileLatest } from '../../cloudfunctions/local-cloud/sdk/db/datafile';
import { tempDirs } from '../support/temp-dirs';

const freshDir = tempDirs('local-store-');

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
