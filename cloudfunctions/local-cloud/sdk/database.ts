/**
 * Local stand-in for wx-server-sdk 4.x `cloud.database()`, backed by @seald-io/nedb (one file per collection).
 *
 * Same call shapes, result shapes and error shapes as the real SDK (see the `DB` namespace of
 * node_modules/wx-server-sdk/index.d.ts and its bundled implementation), so bundled cloud functions that
 * `require('wx-server-sdk')` can run against it unchanged. Layers:
 *   db/command.ts   `db.command` / `db.serverDate()` markers
 *   db/translate.ts cloud condition → nedb query, cloud update data → modifier (the WeChat-specific semantics)
 *   db/aggregate.ts aggregate stages / `db.command.aggregate` markers → MongoDB pipeline, run by mingo
 *   db/engine.ts    the single queue (atomicity), transactions (undo journal)
 *   db/store.ts     nedb datastores on disk (durability)
 * Unsupported features throw `local cloud: <feature> is not supported yet` instead of misbehaving silently.
 */
import { randomBytes } from 'node:crypto';
import { createCommand, ServerDate, type DatabaseCommand, type LogicCommand, type Unsupported } from './db/command';
import {
  addFieldsStage,
  countStage,
  groupStage,
  limitStage,
  matchStage,
  projectStage,
  runAggregate,
  sampleStage,
  skipStage,
  sortStage,
  unwindStage,
  type AggregateDocument,
  type AggregateStage,
} from './db/aggregate';
import {
  acquireEngine,
  releaseEngine,
  type DatabaseEngine,
  type Executor,
  type OperationContext,
  type TransactionScope,
  type CollectionHandle,
  type Clock,
} from './db/engine';
import { collectionAlreadyExists, invalidParam, notSupported, requestFailed } from './db/errors';
import { isValidCollectionName, type DocumentId, type StoredDocument } from './db/store';
import {
  applyModifier,
  isEmptyModifier,
  resolveServerDates,
  toModifier,
  toNedbProjection,
  toNedbQuery,
  type CloudModifier,
  type NedbProjection,
  type NedbQuery,
  type NedbSort,
} from './db/translate';
import { copyStored, deepEqual, findUpdateCommand, isPlainRecord, toStoredValue } from './db/values';

export { CloudDatabaseError, DB_ERR } from './db/errors';
export { AggregateCommand, LogicCommand, QueryCommand, ServerDate, UpdateCommand, type AggregateCommands, type DatabaseCommand } from './db/command';
export type { AggregateDocument } from './db/aggregate';
export type { DocumentId, StoredDocument } from './db/store';

/**
 * Query limits. NOTE: WeChat documents 100 or 1000 per cloud-function get() — we keep the conservative 100.
 * NOTE: aggregates — WeChat Cloud returns at most 20 results when the pipeline has no limit stage ("Aggregates default
 * to 20" in the shared docs' wechat-platform-facts.md), so `aggregate().end()` caps `list` at 20 unless the pipeline has a
 * `limit(n)` stage anywhere, and then at 1000 (whatever n asks, like get()'s cap). Always add an explicit limit.
 */
export const LOCAL_DB_LIMITS = {
  /** Most documents one `get()` returns, whatever `limit(n)` asks. */
  maxGetLimit: 100,
  /** Documents `get()` returns without `limit()`. */
  defaultGetLimit: 100,
  /** Results `aggregate().end()` returns when the pipeline has no `limit` stage. */
  defaultAggregateLimit: 20,
  /** Most results `aggregate().end()` returns with a `limit` stage, whatever n asks. */
  maxAggregateLimit: 1000,
} as const;

/** Options of `createLocalDatabase`. */
export interface CreateLocalDatabaseOptions {
  /** Directory holding one `<collection>.db` file per collection; null = in memory (lost on exit). */
  dir: string | null;
  /** Clock for `db.serverDate()` (epoch ms); defaults to Date.now. */
  now?: () => number;
}

