/**
 * The subset of WeChat Cloud's database API this project uses, typed once (wx-server-sdk's own types return
 * `Promise<X> | void | string`). The local cloud implements the same subset.
 */
export type Doc = Record<string, unknown> & { _id: string };

export interface Query {
  where(cond: Record<string, unknown>): Query;
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(projection: Record<string, boolean>): Query;
  get(): Promise<{ data: Doc[] }>;
  count(): Promise<{ total: number }>;
  update(opts: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocRef {
  get(): Promise<{ data: Doc }>;
  set(opts: { data: Record<string, unknown> }): Promise<{ _id: string; stats: { updated: number; created: number } }>;
  update(opts: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

/** WeChat Cloud's aggregation pipeline (evaluated by the database; only the result list travels). */
export interface Aggregate {
  match(query: Record<string, unknown>): Aggregate;
  group(spec: Record<string, unknown>): Aggregate;
  project(spec: Record<string, unknown>): Aggregate;
  sort(spec: Record<string, 1 | -1>): Aggregate;
  skip(n: number): Aggregate;
  limit(n: number): Aggregate;
  /** One document per element of an array field ('$timeline'), the field holding that element. */
  unwind(path: string): Aggregate;
  end(): Promise<{ list: Array<Record<string, unknown>> }>;
}

export interface Collection extends Query {
  doc(id: string): DocRef;
  add(opts: { data: Record<string, unknown> }): Promise<{ _id: string }>;
  aggregate(): Aggregate;
}

/** Aggregation expression operators (db.command.aggregate). */
export interface AggregateCommand {
  sum(v: unknown): unknown;
  cond(v: { if: unknown; then: unknown; else: unknown }): unknown;
  /** Date − Date is milliseconds, as in MongoDB. */
  subtract(v: [unknown, unknown]): unknown;
  divide(v: [unknown, unknown]): unknown;
  floor(v: unknown): unknown;
}

/** A query condition on a field that can be combined: `_.gte(a).and(_.lt(b))`. */
export interface FieldCondition {
  and(...conds: unknown[]): unknown;
}

/** Operators of db.command (query and update). Values are opaque markers. */
export interface Command {
  eq(v: unknown): unknown;
  neq(v: unknown): unknown;
  gt(v: unknown): unknown;
  gte(v: unknown): FieldCondition;
  lt(v: unknown): unknown;
  lte(v: unknown): unknown;
  in(v: unknown[]): unknown;
  nin(v: unknown[]): unknown;
  exists(v: boolean): unknown;
  and(conds: unknown[]): Record<string, unknown>;
  or(conds: unknown[]): Record<string, unknown>;
  set(v: unknown): unknown;
  remove(): unknown;
  inc(n: number): unknown;
  push(v: unknown): unknown;
  aggregate: AggregateCommand;
}

export interface Database {
  collection(name: string): Collection;
  command: Command;
  serverDate(opts?: { offset?: number }): unknown;
}

/** True when a rejected database call means "no such document". */
export function isMissingDoc(err: unknown): boolean {
  return err instanceof Object && /does not exist|not exist/.test(String((err as { errMsg?: string; message?: string }).errMsg ?? (err as Error).message));
}
