/**
 * Local stand-in for wx-server-sdk 4.x `cloud.database()`, backed by @seald-io/nedb (one file per collection).
 *
 * Same call shapes, result shapes and error shapes as the real SDK (see the `DB` namespace of
 * node_modules/wx-server-sdk/index.d.ts and its bundled implementation), so bundled cloud functions that
 * `require('wx-server-sdk')` can run against it unchanged. Layers:
 *   this file       `LocalDatabase` (what `cloud.database()` returns), opening, closing, indexes
 *   db/query.ts, db/document.ts, db/aggregate-reference.ts, db/transaction.ts  the references callers chain
 *   db/api-types.ts call and result shapes, result limits; db/operations.ts the checks and writes they share
 *   db/command.ts   `db.command` / `db.serverDate()` markers
 *   db/translate.ts cloud condition → nedb query, cloud update data → modifier (the WeChat-specific semantics)
 *   db/aggregate.ts aggregate stages / `db.command.aggregate` markers → MongoDB pipeline, run by mingo
 *   db/engine.ts    the single queue (atomicity), reads on a snapshot outside it, transactions (undo journal)
 *   db/store.ts     nedb datastores on disk (durability), snapshots; db/datafile.ts loading a datafile;
 *   db/turns.ts     read work in slices that give way to queued operations; db/index-patch.ts a fix to nedb's indexes
 * Unsupported features throw `local cloud: <feature> is not supported yet` instead of misbehaving silently.
 */
import { createCommand, ServerDate, type DatabaseCommand } from './db/command';
import { acquireEngine, releaseEngine, type Clock, type DatabaseEngine, type Executor } from './db/engine';
import { collectionAlreadyExists, invalidParam, notSupported } from './db/errors';
import type { CreateCollectionResult } from './db/api-types';
import { unsupported, type Unsupported } from './db/markers';
import { newDocumentId } from './db/operations';
import { CollectionReference } from './db/query';
import { isValidCollectionName } from './db/store';
import { Transaction } from './db/transaction';
import { isPlainRecord } from './db/values';
import type { StoredDocument } from './db/store';

export { CloudDatabaseError, DB_ERR } from './db/errors';
export { AggregateCommand, LogicCommand, QueryCommand, ServerDate, UpdateCommand, type AggregateCommands, type DatabaseCommand } from './db/command';
export type { AggregateDocument } from './db/aggregate';
export type { DocumentId, StoredDocument } from './db/store';
export {
  LOCAL_DB_LIMITS,
  type AddManyResult,
  type AddResult,
  type AggregateResult,
  type CountResult,
  type CreateCollectionResult,
  type DocumentInput,
  type GetDocumentResult,
  type QueryCondition,
  type QueryResult,
  type RemoveOptions,
  type RemoveResult,
  type SetOptions,
  type SetResult,
  type UpdateData,
  type UpdateOptions,
  type UpdateResult,
} from './db/api-types';
export { Aggregate } from './db/aggregate-reference';
export { DocumentReference } from './db/document';
export { CollectionReference, Query } from './db/query';
export { Transaction, TransactionCollectionReference, TransactionDocumentReference } from './db/transaction';

/** Options of `createLocalDatabase`. */
export interface CreateLocalDatabaseOptions {
  /** Directory holding one `<collection>.db` file per collection; null = in memory (lost on exit). */
  dir: string | null;
  /** Clock for `db.serverDate()` (epoch ms); defaults to Date.now. */
  now?: () => number;
}

/** `db.Geo` placeholders: geo types are not implemented locally. */
export interface GeoStub {
  Point: Unsupported;
  MultiPoint: Unsupported;
  LineString: Unsupported;
  MultiLineString: Unsupported;
  Polygon: Unsupported;
  MultiPolygon: Unsupported;
}

const engines = new WeakMap<LocalDatabase, DatabaseEngine>();
const executors = new WeakMap<LocalDatabase, Executor>();

/** What `cloud.database()` returns: collections, `command`, `serverDate`, createCollection, runTransaction. */
export class LocalDatabase {
  /** `db.command` (usually `const _ = db.command`). */
  readonly command: DatabaseCommand = createCommand();
  /** `db.serverDate({ offset })`: the server's time when the write executes (+ offset ms). */
  readonly serverDate = (options?: { offset?: number }): ServerDate => new ServerDate(options);
  /** Not implemented locally. */
  readonly Geo: GeoStub = {
    Point: unsupported('db.Geo.Point'),
    MultiPoint: unsupported('db.Geo.MultiPoint'),
    LineString: unsupported('db.Geo.LineString'),
    MultiLineString: unsupported('db.Geo.MultiLineString'),
    Polygon: unsupported('db.Geo.Polygon'),
    MultiPolygon: unsupported('db.Geo.MultiPolygon'),
  };
  /** Not implemented locally (native RegExp values in where() do work). */
  readonly RegExp: Unsupported = unsupported('db.RegExp');
  /** The config passed to `cloud.database(config)`; nothing in it matters locally. */
  readonly config: { readonly env?: string } = {};
  private readonly engine: DatabaseEngine;
  private readonly clock: Clock;
  private readonly executor: Executor;

  /** Use createLocalDatabase(). */
  constructor(engine: DatabaseEngine, clock: Clock) {
    this.engine = engine;
    this.clock = clock;
    this.executor = engine.executor(clock);
    engines.set(this, engine);
    executors.set(this, this.executor);
  }

