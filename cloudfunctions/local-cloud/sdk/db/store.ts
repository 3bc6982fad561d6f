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
import * as nedbStorage from '@seald-io/nedb/lib/storage';
import type { NedbProjection, NedbQuery, NedbSort } from './translate';
import { readDatafileLatest, serializeDocument } from './datafile';
import { patchNedbIndexes } from './index-patch';
import { isPlainRecord } from './values';

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

/** One collection's datastore. Callers must serialise access (the engine's queue does). */
export class CollectionStore {
  /** Collection name. */
  readonly name: string;
  private readonly datastore: Datastore<Record<string, unknown>>;

  constructor(name: string, datastore: Datastore<Record<string, unknown>>) {
    this.name = name;
    this.datastore = datastore;
  }

  /** Documents matching `query` (nedb returns copies, but Date objects are shared: copy before handing out). */
  async find(query: NedbQuery, options: FindOptions = {}): Promise<StoredDocument[]> {
    if (this.mayRepeatDocuments(query)) return this.findOnce(query, options);
    let cursor = this.datastore.findAsync(query);
    if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    if (options.projection && Object.keys(options.projection).length > 0) cursor = cursor.projection(options.projection);
    const rows: unknown = await cursor.execAsync();
    return asDocuments(rows);
  }

  /** Number of documents matching `query`. */
  async count(query: NedbQuery): Promise<number> {
    // Only ids are needed to count distinct documents: project to _id so nothing else is copied.
    if (this.mayRepeatDocuments(query)) return (await this.findOnce(query, { projection: { _id: 1 } })).length;
    const total: unknown = await this.datastore.countAsync(query);
    if (typeof total !== 'number') throw new Error('local cloud: nedb returned a non-numeric count');
    return total;
  }

  /**
   * NOTE: nedb answers a top-level range condition on an indexed field from the index's key range WITHOUT removing
   * repeats: a document whose array field has several elements in range comes back (and is counted) once per
   * element. Only then (see mayRepeatDocuments) do we sort, drop repeats by `_id`, and skip/limit ourselves.
   */
  private async findOnce(query: NedbQuery, options: FindOptions): Promise<StoredDocument[]> {
    let cursor = this.datastore.findAsync(query);
    if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
    if (options.projection && Object.keys(options.projection).length > 0) cursor = cursor.projection(options.projection);
    const rows = asDocuments(await cursor.execAsync());
    const seen = new Set<DocumentId>();
    const unique = rows.filter(({ _id }) => !seen.has(_id) && Boolean(seen.add(_id)));
    const start = options.skip ?? 0;
    return unique.slice(start, options.limit === undefined ? undefined : start + options.limit);
  }

  /** True when nedb may use an index range for `query` (a top-level $lt/$lte/$gt/$gte on an indexed field). */
  private mayRepeatDocuments(query: NedbQuery): boolean {
    const indexes: unknown = Reflect.get(this.datastore, 'indexes');
    const indexed = (field: string): boolean => (isPlainRecord(indexes) ? Object.prototype.hasOwnProperty.call(indexes, field) : true);
    return Object.entries(query).some(
      ([field, condition]) =>
        field !== '_id' &&
        !field.startsWith('$') &&
        isPlainRecord(condition) &&
        ['$lt', '$lte', '$gt', '$gte'].some((operator) => Object.prototype.hasOwnProperty.call(condition, operator)) &&
        indexed(field),
    );
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
