/** The call and result shapes of the local `cloud.database()` API (as wx-server-sdk's), and its result limits. */
import type { AggregateDocument } from './aggregate';
import type { LogicCommand } from './command';
import type { DocumentId, StoredDocument } from './store';

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
