/**
 * Durable storage: one nedb datastore (one append-only file, `<dir>/<collection>.db`) per collection.
 *
 * NOTE: a collection exists iff its datafile exists (or nedb's crash-safe `~` copy of it) — there is no separate
 * manifest to drift. In-memory mode keeps the set of created names instead.
 * NOTE: nedb appends each write to the file before its promise resolves, so an acknowledged write survives a
 * process restart (nedb does not fsync appends: an OS crash may still lose the tail). Loading rewrites
 * (compacts) the file when it holds superseded lines; datafile.ts reads it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import Datastore from '@seald-io/nedb';
import NedbCursor from '@seald-io/nedb/lib/cursor';
import * as nedbModel from '@seald-io/nedb/lib/model';
import * as nedbStorage from '@seald-io/nedb/lib/storage';
import type { NedbProjection, NedbQuery, NedbSort } from './translate';
import { readDatafileLatest, serializeDocument } from './datafile';
import { patchNedbIndexes } from './index-patch';
import { readTurns } from './turns';
import { isDate, isPlainRecord } from './values';

patchNedbIndexes();

/** A document id as WeChat Cloud allows it. */
export type DocumentId = string | number;

/** A stored document: `_id` plus any fields. */
export interface StoredDocument {
  _id: DocumentId;
  [field: string]: unknown;
}

/** Options of a find. */
export interface FindOptions {
  /** Sort spec, in priority order. */
  sort?: NedbSort;
  /** Documents to skip after sorting. */
  skip?: number;
  /** Maximum documents returned. */
  limit?: number;
  /** Fields to keep/omit. */
  projection?: NedbProjection;
}

/** Collection names we accept: they become file names, so no separators or dots. */
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/** True if `name` is acceptable as a collection name. */
export function isValidCollectionName(name: string): boolean {
  return COLLECTION_NAME.test(name);
}

function isStoredDocument(value: unknown): value is StoredDocument {
  return isPlainRecord(value) && (typeof value._id === 'string' || typeof value._id === 'number');
}

function asDocuments(rows: unknown): StoredDocument[] {
  if (!Array.isArray(rows) || !rows.every(isStoredDocument)) throw new Error('local cloud: nedb returned unexpected rows');
  return rows;
}

/** A node of a nedb index's AVL tree (@seald-io/binary-search-tree 1.x). */
interface TreeNode {
  key?: unknown;
  data: unknown[];
  left: TreeNode | null;
  right: TreeNode | null;
  getLowerBoundMatcher(query: unknown): (key: unknown) => boolean;
  getUpperBoundMatcher(query: unknown): (key: unknown) => boolean;
}

/** A nedb index, as store.ts uses it (nedb 4.1's Index: an AVL tree of keys → documents). */
interface NedbIndex {
  getMatching(value: unknown): unknown[];
  tree: { tree: TreeNode };
}

/**
 * The documents of the index keys within `query`'s bounds, in key order — what nedb's getBetweenBounds returns
 * (the same traversal) — or null as soon as there would be more than `limit`: a bound such as `createdAt < now`
 * covers nearly every document, and listing them all only to pick a smaller set took tens of milliseconds.
 */
function boundedBetween(root: TreeNode, query: unknown, limit: number): unknown[] | null {
  if (!Object.prototype.hasOwnProperty.call(root, 'key')) return [];
  const lower = root.getLowerBoundMatcher(query);
  const upper = root.getUpperBoundMatcher(query);
  const out: unknown[] = [];
  const walk = (node: TreeNode): boolean => {
    const aboveLower = lower(node.key);
    const belowUpper = upper(node.key);
    if (aboveLower && node.left && !walk(node.left)) return false;
    if (aboveLower && belowUpper) {
      for (const document of node.data) out.push(document);
      if (out.length > limit) return false;
    }
    if (belowUpper && node.right && !walk(node.right)) return false;
    return true;
  };
  return walk(root) ? out : null;
}

const RANGE_OPERATORS = ['$lt', '$lte', '$gt', '$gte'] as const;

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** nedb's "basic match" value: one its index answers by equality (utils.filterIndexNames). */
function isBasicValue(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isDate(value);
}

/**
 * Documents matching `query` among `candidates`, in order. Long scans give the thread up between slices
 * (turns.ts), so a read over thousands of documents does not hold up the writes queued behind it.
 */