/** Document data as callers pass it (`add`, `set`). */
export type DocumentInput = { readonly [field: string]: unknown };
/** Update data as callers pass it: nested objects are partial updates, `db.command` values are operators. */
export type UpdateData = { readonly [field: string]: unknown };
/** A `where()` condition: a (nested) query object or a top-level `_.and(...)` / `_.or(...)`. */
export type QueryCondition = LogicCommand | { readonly [field: string]: unknown };

/** `collection.add` result. */
export interface AddResult {
  _id: DocumentId;
  errMsg: string;
}
/** `collection.add` result for an array of documents. */
export interface AddManyResult {
  _ids: DocumentId[];
  errMsg: string;
}
/** `doc.get` result. */
export interface GetDocumentResult {
  data: StoredDocument;
  errMsg: string;
}
/** `collection.get` result. */
export interface QueryResult {
  data: StoredDocument[];
  errMsg: string;
}
/** `collection.count` result. */
export interface CountResult {
  total: number;
  errMsg: string;
}
/** `update` result (`updated` counts documents actually changed). */
export interface UpdateResult {
  stats: { updated: number };
  errMsg: string;
}
/** `doc.set` result. */
export interface SetResult {
  _id: DocumentId;
  stats: { updated: number; created: number };
  errMsg: string;
}
/** `aggregate().end()` result. */
export interface AggregateResult {
  list: AggregateDocument[];
  errMsg: string;
}
/** `remove` result. */
export interface RemoveResult {
  stats: { removed: number };
  errMsg: string;
}
/** `db.createCollection` result. */
export interface CreateCollectionResult {
  errMsg: string;
  requestId: string;
}

/** Options of `update`. */
export interface UpdateOptions {
  /** Fields to change. */
  data: UpdateData;
  /** false = update only the first match (SDK option). */
  multi?: boolean;
}
/** Options of `doc.set`. */
export interface SetOptions {
  /** The whole new document (without `_id`). */
  data: DocumentInput;
}
/** Options of `collection.remove`. */
export interface RemoveOptions {
  /** false = remove only the first match (SDK option). */
  multi?: boolean;
}

interface QueryState {
  readonly filter: NedbQuery;
  readonly sort: NedbSort;
  readonly skip?: number;
  readonly limit?: number;
  readonly projection?: NedbProjection;
}

const EMPTY_QUERY: QueryState = { filter: {}, sort: {} };

