/**
 * The parts of @seald-io/nedb 4.1 (pinned) that store.ts uses beyond its public API: its matcher, copier and cursor,
 * so a read over a snapshot applies exactly nedb's query, sort, skip, limit and projection semantics.
 */
declare module '@seald-io/nedb/lib/model' {
  /** True if `doc` matches the nedb `query`. */
  export function match(doc: unknown, query: unknown): boolean;
  /** nedb's copy of a document (Dates are shared, not copied). */
  export function deepCopy<T>(value: T): T;
}

declare module '@seald-io/nedb/lib/cursor' {
  /** The datastore side a cursor needs: where its candidates come from, and the string comparison for sorting. */
  interface CursorSource {
    _getCandidatesAsync(query: unknown): Promise<unknown[]>;
    compareStrings?: (a: string, b: string) => number;
  }
  /** nedb's cursor; `_execAsync` runs it without the datastore's executor. */
  class Cursor {
    constructor(db: CursorSource, query: unknown);
    sort(sort: Record<string, number>): this;
    skip(skip: number): this;
    limit(limit: number): this;
    projection(projection: Record<string, number>): this;
    _execAsync(): Promise<unknown[]>;
  }
  export = Cursor;
}

declare module '@seald-io/nedb/lib/storage' {
  /** Writes `lines` to `filename~`, fsyncs, renames it over `filename` and fsyncs the directory. */
  export function crashSafeWriteFileLinesAsync(filename: string, lines: string[], modes?: unknown): Promise<void>;
}