async function matching(candidates: readonly StoredDocument[], query: NedbQuery, yielding: boolean): Promise<StoredDocument[]> {
  if (Object.keys(query).length === 0) return [...candidates];
  const out: StoredDocument[] = [];
  for (let i = 0; i < candidates.length; i++) {
    if (yielding && (i & 63) === 63) await readTurns.pass();
    if (nedbModel.match(candidates[i], query)) out.push(candidates[i]);
  }
  return out;
}

/** nedb's copies of `documents` (what its find returns: new objects and arrays, Dates shared), made in slices. */
async function copies(documents: readonly unknown[], yielding: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < documents.length; i++) {
    if (yielding && (i & 63) === 63) await readTurns.pass();
    out.push(nedbModel.deepCopy(documents[i]));
  }
  return out;
}

/**
 * The `field: condition` pairs every match must satisfy: the query's own keys and, recursively, those of its
 * top-level `$and` (translate.ts writes `_.gte(a).and(_.lt(b))` — the dashboard's windows — as
 * `{$and: [{f: {$gte: a}}, {f: {$lt: b}}]}`, which nedb answers by reading every document).
 * NOTE: two conditions on one field are NOT merged into one range: on an array field each may hold for a different
 * element, so only each condition alone is a safe superset.
 */
function conjuncts(query: NedbQuery): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [field, condition] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const part of condition) if (isPlainRecord(part)) out.push(...conjuncts(part as NedbQuery));
    } else out.push([field, condition]);
  }
  return out;
}

/**
 * The documents a query may match, captured at one instant (see CollectionStore.snapshot): reading it later sees
 * the collection as it was then, whatever was written since.
 */
export class Snapshot {
  private readonly candidates: readonly StoredDocument[];
  private readonly query: NedbQuery;
  private readonly compareStrings: ((a: string, b: string) => number) | undefined;

  constructor(candidates: readonly StoredDocument[], query: NedbQuery, compareStrings: ((a: string, b: string) => number) | undefined) {
    this.candidates = candidates;
    this.query = query;
    this.compareStrings = compareStrings;
  }

  /**
   * The matching documents, sorted, skipped, limited and projected by nedb's own cursor; copies. `yielding`: give
   * the thread up between slices (turns.ts) — only for a read running outside the queue.
   */
  async find(options: FindOptions = {}, yielding = false): Promise<StoredDocument[]> {
    const matched = await matching(this.candidates, this.query, yielding);
    // nedb's cursor over the matched documents (query {} keeps them all): exactly nedb's sort, skip, limit, projection.
    let cursor = new NedbCursor({ _getCandidatesAsync: async () => matched, compareStrings: this.compareStrings }, {});
    if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    if (options.projection && Object.keys(options.projection).length > 0) cursor = cursor.projection(options.projection);
    return asDocuments(await copies(await cursor._execAsync(), yielding));
  }

  /** Number of matching documents (`yielding`: as for find). */
  async count(yielding = false): Promise<number> {
    return (await matching(this.candidates, this.query, yielding)).length;
  }
}

/**
 * One collection's datastore. Callers must serialise access (the engine's queue does).
 *
 * NOTE (reads): a read takes a Snapshot — the candidate documents' references, at one instant — and matches, sorts
 * and copies them afterwards, possibly while later writes run. That is consistent because nedb never changes a
 * stored document in place: an update stores a modified copy and a remove drops the reference, so the objects a
 * snapshot holds keep the state they had when it was taken. (Nothing here may mutate them either: results are
 * copies.)
 * NOTE (indexes): nedb answers a query from the LAST usable top-level key's index, even when another indexed key
 * would give far fewer candidates (the dashboard's `createdAt` window next to `claimMinutes >= 0`), and never from
 * a condition inside `$and`. The snapshot takes the smallest candidate set among every usable index of every
 * condition the query requires (conjuncts) instead. Each index returns a superset of what nedb's
 * matcher accepts for its key, and every candidate is then matched against the whole query, so the result is the
 * same. Repeats (a range over an array field with several elements in range) are dropped by `_id`.
 */
export class CollectionStore {
  /** Collection name. */
  readonly name: string;
  private readonly datastore: Datastore<Record<string, unknown>>;

