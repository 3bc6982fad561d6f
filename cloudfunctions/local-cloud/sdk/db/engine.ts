/**
 * The engine behind a local database: collections + ONE serial queue through which every operation runs.
 *
 * NOTE (atomicity): operations never interleave. Each public call is one task on the queue, so a
 * `where({ _id, status: 'pending' }).update(...)` reads and writes with nobody in between — a compare-and-set.
 * NOTE (transactions): `runTransaction` holds the queue for the whole callback. Its operations (through `t`) run
 * inside that slot; writes are journaled and undone on rollback/throw. Writes are applied as they happen (a
 * process crash mid-transaction can leave them half-applied — acceptable for a local emulator). Calling the plain
 * `db` from inside a transaction callback would wait for the transaction forever, so it is rejected at once
 * (detected with AsyncLocalStorage). Transactions never conflict here, so the SDK's retry count is unused.
 * NOTE (reads): a read-only operation (`read`: get, count, aggregate) holds the queue only while it takes its
 * snapshot — the references of the documents it may match, at one instant (store.ts Snapshot). Matching, sorting,
 * copying and aggregating then run outside the queue, in slices that yield to the event loop (turns.ts), so a write
 * queued behind a long read (the dashboard's) starts at once. The read still sees one state that existed: the one
 * at its place in the queue.
 * NOTE (sharing): engines are shared per directory (two nedb instances on one file would corrupt it); release
 * them with `releaseEngine` when done.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectionNotExists, toSdkError } from './errors';
import { CollectionRegistry, type CollectionStore, type DocumentId, type FindOptions, type StoredDocument } from './store';
import type { NedbQuery } from './translate';
import { readTurns } from './turns';

/** Runs tasks one after another, in call order. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly counted: boolean;

  /** `counted`: reads give way while this queue has tasks (turns.ts) — the engine's own queue. */
  constructor(counted = false) {
    this.counted = counted;
  }

  /** Queues `task`; it starts when every earlier task has settled. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.counted) readTurns.queued += 1;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.settled(),
      () => this.settled(),
    );
    return result;
  }

  private settled(): void {
    if (this.counted) readTurns.queued -= 1;
  }

  /** Resolves once every task queued so far has settled. */
  whenIdle(): Promise<void> {
    return this.tail;
  }
}

interface UndoEntry {
  store: CollectionStore;
  id: DocumentId;
  /** The document before the write; null if the write created it. */
  before: StoredDocument | null;
}

/** A collection as seen by one operation; writes are journaled when inside a transaction. */
export class CollectionHandle {
  /** Collection name. */
  readonly name: string;
  private readonly store: CollectionStore;
  private readonly journal: UndoEntry[] | null;
  private readonly onSnapshot: (() => void) | undefined;

  /** `onSnapshot` is called once a find/count has taken its snapshot (a read operation then leaves the queue). */
  constructor(store: CollectionStore, journal: UndoEntry[] | null, onSnapshot?: () => void) {
    this.name = store.name;
    this.store = store;
    this.journal = journal;
    this.onSnapshot = onSnapshot;
  }

  /** Matching documents (nedb copies; Dates still shared — copy before returning to callers). */
  find(query: NedbQuery, options?: FindOptions): Promise<StoredDocument[]> {
    const snapshot = this.store.snapshot(query);
    this.onSnapshot?.();
    // Only a read (outside the queue) may give the thread up; an operation holding the queue must not wait for it.
    return snapshot.find(options, this.onSnapshot !== undefined);
  }

  /** Number of matching documents. */
  count(query: NedbQuery): Promise<number> {
    const snapshot = this.store.snapshot(query);
    this.onSnapshot?.();
    return snapshot.count(this.onSnapshot !== undefined);
  }

  /** The document with this id, or null. */
  findById(id: DocumentId): Promise<StoredDocument | null> {
    return this.store.findById(id);
  }

  /** Inserts a new document. */
  async insert(document: StoredDocument): Promise<void> {
    await this.store.insert(document);
    this.journal?.push({ store: this.store, id: document._id, before: null });
  }

  /** Replaces `before` (same `_id`) by `after`. */
  async replace(before: StoredDocument, after: StoredDocument): Promise<void> {
    await this.store.put(after);
    this.journal?.push({ store: this.store, id: before._id, before });
  }

  /** Deletes `before`. */
  async remove(before: StoredDocument): Promise<void> {
    await this.store.removeById(before._id);
    this.journal?.push({ store: this.store, id: before._id, before });
  }