  /** Reference to a collection (it must have been created: operations otherwise reject with -502005). */
  collection(collectionName: string): CollectionReference {
    return new CollectionReference(this.executor, collectionName);
  }

  /** Creates a collection: `{ errMsg: 'createCollection:ok' }`; rejects with errCode -502002 if it exists. */
  createCollection(collectionName: string): Promise<CreateCollectionResult> {
    return this.executor.run('createCollection', async (context) => {
      if (typeof collectionName !== 'string' || !isValidCollectionName(collectionName)) {
        throw invalidParam(`invalid collection name "${String(collectionName)}" (local cloud: letters, digits, "_" and "-")`);
      }
      if (!(await context.createCollection(collectionName))) throw collectionAlreadyExists(collectionName);
      return { errMsg: 'createCollection:ok', requestId: newDocumentId() };
    });
  }

  /**
   * Runs `callback(t)` holding the database exclusively; resolves with its value (commit). If it throws, or called
   * `t.rollback(reason)`, every write made through `t` is undone and this rejects with the error / reason.
   * NOTE: do not use `db` itself inside the callback (it would wait for the transaction): it rejects at once.
   * `retries` is accepted for compatibility; local transactions never conflict, so it is unused.
   */
  runTransaction<T>(callback: (transaction: Transaction) => T | Promise<T>, retries?: number): Promise<T> {
    void retries;
    if (typeof callback !== 'function') return Promise.reject(new Error('local cloud: runTransaction needs a function'));
    return this.engine.runTransaction(this.clock, async (scope) => callback(new Transaction(scope)));
  }

  /** Not implemented locally: use runTransaction. */
  startTransaction(): Promise<never> {
    return Promise.reject(notSupported('db.startTransaction'));
  }
}

/** Opens a local database (`dir: null` = in memory). Databases on the same directory share one engine and queue. */
export function createLocalDatabase(options: CreateLocalDatabaseOptions): LocalDatabase {
  const clock = options.now ?? Date.now;
  return new LocalDatabase(acquireEngine(options.dir), clock);
}

/** Waits for the database's pending operations and releases its directory (so a later open re-reads the files). */
export async function closeLocalDatabase(database: LocalDatabase): Promise<void> {
  const engine = engines.get(database);
  if (!engine) return;
  engines.delete(database);
  await releaseEngine(engine);
}

/**
 * Creates nedb indexes: for each named collection that exists (others are skipped), a single-field, non-unique,
 * non-sparse index on each listed field path; fields already indexed are left alone, so re-running is harmless.
 * Runs as one operation on the database queue. Indexes change no result, only which documents nedb scans: a
 * where()/leading aggregate match whose top-level condition is equality, `_.in` or a range on an indexed field is
 * answered from the index.
 * NOTE: WeChat Cloud indexes are declared per collection by db:setup and may be compound (several fields, one
 * order each); the local store approximates a compound index by a single-field index on each of its fields
 * (nedb uses one index per query, the last usable top-level key). File-backed, nedb records the indexes in the
 * collection's datafile and rebuilds them on reopen.
 */
export function ensureIndexes(db: LocalDatabase, spec: Readonly<Record<string, readonly string[]>>): Promise<void> {
  const executor = executors.get(db);
  if (!executor) return Promise.reject(new Error('local cloud: ensureIndexes needs a database made by createLocalDatabase'));
  if (!isPlainRecord(spec)) return Promise.reject(new Error('local cloud: ensureIndexes needs { collection: [fieldPath, ...] }'));
  for (const [collectionName, fields] of Object.entries(spec)) {
    // NOTE: nedb reads "a,b" as a compound index: not the single-field index this function promises.
    const valid = Array.isArray(fields) && fields.every((field) => typeof field === 'string' && field !== '' && !field.startsWith('$') && !field.includes(','));
    if (!valid) {
      return Promise.reject(
        new Error(`local cloud: ensureIndexes: the fields of "${collectionName}" must be an array of field paths such as ['status', 'createdAt']`),
      );
    }
  }
  const entries = Object.entries(spec).map(([collectionName, fields]) => [collectionName, [...fields]] as const);
  return executor.run('ensureIndexes', async (context) => {
    for (const [collectionName, fields] of entries) {
      const collection = await context.existingCollection(collectionName);
      if (!collection) continue;
      for (const field of fields) await collection.ensureIndex(field);
    }
  });
}

/** Reads one whole collection inside `readConsistently`: its documents (copies), or null if it was never created. */
export type WholeCollectionReader = (collectionName: string) => Promise<StoredDocument[] | null>;

/**
 * Runs `body` as ONE operation on the database's queue, so nothing else reads or writes this database until it
 * settles; `body` may read whole collections (every document, sorted by `_id`) — a consistent state of the whole
 * database, for the local cloud's snapshots. Keep `body` short: every other caller waits for it.
 * NOTE: the documents are copies (Dates included), safe to keep after `body` returns.
 */
export function readConsistently<T>(db: LocalDatabase, body: (read: WholeCollectionReader) => Promise<T>): Promise<T> {
  const executor = executors.get(db);
  if (!executor) return Promise.reject(new Error('local cloud: readConsistently needs a database made by createLocalDatabase'));
  return executor.run('readConsistently', (context) =>
    body(async (collectionName) => {
      const collection = await context.existingCollection(collectionName);
      if (!collection) return null;
      const documents = await collection.find({}, { sort: { _id: 1 } });
      return documents.map((document) => structuredClone(document));
    }),
  );
}