  constructor(name: string, datastore: Datastore<Record<string, unknown>>) {
    this.name = name;
    this.datastore = datastore;
  }

  /** The documents `query` may match, as they are now (synchronous: nothing can be written in between). */
  snapshot(query: NedbQuery): Snapshot {
    const compareStrings: unknown = Reflect.get(this.datastore, 'compareStrings');
    return new Snapshot(this.candidates(query), query, typeof compareStrings === 'function' ? (compareStrings as (a: string, b: string) => number) : undefined);
  }

  /** Documents matching `query`: copies (nedb's: Date objects are shared, copy before handing out). */
  find(query: NedbQuery, options: FindOptions = {}): Promise<StoredDocument[]> {
    return this.snapshot(query).find(options);
  }

  /** Number of documents matching `query`. */
  count(query: NedbQuery): Promise<number> {
    return this.snapshot(query).count();
  }

  /** Candidates of `query`: the smallest set any usable index gives (deduplicated), else every document. */
  private candidates(query: NedbQuery): StoredDocument[] {
    const indexes: unknown = Reflect.get(this.datastore, 'indexes');
    if (!isPlainRecord(indexes)) throw new Error('local cloud: nedb has no indexes table');
    let best: unknown[] | null = null;
    const ranges: Array<[NedbIndex, unknown]> = [];
    for (const [field, condition] of conjuncts(query)) {
      if (field.startsWith('$') || !hasOwn(indexes, field)) continue;
      const index = indexes[field] as NedbIndex;
      let found: unknown[] | null = null;
      if (isBasicValue(condition)) found = index.getMatching(condition);
      else if (typeof condition === 'object' && condition !== null && hasOwn(condition, '$in')) found = index.getMatching((condition as { $in: unknown }).$in);
      else if (typeof condition === 'object' && condition !== null && RANGE_OPERATORS.some((operator) => hasOwn(condition, operator))) {
        ranges.push([index, condition]);
      }
      if (found !== null && (best === null || found.length < best.length)) best = found;
    }
    // Ranges last, each given up as soon as it would not be smaller than the best so far (first looking for a small
    // one, so that a range covering nearly everything is not listed before a narrow one is found).
    for (const cap of [4096, Number.POSITIVE_INFINITY]) {
      for (const [index, condition] of ranges) {
        const found = boundedBetween(index.tree.tree, condition, Math.min(cap, best === null ? Number.POSITIVE_INFINITY : best.length - 1));
        if (found !== null) best = found;
      }
      if (best !== null) break;
    }
    // NOTE: not checked document by document (asDocuments): these are nedb's own stored documents, and results are.
    if (best === null) return this.datastore.getAllData() as StoredDocument[];
    // A copy (an index's own array may change with the next write), without repeats.
    const seen = new Set<unknown>();
    const unique: unknown[] = [];
    for (const document of best) {
      const id = isPlainRecord(document) ? document._id : undefined;
      if (!seen.has(id)) {
        seen.add(id);
        unique.push(document);
      }
    }
    return unique as StoredDocument[];
  }

  /** The document with this id, or null. */
  async findById(id: DocumentId): Promise<StoredDocument | null> {
    const [found] = await this.find({ _id: id }, { limit: 1 });
    return found ?? null;
  }

  /** Inserts a new document (its `_id` must be free). */
  async insert(document: StoredDocument): Promise<void> {
    await this.datastore.insertAsync(document);
  }

  /** Replaces the document with the same `_id`, inserting it if absent. */
  async put(document: StoredDocument): Promise<void> {
    await this.datastore.updateAsync({ _id: document._id }, document, { upsert: true });
  }

  /**
   * Creates a single-field, non-unique, non-sparse nedb index on `fieldName` (a dotted path) if there is none yet.
   * nedb then answers equality / `$in` / range conditions on that top-level query key from the index.
   * NOTE: file-backed, nedb records the index in the datafile, so it is rebuilt when the collection is reopened.
   */
  async ensureIndex(fieldName: string): Promise<void> {
    await this.datastore.ensureIndexAsync({ fieldName, unique: false, sparse: false });
  }

  /** Deletes the document with this id (no-op when absent). */
  async removeById(id: DocumentId): Promise<void> {
    await this.datastore.removeAsync({ _id: id }, { multi: false });
  }
}