  /** Creates a single-field nedb index on `fieldName` unless it exists (not journaled: indexes change no data). */
  ensureIndex(fieldName: string): Promise<void> {
    return this.store.ensureIndex(fieldName);
  }
}

/** What an operation body gets. */
export interface OperationContext {
  /** Epoch ms that `db.serverDate()` resolves to during this operation. */
  readonly at: number;
  /** True inside `runTransaction` (a few SDK result shapes differ there). */
  readonly inTransaction: boolean;
  /** The collection, or a -502005 "collection not exists" failure. */
  collection(name: string): Promise<CollectionHandle>;
  /** The collection, or null if it was never created. */
  existingCollection(name: string): Promise<CollectionHandle | null>;
  /** Creates a collection; false if it already existed. */
  createCollection(name: string): Promise<boolean>;
}

/** Runs operation bodies: the plain database (through the queue) or a transaction (inside its slot). */
export interface Executor {
  /** Runs `body` exclusively; failures reject with the SDK error shape for `apiName`. */
  run<T>(apiName: string, body: (context: OperationContext) => Promise<T>): Promise<T>;
  /**
   * Runs a read-only `body` that makes exactly ONE find or count: exclusive until that call has taken its snapshot,
   * then outside the queue (see DatabaseEngine.read). Inside a transaction it is `run`.
   */
  read<T>(apiName: string, body: (context: OperationContext) => Promise<T>): Promise<T>;
}

/** Clock: epoch milliseconds. */
export type Clock = () => number;

const DEADLOCK_MESSAGE =
  'local cloud: a database call through `db` was made inside runTransaction(); it would wait for the ' +
  'transaction to finish, i.e. forever. Use the transaction object `t` (t.collection(...)) instead.';

/** One runTransaction() in progress: its own queue, an undo journal, and its end state. */
export class TransactionScope implements Executor {
  private readonly engine: DatabaseEngine;
  private readonly clock: Clock;
  private readonly queue = new SerialQueue();
  private journal: UndoEntry[] = [];
  /** Set by rollback(). */
  aborted = false;
  /** The value given to rollback(). */
  abortReason: unknown = undefined;
  /** Set once runTransaction has committed or rolled back. */
  ended = false;

  constructor(engine: DatabaseEngine, clock: Clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** Runs a transaction operation (serialised within the transaction). */
  run<T>(apiName: string, body: (context: OperationContext) => Promise<T>): Promise<T> {
    const task = async (): Promise<T> => {
      if (this.ended || this.aborted) {
        throw new Error(`local cloud: the transaction has already ${this.aborted ? 'been rolled back' : 'ended'}`);
      }
      return body(this.engine.contextFor(this.clock(), this.journal));
    };
    return this.queue.enqueue(task).catch((error: unknown) => {
      throw toSdkError(error, apiName);
    });
  }

  /** A read inside the transaction: like any of its operations (the transaction holds the database anyway). */
  read<T>(apiName: string, body: (context: OperationContext) => Promise<T>): Promise<T> {
    return this.run(apiName, body);
  }

  /** Undoes every write so far and marks the transaction aborted with `reason`. */
  rollback(reason: unknown): Promise<void> {
    return this.queue.enqueue(async () => {
      if (this.ended || this.aborted) return;
      await this.undoAll();
      this.aborted = true;
      this.abortReason = reason;
    });
  }

  /** Waits for operations the callback started but did not await. */
  settle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** Restores every document touched, newest write first. */
  async undoAll(): Promise<void> {
    const entries = this.journal.reverse();
    this.journal = [];
    for (const { store, id, before } of entries) {
      if (before === null) await store.removeById(id);
      else await store.put(before);
    }
  }
}

/** Collections + the single queue. */
export class DatabaseEngine {
  /** Absolute directory, or null for in-memory. */
  readonly dir: string | null;
  private readonly registry: CollectionRegistry;
  private readonly queue = new SerialQueue(true);
  private readonly currentTransaction = new AsyncLocalStorage<TransactionScope>();

  constructor(dir: string | null) {
    this.dir = dir === null ? null : path.resolve(dir);
    this.registry = new CollectionRegistry(this.dir);
  }

  /** An executor for the plain database, resolving serverDate with `clock`. */
  executor(clock: Clock): Executor {
    return { run: (apiName, body) => this.run(apiName, clock, body), read: (apiName, body) => this.read(apiName, clock, body) };
  }

