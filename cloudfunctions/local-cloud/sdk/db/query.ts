/** `db.collection(name)` and the queries built from it: where/orderBy/skip/limit/field, then get/count/update/remove. */
import { Aggregate } from './aggregate-reference';
import {
  LOCAL_DB_LIMITS,
  type AddManyResult,
  type AddResult,
  type CountResult,
  type DocumentInput,
  type QueryCondition,
  type QueryResult,
  type RemoveOptions,
  type RemoveResult,
  type UpdateOptions,
  type UpdateResult,
} from './api-types';
import { DocumentReference } from './document';
import type { Executor } from './engine';
import { addDocuments, checkDocumentId, conditionToQuery, updateDataOf, updateMatching } from './operations';
import type { DocumentId } from './store';
import { resolveServerDates, toModifier, toNedbProjection, type NedbProjection, type NedbQuery, type NedbSort } from './translate';
import { copyStored } from './values';

interface QueryState {
  readonly filter: NedbQuery;
  readonly sort: NedbSort;
  readonly skip?: number;
  readonly limit?: number;
  readonly projection?: NedbProjection;
}

const EMPTY_QUERY: QueryState = { filter: {}, sort: {} };

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
    return this.executor.read('collection.get', async (context) => {
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
    return this.executor.read('collection.count', async (context) => {
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
