/**
 * The local wx-server-sdk database: WeChat Cloud's API, result shapes and semantics on an embedded nedb store.
 * Runs every behavioural test twice — in memory and file-backed — plus translation-layer unit tests,
 * durability across re-open and across a process exit.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeLocalDatabase, createLocalDatabase, LOCAL_DB_LIMITS, type LocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';
import { createCommand } from '../../cloudfunctions/local-cloud/sdk/db/command';
import { applyModifier, toModifier, toNedbQuery } from '../../cloudfunctions/local-cloud/sdk/db/translate';
import { tempDirs } from '../support/temp-dirs';

const START = Date.UTC(2024, 0, 1, 8, 0, 0);
const REPO = path.resolve(__dirname, '../..');

const freshDir = tempDirs('local-db-');

describe('translation layer', () => {
  const _ = createCommand();

  it('turns a nested plain object into a dotted-path match and keeps commands on their path', () => {
    expect(toNedbQuery({ a: { b: 1, c: { d: 'x' } }, n: _.gt(2) })).toEqual({ 'a.b': 1, 'a.c.d': 'x', n: { $gt: 2, $ne: null } });
  });

  it('keeps _.eq(object) as whole-object equality', () => {
    expect(toNedbQuery({ a: _.eq({ b: 1 }) })).toEqual({ a: { b: 1 } });
  });

  it('drops undefined fields and empty nested objects, as the SDK serializer does', () => {
    expect(toNedbQuery({ a: undefined, b: {}, c: 1 })).toEqual({ c: 1 });
  });

  it('translates field-level and top-level logic', () => {
    expect(toNedbQuery({ n: _.gt(1).and(_.lt(5)) })).toEqual({ $and: [{ n: { $gt: 1, $ne: null } }, { n: { $lt: 5, $ne: null } }] });
    expect(toNedbQuery(_.or([{ a: 1 }, { b: { c: 2 } }]))).toEqual({ $or: [{ a: 1 }, { 'b.c': 2 }] });
  });

  it('rejects a comparison command without a field at top level', () => {
    expect(() => toNedbQuery(_.or(_.gt(1)))).toThrow('Cannot encode a comparison command with unset field name');
  });

  it('turns nested update data into dotted $set paths and commands into operators', () => {
    expect(toModifier({ a: { b: 1 }, list: [1], when: null, whole: _.set({ x: 1 }), n: _.inc(2), gone: _.remove(), tags: _.push(['t']) })).toEqual({
      $set: { 'a.b': 1, list: [1], when: null, whole: { x: 1 } },
      $inc: { n: 2 },
      $unset: { gone: true },
      $push: { tags: { $each: ['t'] } },
    });
  });

  it('rejects update paths that overlap', () => {
    expect(() => toModifier({ a: _.set({ x: 1 }), 'a.y': 2 })).toThrow(/would create a conflict/);
  });

  it('applies a modifier to a copy and leaves the original untouched', () => {
    const original = { _id: 'x', a: { b: 1, c: 2 }, n: 1 };
    const next = applyModifier(original, toModifier({ a: { b: 9 }, n: _.inc(1) }), START);
    expect(next).toEqual({ _id: 'x', a: { b: 9, c: 2 }, n: 2 });
    expect(original).toEqual({ _id: 'x', a: { b: 1, c: 2 }, n: 1 });
  });

  it('refuses to create a field inside a non-object, like MongoDB', () => {
    expect(() => applyModifier({ _id: 'x', a: 5 }, toModifier({ a: { b: 1 } }), START)).toThrow(/Cannot create field 'b'/);
  });
});

type Kind = 'in-memory' | 'file-backed';

describe.each<Kind>(['in-memory', 'file-backed'])('%s database', (kind) => {
  let db: LocalDatabase;
  let clock: number;

  beforeEach(async () => {
    clock = START;
    db = createLocalDatabase({ dir: kind === 'in-memory' ? null : freshDir(), now: () => clock });
    await db.createCollection('cases');
  });
  afterEach(async () => {
    await closeLocalDatabase(db);
  });

  const cases = () => db.collection('cases');

  describe('collections', () => {
    it('createCollection resolves createCollection:ok and rejects -502002 for an existing name', async () => {
      await expect(db.createCollection('users')).resolves.toMatchObject({ errMsg: 'createCollection:ok' });
      await expect(db.createCollection('users')).rejects.toMatchObject({
        errCode: -502002,
        errMsg: expect.stringContaining('collection already exists'),
      });
    });

    it('rejects every operation on a never-created collection with errCode -502005', async () => {
      const missing = db.collection('nope');
      const attempts: Array<[string, Promise<unknown>]> = [
        ['collection.get', missing.get()],
        ['collection.count', missing.count()],
        ['collection.add', missing.add({ data: { a: 1 } })],
        ['collection.update', missing.where({ a: 1 }).update({ data: { a: 2 } })],
        ['collection.remove', missing.where({ a: 1 }).remove()],
        ['document.get', missing.doc('x').get()],
        ['document.set', missing.doc('x').set({ data: { a: 1 } })],
        ['document.update', missing.doc('x').update({ data: { a: 1 } })],
        ['document.remove', missing.doc('x').remove()],
      ];
      for (const [api, attempt] of attempts) {
        const error: unknown = await attempt.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(Error);
        expect(error).toMatchObject({
          errCode: -502005,
          errMsg: expect.stringContaining(`${api}:fail -502005 database collection not exists`),
          message: expect.stringContaining('database collection not exists'),
        });
      }
    });
  });

  describe('result shapes', () => {
    it('add returns a generated 32-hex _id, or the given one', async () => {
      const generated = await cases().add({ data: { title: 'a' } });
      expect(generated).toEqual({ _id: expect.stringMatching(/^[0-9a-f]{32}$/), errMsg: 'collection.add:ok' });
      await expect(cases().add({ data: { _id: 'mine', title: 'b' } })).resolves.toEqual({ _id: 'mine', errMsg: 'collection.add:ok' });
    });

    it('add with an existing _id rejects', async () => {
      await cases().add({ data: { _id: 'dup' } });
      await expect(cases().add({ data: { _id: 'dup' } })).rejects.toMatchObject({ errCode: -502001 });
    });

    it('doc.get returns { data, errMsg } and rejects for a missing document', async () => {
      await cases().add({ data: { _id: 'c1', title: 'x' } });
      await expect(cases().doc('c1').get()).resolves.toEqual({ data: { _id: 'c1', title: 'x' }, errMsg: 'document.get:ok' });
      await expect(cases().doc('zz').get()).rejects.toMatchObject({
        message: 'document.get:fail document with _id zz does not exist',
        errMsg: 'document.get:fail document with _id zz does not exist',
        errCode: -1,
      });
    });

    it('collection.get returns { data: [...], errMsg } and count returns { total }', async () => {
      await cases().add({ data: [{ k: 1 }, { k: 2 }, { k: 2 }] });
      const res = await cases().where({ k: 2 }).get();
      expect(res.errMsg).toBe('collection.get:ok');
      expect(res.data).toHaveLength(2);
      await expect(cases().where({ k: 2 }).count()).resolves.toEqual({ total: 2, errMsg: 'collection.count:ok' });
    });

    it('update reports stats.updated, and 0 (not a rejection) when nothing matches', async () => {
      await cases().add({ data: [{ k: 1 }, { k: 1 }, { k: 2 }] });
      const seen = { data: { seen: true } };
      await expect(cases().where({ k: 1 }).update(seen)).resolves.toEqual({ stats: { updated: 2 }, errMsg: 'collection.update:ok' });
      await expect(cases().where({ k: 99 }).update(seen)).resolves.toEqual({ stats: { updated: 0 }, errMsg: 'collection.update:ok' });
      await expect(cases().doc('missing').update(seen)).resolves.toEqual({ stats: { updated: 0 }, errMsg: 'document.update:ok' });
    });

    it('doc.set upserts and replaces the whole document', async () => {
      await expect(
        cases()
          .doc('s1')
          .set({ data: { a: 1, b: { c: 1 } } }),
      ).resolves.toEqual({
        _id: 's1',
        stats: { updated: 0, created: 1 },
        errMsg: 'document.set:ok',
      });
      await expect(
        cases()
          .doc('s1')
          .set({ data: { b: { d: 2 } } }),
      ).resolves.toEqual({
        _id: 's1',
        stats: { updated: 1, created: 0 },
        errMsg: 'document.set:ok',
      });
      expect((await cases().doc('s1').get()).data).toEqual({ _id: 's1', b: { d: 2 } });
    });

    it('remove reports stats.removed', async () => {
      await cases().add({
        data: [
          { _id: 'r1', k: 1 },
          { _id: 'r2', k: 1 },
          { _id: 'r3', k: 2 },
        ],
      });
      await expect(cases().where({ k: 1 }).remove()).resolves.toEqual({ stats: { removed: 2 }, errMsg: 'collection.remove:ok' });
      await expect(cases().doc('r3').remove()).resolves.toEqual({ stats: { removed: 1 }, errMsg: 'document.remove:ok' });
      await expect(cases().doc('r3').remove()).resolves.toEqual({ stats: { removed: 0 }, errMsg: 'document.remove:ok' });
      await expect(cases().count()).resolves.toMatchObject({ total: 0 });
    });

    it('returns Date fields as Dates, and documents as copies', async () => {
      const when = new Date(START);
      await cases().add({ data: { _id: 'd1', when, nested: { list: [1] } } });
      when.setFullYear(2000); // the caller's object is not shared with the store
      const first = (await cases().doc('d1').get()).data;
      expect(first.when).toBeInstanceOf(Date);
      expect(first.when).toEqual(new Date(START));
      (first.when as Date).setFullYear(1999);
      (first.nested as { list: number[] }).list.push(2);
      const [again] = (await cases().where({ _id: 'd1' }).get()).data;
      (again.when as Date).setFullYear(1998);
      expect((await cases().doc('d1').get()).data).toEqual({ _id: 'd1', when: new Date(START), nested: { list: [1] } });
    });
  });

  describe('query operators', () => {
    beforeEach(async () => {
      await cases().add({
        data: [
          { _id: 'a', n: 1, tags: ['x', 'y'], owner: { name: 'li', level: 1 }, note: null },
          { _id: 'b', n: 5, tags: ['y'], owner: { name: 'wang', level: 2 } },
          { _id: 'c', n: 10, tags: [], owner: { name: 'li', level: 3 }, extra: true },
        ],
      });
    });
    const _ = () => db.command;
    const ids = async (condition: Parameters<ReturnType<typeof cases>['where']>[0]) =>
      (await cases().where(condition).orderBy('_id', 'asc').get()).data.map((d) => d._id);

    it('eq / neq (neq also matches a missing field; on arrays, no element may equal)', async () => {
      expect(await ids({ n: _().eq(5) })).toEqual(['b']);
      expect(await ids({ n: _().neq(5) })).toEqual(['a', 'c']);
      expect(await ids({ extra: _().neq(true) })).toEqual(['a', 'b']);
      expect(await ids({ tags: _().neq('x') })).toEqual(['b', 'c']);
    });

    it('lt / lte / gt / gte', async () => {
      expect(await ids({ n: _().lt(5) })).toEqual(['a']);
      expect(await ids({ n: _().lte(5) })).toEqual(['a', 'b']);
      expect(await ids({ n: _().gt(5) })).toEqual(['c']);
      expect(await ids({ n: _().gte(5) })).toEqual(['b', 'c']);
    });

    it('in / nin', async () => {
      expect(await ids({ n: _().in([1, 10]) })).toEqual(['a', 'c']);
      expect(await ids({ n: _().nin([1, 10]) })).toEqual(['b']);
      expect(await ids({ tags: _().in(['x']) })).toEqual(['a']);
    });

    it('exists (true also for an empty array)', async () => {
      expect(await ids({ extra: _().exists(true) })).toEqual(['c']);
      expect(await ids({ extra: _().exists(false) })).toEqual(['a', 'b']);
      expect(await ids({ tags: _().exists(true) })).toEqual(['a', 'b', 'c']);
    });

    it('null matches null and missing fields', async () => {
      expect(await ids({ note: null })).toEqual(['a', 'b', 'c']);
      expect(await ids({ note: _().neq(null) })).toEqual([]);
    });

    it('a plain nested object matches by path; _.eq(object) needs the whole object', async () => {
      expect(await ids({ owner: { name: 'li' } })).toEqual(['a', 'c']);
      expect(await ids({ owner: _().eq({ name: 'li' }) })).toEqual([]);
      expect(await ids({ owner: _().eq({ name: 'li', level: 3 }) })).toEqual(['c']);
      expect(await ids({ 'owner.level': _().gte(2) })).toEqual(['b', 'c']);
    });

    it('array fields match when an element equals', async () => {
      expect(await ids({ tags: 'y' })).toEqual(['a', 'b']);
    });

    it('field-level and / or, chained or as _.and(...)', async () => {
      expect(await ids({ n: _().gt(1).and(_().lt(10)) })).toEqual(['b']);
      expect(await ids({ n: _().gt(1).lt(10) })).toEqual(['b']);
      expect(await ids({ n: _().and(_().gte(5), _().lte(10)) })).toEqual(['b', 'c']);
      expect(await ids({ n: _().lt(2).or(_().gt(9)) })).toEqual(['a', 'c']);
      expect(await ids({ n: _().or([_().eq(1), _().eq(5)]) })).toEqual(['a', 'b']);
    });

    it('top-level _.or / _.and as the whole condition (array or arguments)', async () => {
      expect(await ids(_().or([{ n: 1 }, { owner: { level: 3 } }]))).toEqual(['a', 'c']);
      expect(await ids(_().or({ n: 1 }, { n: 5 }))).toEqual(['a', 'b']);
      expect(await ids(_().and([{ owner: { name: 'li' } }, { n: _().gt(1) }]))).toEqual(['c']);
    });

    it('native RegExp values match strings', async () => {
      expect(await ids({ 'owner.name': /^wa/ })).toEqual(['b']);
    });

    it('rejects malformed conditions synchronously, like the SDK', () => {
      expect(() => cases().where({ a: undefined })).toThrow('查询参数对象值不能均为undefined');
      expect(() => cases().orderBy('n', 'up' as 'asc')).toThrow('排序字符不合法');
    });
  });

  describe('orderBy / skip / limit / field', () => {
    it('sorts by several keys, skips and limits', async () => {
      await cases().add({
        data: [
          { _id: '1', g: 'b', n: 1 },
          { _id: '2', g: 'a', n: 2 },
          { _id: '3', g: 'b', n: 3 },
          { _id: '4', g: 'a', n: 4 },
        ],
      });
      const sorted = await cases().orderBy('g', 'asc').orderBy('n', 'desc').get();
      expect(sorted.data.map((d) => d._id)).toEqual(['4', '2', '3', '1']);
      const page = await cases().orderBy('n', 'asc').skip(1).limit(2).get();
      expect(page.data.map((d) => d._id)).toEqual(['2', '3']);
    });

    it('returns at most 100 documents, by default and whatever limit() asks', async () => {
      await cases().add({ data: Array.from({ length: 150 }, (_unused, i) => ({ i })) });
      expect(LOCAL_DB_LIMITS.maxGetLimit).toBe(100);
      expect((await cases().get()).data).toHaveLength(100);
      expect((await cases().limit(500).get()).data).toHaveLength(100);
      expect((await cases().limit(30).get()).data).toHaveLength(30);
      expect((await cases().orderBy('i', 'asc').skip(100).limit(100).get()).data).toHaveLength(50);
      await expect(cases().count()).resolves.toMatchObject({ total: 150 });
    });

    it('projects fields with field()', async () => {
      await cases().add({ data: { _id: 'p', a: 1, b: { c: 2, d: 3 }, e: 4 } });
      expect((await cases().field({ a: true, 'b.c': true }).get()).data).toEqual([{ _id: 'p', a: 1, b: { c: 2 } }]);
      expect((await cases().field({ b: false, e: false }).get()).data).toEqual([{ _id: 'p', a: 1 }]);
      expect((await cases().doc('p').field({ e: true }).get()).data).toEqual({ _id: 'p', e: 4 });
    });
  });

  describe('updates', () => {
    const _ = () => db.command;
    beforeEach(async () => {
      await cases().add({
        data: { _id: 'u', a: { b: 1, c: 2 }, list: [1, 2], when: new Date(0), n: 1, gone: 'x', tags: ['t'] },
      });
    });
    const current = async () => (await cases().doc('u').get()).data;

    it('a nested object updates only the given sub-fields', async () => {
      await cases()
        .doc('u')
        .update({ data: { a: { b: 10 } } });
      expect((await current()).a).toEqual({ b: 10, c: 2 });
      await cases()
        .where({ _id: 'u' })
        .update({ data: { a: { d: { e: 1 } } } });
      expect((await current()).a).toEqual({ b: 10, c: 2, d: { e: 1 } });
    });

    it('_.set replaces the whole field; arrays, Dates and null replace too', async () => {
      await cases()
        .doc('u')
        .update({ data: { a: _().set({ z: 1 }), list: [9], when: new Date(5), n: null } });
      expect(await current()).toMatchObject({ a: { z: 1 }, list: [9], when: new Date(5), n: null });
    });

    it('_.remove deletes, _.inc adds (creating a missing field)', async () => {
      await cases()
        .doc('u')
        .update({ data: { gone: _().remove(), n: _().inc(2), fresh: _().inc(-1) } });
      const doc = await current();
      expect(doc).not.toHaveProperty('gone');
      expect(doc).toMatchObject({ n: 3, fresh: -1 });
    });

    it('_.push appends a value, an array of values, several arguments, or { each }', async () => {
      await cases()
        .doc('u')
        .update({ data: { tags: _().push('a') } });
      await cases()
        .doc('u')
        .update({ data: { tags: _().push(['b', 'c']) } });
      await cases()
        .doc('u')
        .update({ data: { tags: _().push('d', 'e') } });
      await cases()
        .doc('u')
        .update({ data: { tags: _().push({ each: ['f'] }), fresh: _().push([1]) } });
      expect(await current()).toMatchObject({ tags: ['t', 'a', 'b', 'c', 'd', 'e', 'f'], fresh: [1] });
    });

    it('counts only documents that actually changed', async () => {
      await expect(
        cases()
          .doc('u')
          .update({ data: { n: 1 } }),
      ).resolves.toMatchObject({ stats: { updated: 0 } });
    });

    it('rejects updating _id with errCode -501007', async () => {
      await expect(
        cases()
          .doc('u')
          .update({ data: { _id: 'other' } }),
      ).rejects.toMatchObject({
        errCode: -501007,
        errMsg: expect.stringContaining('不能更新_id的值'),
      });
      await expect(
        cases()
          .where({ n: 1 })
          .update({ data: { _id: 'other' } }),
      ).rejects.toMatchObject({ errCode: -501007 });
    });

    it('rejects _.inc on a non-number and leaves the document unchanged', async () => {
      await expect(
        cases()
          .doc('u')
          .update({ data: { gone: _().inc(1), n: 5 } }),
      ).rejects.toThrow(/\$inc/);
      expect(await current()).toMatchObject({ gone: 'x', n: 1 });
    });
  });

  describe('unsupported operators', () => {
    it('throw a clear "not supported yet" error instead of misbehaving', () => {
      const _ = db.command;
      expect(() => _.mul(2)).toThrow('local cloud: db.command.mul is not supported yet');
      expect(() => _.addToSet('x')).toThrow('local cloud: db.command.addToSet is not supported yet');
      expect(() => _.elemMatch({})).toThrow('local cloud: db.command.elemMatch is not supported yet');
      expect(() => _.gt(1).size(2)).toThrow('local cloud: db.command.size is not supported yet');
      expect(() => _.aggregate.mergeObjects([])).toThrow('local cloud: aggregate operator $mergeObjects is not supported yet');
      expect(() => _.push({ each: [1], position: 0 })).toThrow(/not supported yet/);
    });
  });

  describe('serverDate', () => {
    it('becomes now() + offset at write time, nested anywhere, in add/set/update', async () => {
      const marker = db.serverDate({ offset: 60_000 }); // created before the clock moves
      clock = START + 1_000;
      const { _id } = await cases().add({ data: { createdAt: db.serverDate(), meta: { due: marker }, log: [{ at: db.serverDate() }] } });
      expect((await cases().doc(_id).get()).data).toMatchObject({
        createdAt: new Date(START + 1_000),
        meta: { due: new Date(START + 61_000) },
        log: [{ at: new Date(START + 1_000) }],
      });
      clock = START + 2_000;
      await cases()
        .doc(_id)
        .update({ data: { meta: { seen: db.serverDate() }, log: db.command.push({ at: db.serverDate() }) } });
      clock = START + 3_000;
      await cases()
        .doc('s')
        .set({ data: { at: db.serverDate({ offset: -3_000 }) } });
      const doc = (await cases().doc(_id).get()).data;
      expect(doc.meta).toEqual({ due: new Date(START + 61_000), seen: new Date(START + 2_000) });
      expect(doc.log).toEqual([{ at: new Date(START + 1_000) }, { at: new Date(START + 2_000) }]);
      expect((await cases().doc('s').get()).data.at).toEqual(new Date(START));
    });

    it('is usable in a query condition', async () => {
      await cases().add({
        data: [
          { _id: 'old', at: new Date(START - 10) },
          { _id: 'new', at: new Date(START + 10) },
        ],
      });
      const res = await cases()
        .where({ at: db.command.lt(db.serverDate()) })
        .get();
      expect(res.data.map((d) => d._id)).toEqual(['old']);
    });
  });

  describe('atomicity', () => {
    it('where({ _id, status }).update is a compare-and-set: 50 concurrent calls, exactly one winner', async () => {
      const { _id } = await cases().add({ data: { status: 'pending' } });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_unused, i) =>
          cases()
            .where({ _id, status: 'pending' })
            .update({ data: { status: 'claimed', by: `u${i}` } }),
        ),
      );
      const winners = results.flatMap((r, i) => (r.stats.updated === 1 ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.stats.updated === 0)).toHaveLength(49);
      expect((await cases().doc(_id).get()).data).toMatchObject({ status: 'claimed', by: `u${winners[0]}` });
    });

    it('50 concurrent _.inc(1) lose no increment', async () => {
      await cases().add({ data: { _id: 'counter', n: 0 } });
      await Promise.all(
        Array.from({ length: 50 }, () =>
          cases()
            .doc('counter')
            .update({ data: { n: db.command.inc(1) } }),
        ),
      );
      expect((await cases().doc('counter').get()).data.n).toBe(50);
    });
  });

  describe('transactions', () => {
    beforeEach(async () => {
      await cases().add({
        data: [
          { _id: 'a', n: 1 },
          { _id: 'b', n: 1 },
        ],
      });
    });
    const snapshot = async () => (await cases().orderBy('_id', 'asc').get()).data;

    it('commits when the callback resolves and resolves with its value', async () => {
      const _ = db.command;
      const value = await db.runTransaction(async (t) => {
        const a = (await t.collection('cases').doc('a').get()).data;
        await t
          .collection('cases')
          .doc('a')
          .update({ data: { n: _.inc(1) } });
        await t
          .collection('cases')
          .doc('b')
          .set({ data: { n: (a.n as number) + 10 } });
        const added = await t.collection('cases').add({ data: { _id: 'c', n: 0 } });
        await t.collection('cases').doc('c').delete();
        return { added: added._id, seen: (await t.collection('cases').doc('a').get()).data.n };
      });
      expect(value).toEqual({ added: 'c', seen: 2 });
      expect(await snapshot()).toEqual([
        { _id: 'a', n: 2 },
        { _id: 'b', n: 11 },
      ]);
    });

    it('t.rollback(reason) undoes every write and runTransaction rejects with the reason', async () => {
      const _ = db.command;
      const run = db.runTransaction(async (t) => {
        await t
          .collection('cases')
          .doc('a')
          .update({ data: { n: _.inc(1) } });
        await t.collection('cases').doc('b').remove();
        await t.collection('cases').add({ data: { _id: 'new', n: 0 } });
        await t
          .collection('cases')
          .doc('fresh')
          .set({ data: { n: 9 } });
        await t
          .collection('cases')
          .doc('a')
          .update({ data: { n: _.inc(1) } });
        expect((await t.collection('cases').doc('a').get()).data.n).toBe(3); // reads its own writes
        await t.rollback('not today');
        return 'ignored';
      });
      await expect(run).rejects.toBe('not today');
      expect(await snapshot()).toEqual([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 1 },
      ]);
    });

    it('a throw undoes every write and runTransaction rejects with that error', async () => {
      const boom = new Error('boom');
      const run = db.runTransaction(async (t) => {
        await t
          .collection('cases')
          .doc('a')
          .set({ data: { n: 100, extra: true } });
        await t.collection('cases').add({ data: { _id: 'new' } });
        throw boom;
      });
      await expect(run).rejects.toBe(boom);
      expect(await snapshot()).toEqual([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 1 },
      ]);
    });

    it('holds the database: other calls wait until it commits', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const run = db.runTransaction(async (t) => {
        await t
          .collection('cases')
          .doc('a')
          .update({ data: { n: 5 } });
        await gate;
        await t
          .collection('cases')
          .doc('a')
          .update({ data: { n: 6 } });
      });
      let read: number | undefined;
      const reading = cases()
        .doc('a')
        .get()
        .then((r) => {
          read = r.data.n as number;
        });
      try {
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect(read).toBeUndefined();
      } finally {
        release();
      }
      await run;
      await reading;
      expect(read).toBe(6);
    });

    it('rejects a plain db call made inside the callback instead of deadlocking', async () => {
      const run = db.runTransaction(async () => {
        await cases().doc('a').get();
      });
      await expect(run).rejects.toThrow(/inside runTransaction\(\)/);
    });

    it('reports created: 0 for an insert by t.set, like the real SDK', async () => {
      const res = await db.runTransaction((t) =>
        t
          .collection('cases')
          .doc('z')
          .set({ data: { n: 1 } }),
      );
      expect(res).toEqual({ _id: 'z', stats: { updated: 0, created: 0 }, errMsg: 'document.set:ok' });
      expect((await cases().doc('z').get()).data).toEqual({ _id: 'z', n: 1 });
    });

    it('t.collection(name).doc(id).get() rejects for a missing document', async () => {
      const run = db.runTransaction((t) => t.collection('cases').doc('nope').get());
      await expect(run).rejects.toThrow('document.get:fail document with _id nope does not exist');
    });
  });
});

describe('durability', () => {
  it('keeps acknowledged writes and collections across close and re-open', async () => {
    const dir = freshDir();
    const first = createLocalDatabase({ dir });
    await first.createCollection('cases');
    await first.collection('cases').add({ data: { _id: 'k', when: new Date(START), nested: { a: 1 } } });
    await first
      .collection('cases')
      .doc('k')
      .update({ data: { nested: { b: 2 } } });
    await first.collection('cases').add({ data: { _id: 'gone' } });
    await first.collection('cases').doc('gone').remove();
    await closeLocalDatabase(first);

    const second = createLocalDatabase({ dir });
    await expect(second.createCollection('cases')).rejects.toMatchObject({ errCode: -502002 });
    const doc = (await second.collection('cases').doc('k').get()).data;
    expect(doc).toEqual({ _id: 'k', when: new Date(START), nested: { a: 1, b: 2 } });
    expect(doc.when).toBeInstanceOf(Date);
    await expect(second.collection('cases').count()).resolves.toMatchObject({ total: 1 });
    await closeLocalDatabase(second);
  });

  it('keeps a write acknowledged just before the process exits', async () => {
    const dir = freshDir();
    const script = path.join(dir, 'writer.ts');
    fs.writeFileSync(
      script,
      [
        `import { createLocalDatabase } from ${JSON.stringify(path.join(REPO, 'cloudfunctions/local-cloud/sdk/database'))};`,
        '(async () => {',
        `  const db = createLocalDatabase({ dir: ${JSON.stringify(path.join(dir, 'db'))} });`,
        "  await db.createCollection('cases');",
        "  await db.collection('cases').add({ data: { _id: 'k', n: 1 } });",
        "  await db.collection('cases').doc('k').update({ data: { n: db.command.inc(41) } });",
        '  process.exit(0);',
        '})();',
      ].join('\n'),
    );
    execFileSync(path.join(REPO, 'node_modules/.bin/tsx'), [script], { cwd: REPO, stdio: 'pipe' });

    const db = createLocalDatabase({ dir: path.join(dir, 'db') });
    expect((await db.collection('cases').doc('k').get()).data).toEqual({ _id: 'k', n: 42 });
    await closeLocalDatabase(db);
  });
});

describe('range operators and null (MongoDB type bracketing)', () => {
  it('never match null or a missing field, whatever the operand type', async () => {
    const { createLocalDatabase } = await import('../../cloudfunctions/local-cloud/sdk/database');
    const db = createLocalDatabase({ dir: null });
    await db.createCollection('r');
    await db.collection('r').add({ data: { _id: 'null', d: null } });
    await db.collection('r').add({ data: { _id: 'date', d: new Date('2026-01-01') } });
    await db.collection('r').add({ data: { _id: 'missing' } });
    await db.collection('r').add({ data: { _id: 'zero', d: 0 } });
    const _ = db.command;
    const ids = async (cond: Record<string, unknown>) => (await db.collection('r').where(cond).get()).data.map((x) => x._id).sort();
    expect(await ids({ d: _.lte(new Date('2026-06-01')) })).toEqual(['date']);
    expect(await ids({ d: _.gte(new Date('2025-01-01')) })).toEqual(['date']);
    expect(await ids({ d: _.lt(1) })).toEqual(['zero']);
    expect(await ids({ d: _.gte(0) })).toEqual(['zero']);
    expect(await ids({ d: _.lte(new Date('2026-06-01')).or(_.eq(null)) })).toEqual(['date', 'missing', 'null']);
  });
});