function newDocumentId(): string {
  return randomBytes(16).toString('hex');
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function effectiveLimit(limit: number | undefined): number {
  if (!limit) return LOCAL_DB_LIMITS.defaultGetLimit;
  return Math.min(limit, LOCAL_DB_LIMITS.maxGetLimit);
}

function checkCount(name: 'limit' | 'offset', value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer`);
  }
  return value;
}

/** `options.data` of update(): a non-empty object without `_id` (same checks and messages as the SDK). */
function updateDataOf(options: unknown): Record<string, unknown> {
  const data: unknown = isPlainRecord(options) ? options.data : undefined;
  if (!isPlainRecord(data) || Object.keys(data).length === 0) throw invalidParam('参数必需是非空对象');
  if (hasOwn(data, '_id')) throw invalidParam('不能更新_id的值');
  return data;
}

/** Applies `modifier` to matching documents; returns how many actually changed (0 matches is not an error). */
async function updateMatching(
  context: OperationContext,
  collection: CollectionHandle,
  filter: NedbQuery,
  modifier: CloudModifier,
  multi: boolean,
): Promise<number> {
  if (isEmptyModifier(modifier)) return 0;
  const matched = await collection.find(resolveServerDates(filter, context.at), multi ? {} : { limit: 1 });
  // NOTE: every new version is computed before anything is written: one failing document fails the whole call.
  const changes = matched.map((before) => ({ before, after: applyModifier(before, modifier, context.at) }));
  let updated = 0;
  for (const { before, after } of changes) {
    if (deepEqual(before, after)) continue;
    await collection.replace(before, after);
    updated += 1;
  }
  return updated;
}

/** Builds a new document from add() data: copied, serverDate resolved, `_id` taken or generated. */
function newDocument(input: unknown, at: number): StoredDocument {
  if (!isPlainRecord(input)) throw invalidParam('data 必须是对象 (local cloud: add({ data }) needs an object)');
  if (findUpdateCommand(input) !== undefined) {
    throw new Error('local cloud: db.command update operators cannot be used in add() data');
  }
  const { _id: givenId, ...fields } = toStoredValue(input, at) as Record<string, unknown>;
  if (givenId !== undefined && !((typeof givenId === 'string' && givenId !== '') || typeof givenId === 'number')) {
    throw invalidParam('_id must be a non-empty string or a number');
  }
  const _id: DocumentId = givenId === undefined ? newDocumentId() : (givenId as DocumentId);
  return { _id, ...fields };
}

function addDocuments(executor: Executor, collectionName: string, options: unknown): Promise<AddResult | AddManyResult> {
  return executor.run('collection.add', async (context) => {
    const data: unknown = isPlainRecord(options) ? options.data : undefined;
    const inputs: unknown[] = Array.isArray(data) ? data : [data];
    const collection = await context.collection(collectionName);
    const documents = inputs.map((input) => newDocument(input, context.at));
    const seen = new Set<DocumentId>();
    for (const { _id } of documents) {
      if (seen.has(_id) || (await collection.findById(_id)) !== null) {
        throw requestFailed(`E11000 duplicate key error collection: ${collectionName} index: _id_ dup key: { _id: ${JSON.stringify(_id)} }`);
      }
      seen.add(_id);
    }
    for (const document of documents) await collection.insert(document);
    const errMsg = 'collection.add:ok';
    return Array.isArray(data) ? { _ids: documents.map(({ _id }) => _id), errMsg } : { _id: documents[0]._id, errMsg };
  });
}

/** Validates and translates a where()/match() condition (same checks and messages as the SDK). */
function conditionToQuery(condition: unknown): NedbQuery {
  if (Object.prototype.toString.call(condition) !== '[object Object]') throw new Error('查询参数必须为对象');
  const values = Object.values(condition as object);
  if (values.length > 0 && values.every((value) => value === undefined)) {
    throw new Error('查询参数对象值不能均为undefined');
  }
  return toNedbQuery(condition);
}

function checkDocumentId(id: unknown): DocumentId {
  if (typeof id !== 'string' && typeof id !== 'number') throw new Error('docId必须为字符串或数字');
  return id;
}

/** A query under construction: `where`, `orderBy`, `skip`, `limit`, `field` return new queries (immutable). */
export class Query {
  /** Collection the query reads. */
  readonly collectionName: string;
  protected readonly executor: Executor;
  private readonly state: QueryState;

  constructor(executor: Executor, collectionName: string, state: QueryState = EMPTY_QUERY) {
    this.executor = executor;
    this.collectionName = collectionName;
    this.state = state;
  }

  /** Filters documents; replaces any earlier where() (as the SDK does). Throws on malformed conditions. */
  where(condition: QueryCondition): Query {
    return this.derive({ filter: conditionToQuery(condition) });
  }

  /** Sorts by a (dotted) field; call again for secondary keys. */
  orderBy(fieldPath: string, order: 'asc' | 'desc'): Query {
    if (typeof fieldPath !== 'string' || fieldPath === '') throw new Error('local cloud: orderBy() needs a field path');
    if (order !== 'asc' && order !== 'desc') throw new Error('排序字符不合法');
    return this.derive({ sort: { ...this.state.sort, [fieldPath]: order === 'desc' ? -1 : 1 } });
  }

  /** At most `max` documents (and never more than LOCAL_DB_LIMITS.maxGetLimit). */
  limit(max: number): Query {
    return this.derive({ limit: checkCount('limit', max) });
  }

  /** Skips the first `offset` documents. */
  skip(offset: number): Query {
    return this.derive({ skip: checkCount('offset', offset) });
  }

  /** Keeps (`true`) or omits (`false`) fields in the results. */
  field(projection: Record<string, boolean | number>): Query {
    return this.derive({ projection: toNedbProjection(projection) });
  }

  /** Matching documents (default and maximum 100) as copies: `{ data, errMsg: 'collection.get:ok' }`. */
  get(): Promise<QueryResult> {
    const { filter, sort, skip, limit, projection } = this.state;
    return this.executor.run('collection.get', async (context) => {
      const collection = await context.collection(this.collectionName);
      const documents = await collection.find(resolveServerDates(filter, context.at), {
        sort,
        skip,
        limit: effectiveLimit(limit),
        projection,
      });
      return { data: documents.map(copyStored), errMsg: 'collection.get:ok' };
    });
  }

  /** Number of matching documents (skip/limit ignored): `{ total, errMsg }`. */
  count(): Promise<CountResult> {
    return this.executor.run('collection.count', async (context) => {
      const collection = await context.collection(this.collectionName);
      const total = await collection.count(resolveServerDates(this.state.filter, context.at));
      return { total, errMsg: 'collection.count:ok' };
    });
  }

  /** Updates every match (`multi: false` → the first); resolves `{ stats: { updated } }` even for 0 matches. */
  update(options: UpdateOptions): Promise<UpdateResult> {
    return this.executor.run('collection.update', async (context) => {
      const modifier = toModifier(updateDataOf(options));
      const collection = await context.collection(this.collectionName);
      const updated = await updateMatching(context, collection, this.state.filter, modifier, options.multi !== false);
      return { stats: { updated }, errMsg: 'collection.update:ok' };
    });
  }

  /** Removes every match (`multi: false` → the first): `{ stats: { removed } }`. */
  remove(options: RemoveOptions = {}): Promise<RemoveResult> {
    return this.executor.run('collection.remove', async (context) => {
      const collection = await context.collection(this.collectionName);
      const filter = resolveServerDates(this.state.filter, context.at);
      const matched = await collection.find(filter, options.multi === false ? { limit: 1 } : {});
      for (const document of matched) await collection.remove(document);
      return { stats: { removed: matched.length }, errMsg: 'collection.remove:ok' };
    });
  }

  private derive(change: Partial<QueryState>): Query {
    return new Query(this.executor, this.collectionName, { ...this.state, ...change });
  }
}

/** `db.collection(name)`: a query over the whole collection plus `doc()` and `add()`. */
export class CollectionReference extends Query {
  constructor(executor: Executor, collectionName: string) {
    super(executor, collectionName);
  }

  /** Reference to one document by `_id`. */
  doc(id: DocumentId): DocumentReference {
    return new DocumentReference(this.executor, this, checkDocumentId(id));
  }

  /** Inserts a document (id generated unless `data._id`): `{ _id, errMsg: 'collection.add:ok' }`. */
  add(options: { data: DocumentInput }): Promise<AddResult>;
  /** Inserts several documents: `{ _ids, errMsg }`. */
  add(options: { data: readonly DocumentInput[] }): Promise<AddManyResult>;
  add(options: { data: DocumentInput | readonly DocumentInput[] }): Promise<AddResult | AddManyResult> {
    return addDocuments(this.executor, this.collectionName, options);
  }

  /** Starts an aggregation pipeline over this collection: add stages, then `end()`. */
  aggregate(): Aggregate {
    return new Aggregate(this.executor, this.collectionName);
  }
}

function unsupportedStage(name: string): never {
  throw notSupported(`aggregate stage ${name}`);
}

/**
 * `collection.aggregate()`: stages are appended in call order and `end()` runs them.
 * NOTE: like wx-server-sdk, every stage call appends to THIS pipeline and returns it (the SDK wraps one shared,
 * mutable pipeline): `const base = c.aggregate().match(x); base.group(a); base.group(b)` is ONE pipeline with both
 * groups, locally as in the cloud. Start each pipeline from `collection.aggregate()`.
 * NOTE: stage arguments are validated and translated when the stage is added; a malformed stage or an operator we
 * do not implement throws there ("local cloud: aggregate operator $x is not supported yet").
 * NOTE: `end()` is ONE operation on the database queue (a consistent snapshot, like get()); the result `list` is
 * capped by LOCAL_DB_LIMITS (20 without a limit stage, 1000 with one) and holds copies.
 */
export class Aggregate {
  /** Collection the pipeline reads. */
  readonly collectionName: string;
  private readonly executor: Executor;
  private readonly stages: AggregateStage[] = [];

  constructor(executor: Executor, collectionName: string) {
    this.executor = executor;
    this.collectionName = collectionName;
  }

  /** Keeps documents matching a `where()`-style condition (plain object, `db.command` query operators). */
  match(condition: QueryCondition): this {
    return this.append(matchStage(conditionToQuery(condition)));
  }

  /** Groups by `_id` (an expression, or null for one group); other fields are accumulators such as `$.sum(1)`. */
  group(spec: Record<string, unknown>): this {
    return this.append(groupStage(spec));
  }

  /** Keeps (1/true), drops (0/false) or computes (an expression) fields. */
  project(spec: Record<string, unknown>): this {
    return this.append(projectStage(spec));
  }

  /** Adds (or replaces) computed fields. */
  addFields(spec: Record<string, unknown>): this {
    return this.append(addFieldsStage(spec));
  }

  /** Sorts by fields, `{ field: 1 | -1 }` in priority order. */
  sort(spec: Record<string, 1 | -1>): this {
    return this.append(sortStage(spec));
  }

  /** Skips the first `count` documents. */
  skip(count: number): this {
    return this.append(skipStage(count));
  }

  /** Keeps the first `count` (≥ 1) documents; its presence also lifts the result cap from 20 to 1000. */
  limit(count: number): this {
    return this.append(limitStage(count));
  }

  /** Replaces the documents by one `{ [fieldName]: number of documents }` (nothing for no documents). */
  count(fieldName: string): this {
    return this.append(countStage(fieldName));
  }

  /** One document per element of an array field: `'$tags'` or `{ path, includeArrayIndex?, preserveNullAndEmptyArrays? }`. */
  unwind(spec: string | { path: string; includeArrayIndex?: string; preserveNullAndEmptyArrays?: boolean }): this {
    return this.append(unwindStage(spec));
  }

  /** `size` documents picked at random. */
  sample(spec: { size: number }): this {
    return this.append(sampleStage(spec));
  }

  /** Runs the pipeline: `{ list, errMsg: 'collection.aggregate:ok' }`; -502005 for a never-created collection. */
  end(): Promise<AggregateResult> {
    const stages = [...this.stages];
    const cap = stages.some((stage) => stage.name === 'limit') ? LOCAL_DB_LIMITS.maxAggregateLimit : LOCAL_DB_LIMITS.defaultAggregateLimit;
    return this.executor.run('collection.aggregate', async (context) => {
      const collection = await context.collection(this.collectionName);
      const list = await runAggregate(collection, stages, context.at);
      return { list: list.slice(0, cap), errMsg: 'collection.aggregate:ok' };
    });
  }

  /** Not implemented locally. */
  bucket(..._args: unknown[]): never {
    return unsupportedStage('bucket');
  }
  /** Not implemented locally. */
  bucketAuto(..._args: unknown[]): never {
    return unsupportedStage('bucketAuto');
  }
  /** Not implemented locally. */
  collStats(..._args: unknown[]): never {
    return unsupportedStage('collStats');
  }
  /** Not implemented locally. */
  facet(..._args: unknown[]): never {
    return unsupportedStage('facet');
  }
  /** Not implemented locally. */
  geoNear(..._args: unknown[]): never {
    return unsupportedStage('geoNear');
  }
  /** Not implemented locally. */
  graphLookup(..._args: unknown[]): never {
    return unsupportedStage('graphLookup');
  }
  /** Not implemented locally. */
  indexStats(..._args: unknown[]): never {
    return unsupportedStage('indexStats');
  }
  /** Not implemented locally. */
  lookup(..._args: unknown[]): never {
    return unsupportedStage('lookup');
  }
  /** Not implemented locally. */
  out(..._args: unknown[]): never {
    return unsupportedStage('out');
  }
  /** Not implemented locally. */
  redact(..._args: unknown[]): never {
    return unsupportedStage('redact');
  }
  /** Not implemented locally. */
  replaceRoot(..._args: unknown[]): never {
    return unsupportedStage('replaceRoot');
  }
  /** Not implemented locally. */
  sortByCount(..._args: unknown[]): never {
    return unsupportedStage('sortByCount');
  }

  private append(stage: AggregateStage): this {
    this.stages.push(stage);
    return this;
  }
}

/** `collection.doc(id)`: single-document get/set/update/remove. */
export class DocumentReference {
  /** The document id. */
  readonly _id: DocumentId;
  /** The collection it belongs to. */
  readonly collection: { readonly collectionName: string };
  protected readonly executor: Executor;
  protected readonly projection: NedbProjection | undefined;

  constructor(executor: Executor, collection: { readonly collectionName: string }, id: DocumentId, projection?: NedbProjection) {
    this.executor = executor;
    this.collection = collection;
    this._id = id;
    this.projection = projection;
  }

  /** Same document, returning only (or all but) the given fields from get(). */
  field(projection: Record<string, boolean | number>): DocumentReference {
    return new DocumentReference(this.executor, this.collection, this._id, toNedbProjection(projection));
  }

  /** `{ data, errMsg: 'document.get:ok' }`; rejects "document with _id <id> does not exist" when missing. */
  get(): Promise<GetDocumentResult> {
    return this.executor.run('document.get', async (context) => {
      const collection = await context.collection(this.collection.collectionName);
      const [found] = await collection.find({ _id: this._id }, { limit: 1, projection: this.projection });
      if (!found) throw new Error(`document with _id ${this._id} does not exist`);
      return { data: copyStored(found), errMsg: 'document.get:ok' };
    });
  }

  /** Replaces the whole document, creating it if absent: `{ _id, stats: { updated, created } }`. */
  set(options: SetOptions): Promise<SetResult> {
    return this.executor.run('document.set', async (context) => {
      const data: unknown = isPlainRecord(options) ? options.data : undefined;
      if (!isPlainRecord(data) || Object.keys(data).length === 0) throw invalidParam('参数必需是非空对象');
      if (hasOwn(data, '_id')) throw invalidParam('不能更新_id的值');
      if (findUpdateCommand(data) !== undefined) throw requestFailed('update operator complicit');
      const collection = await context.collection(this.collection.collectionName);
      const next: StoredDocument = { _id: this._id, ...(toStoredValue(data, context.at) as Record<string, unknown>) };
      const before = await collection.findById(this._id);
      const errMsg = 'document.set:ok';
      if (before === null) {
        await collection.insert(next);
        // NOTE: inside a transaction the real SDK reports created: 0 even for an insert (it reads a result field
        // the transaction API does not return); mirrored so local runs do not promise more than the cloud does.
        return { _id: this._id, stats: { updated: 0, created: context.inTransaction ? 0 : 1 }, errMsg };
      }
      const updated = deepEqual(before, next) ? 0 : 1;
      if (updated) await collection.replace(before, next);
      return { _id: this._id, stats: { updated, created: 0 }, errMsg };
    });
  }

  /** Partial update (nested objects merge; `db.command` operators apply): `{ stats: { updated: 0 | 1 } }`. */
  update(options: UpdateOptions): Promise<UpdateResult> {
    return this.executor.run('document.update', async (context) => {
      const modifier = toModifier(updateDataOf(options));
      const collection = await context.collection(this.collection.collectionName);
      const updated = await updateMatching(context, collection, { _id: this._id }, modifier, false);
      return { stats: { updated }, errMsg: 'document.update:ok' };
    });
  }

  /** Deletes the document: `{ stats: { removed: 0 | 1 } }`. */
  remove(): Promise<RemoveResult> {
    return this.executor.run('document.remove', async (context) => {
      const collection = await context.collection(this.collection.collectionName);
      const found = await collection.findById(this._id);
      if (found) await collection.remove(found);
      return { stats: { removed: found ? 1 : 0 }, errMsg: 'document.remove:ok' };
    });
  }
}

/** `t.collection(name).doc(id)`: like DocumentReference, plus `delete()` (alias of remove). */
export class TransactionDocumentReference extends DocumentReference {
  /** Same document, projected. */
  override field(projection: Record<string, boolean | number>): TransactionDocumentReference {
    return new TransactionDocumentReference(this.executor, this.collection, this._id, toNedbProjection(projection));
  }

  /** Deletes the document (the transaction API's name for remove). */
  delete(): Promise<RemoveResult> {
    return this.remove();
  }
}

const SINGLE_DOCUMENT_ONLY =
  'local cloud: inside runTransaction only t.collection(name).doc(id) operations and add() are supported ' + '(WeChat Cloud transactions are single-document)';

/** `t.collection(name)`: only `doc(id)` and `add()` — WeChat Cloud transactions have no where()/batch writes. */
export class TransactionCollectionReference {
  /** Collection name. */
  readonly collectionName: string;
  private readonly executor: Executor;

  constructor(executor: Executor, collectionName: string) {
    this.executor = executor;
    this.collectionName = collectionName;
  }

  /** Reference to one document in the transaction. */
  doc(id: DocumentId): TransactionDocumentReference {
    return new TransactionDocumentReference(this.executor, this, checkDocumentId(id));
  }

  /** Inserts a document in the transaction. */
  add(options: { data: DocumentInput }): Promise<AddResult>;
  /** Inserts several documents in the transaction. */
  add(options: { data: readonly DocumentInput[] }): Promise<AddManyResult>;
  add(options: { data: DocumentInput | readonly DocumentInput[] }): Promise<AddResult | AddManyResult> {
    return addDocuments(this.executor, this.collectionName, options);
  }

  /** Not available in transactions. */
  where(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  get(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  update(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  remove(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
  /** Not available in transactions. */
  count(..._args: unknown[]): never {
    throw new Error(SINGLE_DOCUMENT_ONLY);
  }
}

/** The `t` of `db.runTransaction(async (t) => ...)`. */
export class Transaction {
  private readonly scope: TransactionScope;

  constructor(scope: TransactionScope) {
    this.scope = scope;
  }

  /** A collection inside this transaction. */
  collection(collectionName: string): TransactionCollectionReference {
    if (!collectionName) throw new Error('Collection name is required');
    return new TransactionCollectionReference(this.scope, collectionName);
  }

  /** Undoes this transaction's writes now; runTransaction will then reject with `reason`. */
  rollback(reason?: unknown): Promise<void> {
    return this.scope.rollback(reason);
  }
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

function unsupportedFeature(name: string): Unsupported {
  return () => {
    throw notSupported(name);
  };
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
    Point: unsupportedFeature('db.Geo.Point'),
    MultiPoint: unsupportedFeature('db.Geo.MultiPoint'),
    LineString: unsupportedFeature('db.Geo.LineString'),
    MultiLineString: unsupportedFeature('db.Geo.MultiLineString'),
    Polygon: unsupportedFeature('db.Geo.Polygon'),
    MultiPolygon: unsupportedFeature('db.Geo.MultiPolygon'),
  };
  /** Not implemented locally (native RegExp values in where() do work). */
  readonly RegExp: Unsupported = unsupportedFeature('db.RegExp');
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