  /** Runs one operation exclusively on the queue. */
  run<T>(apiName: string, clock: Clock, body: (context: OperationContext) => Promise<T>): Promise<T> {
    if (this.insideOpenTransaction()) return Promise.reject(toSdkError(new Error(DEADLOCK_MESSAGE), apiName));
    return this.queue
      .enqueue(() => body(this.contextFor(clock(), null)))
      .catch((error: unknown) => {
        throw toSdkError(error, apiName);
      });
  }

  /**
   * Runs a read-only operation: it holds the queue until its one find/count has taken its snapshot, then finishes
   * outside the queue, so operations queued after it need not wait for its matching, copying or aggregating.
   * NOTE: the snapshot is taken in queue order, so the read sees every write acknowledged before it was called and
   * none queued after it — like `run`, only without holding up the rest. A second find/count in the same read
   * would see a later state: it is refused.
   */
  read<T>(apiName: string, clock: Clock, body: (context: OperationContext) => Promise<T>): Promise<T> {
    if (this.insideOpenTransaction()) return Promise.reject(toSdkError(new Error(DEADLOCK_MESSAGE), apiName));
    let result: Promise<T> | undefined;
    const slot = this.queue.enqueue(
      () =>
        new Promise<void>((release) => {
          let taken = false;
          const onSnapshot = () => {
            if (taken) throw new Error('local cloud: a read operation takes one snapshot (one find or count)');
            taken = true;
            release();
          };
          result = body(this.contextFor(clock(), null, onSnapshot));
          result.then(
            () => release(),
            () => release(),
          );
        }),
    );
    return slot
      .then(() => result as Promise<T>)
      .catch((error: unknown) => {
        throw toSdkError(error, apiName);
      });
  }

  /**
   * Runs `callback` holding the queue: resolves with its value (commit), or undoes its writes and rejects with
   * the rollback reason / the thrown error — like the SDK's runTransaction.
   */
  runTransaction<T>(clock: Clock, callback: (scope: TransactionScope) => Promise<T>): Promise<T> {
    if (this.insideOpenTransaction()) return Promise.reject(new Error(DEADLOCK_MESSAGE));
    return this.queue.enqueue(async () => {
      const scope = new TransactionScope(this, clock);
      try {
        const result = await this.currentTransaction.run(scope, () => callback(scope));
        await scope.settle();
        if (scope.aborted) throw scope.abortReason;
        return result;
      } catch (error: unknown) {
        await scope.settle();
        if (!scope.aborted) await scope.undoAll();
        throw scope.aborted ? scope.abortReason : error;
      } finally {
        scope.ended = true;
      }
    });
  }

  /** The context handed to an operation body. */
  contextFor(at: number, journal: UndoEntry[] | null, onSnapshot?: () => void): OperationContext {
    return {
      at,
      inTransaction: journal !== null,
      collection: async (name) => {
        const store = await this.registry.get(name);
        if (!store) throw collectionNotExists(name);
        return new CollectionHandle(store, journal, onSnapshot);
      },
      existingCollection: async (name) => {
        const store = await this.registry.get(name);
        return store ? new CollectionHandle(store, journal, onSnapshot) : null;
      },
      createCollection: (name) => this.registry.create(name),
    };
  }

  /** Resolves once everything queued so far has settled. */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  private insideOpenTransaction(): boolean {
    const scope = this.currentTransaction.getStore();
    return scope !== undefined && !scope.ended;
  }
}

const shared = new Map<string, { engine: DatabaseEngine; users: number }>();

/** An engine for `dir` (shared with other users of the same directory); a fresh one for in-memory. */
export function acquireEngine(dir: string | null): DatabaseEngine {
  if (dir === null) return new DatabaseEngine(null);
  const key = path.resolve(dir);
  const known = shared.get(key);
  // A directory deleted since it was opened (e.g. a reset) must not be served from the stale engine.
  const entry = known && fs.existsSync(key) ? known : { engine: new DatabaseEngine(key), users: 0 };
  entry.users += 1;
  shared.set(key, entry);
  return entry.engine;
}

/** Gives an engine back; the last user of a directory waits for pending work and forgets it. */
export async function releaseEngine(engine: DatabaseEngine): Promise<void> {
  await engine.whenIdle();
  if (engine.dir === null) return;
  const entry = shared.get(engine.dir);
  if (!entry || entry.engine !== engine) return;
  entry.users -= 1;
  if (entry.users <= 0) shared.delete(engine.dir);
}