/** Opens and creates collections under one directory (or in memory when `dir` is null). */
export class CollectionRegistry {
  private readonly dir: string | null;
  private readonly open = new Map<string, Promise<CollectionStore>>();
  private readonly inMemoryNames = new Set<string>();

  constructor(dir: string | null) {
    this.dir = dir === null ? null : path.resolve(dir);
    if (this.dir !== null) fs.mkdirSync(this.dir, { recursive: true });
  }

  /** True if the collection was created (now or in an earlier run on the same directory). */
  exists(name: string): boolean {
    if (!isValidCollectionName(name)) return false;
    if (this.open.has(name)) return true;
    if (this.dir === null) return this.inMemoryNames.has(name);
    const file = this.fileOf(name);
    return fs.existsSync(file) || fs.existsSync(`${file}~`);
  }

  /** The store of an existing collection, or null if it was never created. */
  async get(name: string): Promise<CollectionStore | null> {
    if (!this.exists(name)) return null;
    return this.load(name);
  }

  /** Creates the collection; false if it already existed. Throws on an unusable name. */
  async create(name: string): Promise<boolean> {
    if (!isValidCollectionName(name)) {
      throw new Error(`local cloud: invalid collection name "${name}" (letters, digits, "_" and "-" only)`);
    }
    if (this.exists(name)) return false;
    if (this.dir === null) this.inMemoryNames.add(name);
    await this.load(name); // file-backed: loading creates the (empty) datafile
    return true;
  }

  private fileOf(name: string): string {
    if (this.dir === null) throw new Error('local cloud: in-memory database has no files');
    return path.join(this.dir, `${name}.db`);
  }

  private load(name: string): Promise<CollectionStore> {
    const existing = this.open.get(name);
    if (existing) return existing;
    const opening = (async () => {
      if (this.dir === null) return new CollectionStore(name, new Datastore<Record<string, unknown>>({ inMemoryOnly: true }));
      const datastore = new Datastore<Record<string, unknown>>({ filename: this.fileOf(name) });
      // nedb's own loading, with datafile.ts reading the lines (the same result, several times faster).
      const persistence: unknown = Reflect.get(datastore, 'persistence');
      const threshold: unknown = typeof persistence === 'object' && persistence !== null ? Reflect.get(persistence, 'corruptAlertThreshold') : undefined;
      if (typeof persistence !== 'object' || persistence === null || typeof threshold !== 'number') {
        throw new Error('local cloud: unexpected nedb persistence (the store expects @seald-io/nedb 4.1)');
      }
      const filename = this.fileOf(name);
      let loadedCompact = false;
      Reflect.set(persistence, 'treatRawStreamAsync', async (stream: Readable) => {
        // nedb's stream decodes UTF-8; the reader wants bytes (it decodes only what it parses).
        stream.destroy();
        const treated = await readDatafileLatest(() => fs.createReadStream(filename), threshold);
        loadedCompact = treated.compact;
        return treated;
      });
      // nedb rewrites (compacts) the whole file at the end of every load: skipped when it holds nothing superseded,
      // and done with the faster serializer (same lines; written crash-safely by nedb's storage, as nedb does).
      Reflect.set(persistence, 'persistCachedDatabaseAsync', async () => {
        if (loadedCompact) {
          loadedCompact = false;
          return;
        }
        const lines = datastore.getAllData().map(serializeDocument);
        const indexes: unknown = Reflect.get(datastore, 'indexes');
        if (!isPlainRecord(indexes)) throw new Error('local cloud: nedb has no indexes table');
        for (const [fieldName, index] of Object.entries(indexes)) {
          if (fieldName === '_id') continue;
          const { unique, sparse } = index as { unique: boolean; sparse: boolean };
          lines.push(serializeDocument({ $$indexCreated: { fieldName, unique, sparse } }));
        }
        await nedbStorage.crashSafeWriteFileLinesAsync(filename, lines, Reflect.get(persistence, 'modes'));
        datastore.emit('compaction.done');
      });
      await datastore.loadDatabaseAsync();
      return new CollectionStore(name, datastore);
    })();
    this.open.set(name, opening);
    opening.catch(() => this.open.delete(name));
    return opening;
  }
}
