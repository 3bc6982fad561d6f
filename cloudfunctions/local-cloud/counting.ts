/**
 * An instrumented database: wraps a Database (the WeChat Cloud API subset) and counts round trips and documents
 * read, exactly — for benchmarks and tests that assert "one conditional write" or "reads bounded by what is due".
 */
import type { Database } from '../adapters/wx/db-types';

export interface DbCounts {
  /** Database calls that reach the server (get, count, add, update, set, remove, aggregate end). */
  calls: number;
  /** Documents returned by reads (get's `data`, an aggregate end()'s `list`). */
  docsRead: number;
  /** Calls by kind, e.g. { get: 3, update: 1 }. */
  byKind: Record<string, number>;
  /** Calls by collection and kind, e.g. { 'cases.get': 1, 'cases.update': 1, 'config.get': 1 }. */
  byCollection: Record<string, number>;
}

const TERMINAL = new Set(['get', 'count', 'add', 'update', 'set', 'remove', 'end']);

/**
 * `target` (a database or one of its builders) with every call that reaches the server handed to `onCall` — its kind
 * (get, update, end, …), its collection, and its result, which `onCall` returns (or a promise chained on it).
 * Builders (collection, doc, where, orderBy, …) return objects that keep being watched.
 */
export function watchCalls<T extends object>(
  target: T,
  onCall: (kind: string, collection: string, result: Promise<unknown>) => Promise<unknown>,
  collection = '',
): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'constructor') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
        if (typeof prop === 'string' && TERMINAL.has(prop) && result instanceof Promise) return onCall(prop, collection, result);
        return result !== null && typeof result === 'object' && !(result instanceof Promise) && prop !== 'command'
          ? watchCalls(result as object, onCall, prop === 'collection' ? String(args[0]) : collection)
          : result;
      };
    },
  });
}

/** Wrap `db`; every terminal call is counted in the returned `counts` (reset with `reset()`). */
export function countingDatabase(db: Database): { db: Database; counts: DbCounts; reset(): void } {
  const counts: DbCounts = { calls: 0, docsRead: 0, byKind: {}, byCollection: {} };
  const counted = watchCalls(db, (kind, collection, result) => {
    counts.calls++;
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
    const key = `${collection}.${kind}`;
    counts.byCollection[key] = (counts.byCollection[key] ?? 0) + 1;
    return result.then((r: unknown) => {
      const data = (r as { data?: unknown }).data;
      if (kind === 'get') counts.docsRead += Array.isArray(data) ? data.length : data ? 1 : 0;
      if (kind === 'end') {
        const list = (r as { list?: unknown }).list;
        counts.docsRead += Array.isArray(list) ? list.length : 0;
      }
      return r;
    });
  });
  return {
    db: counted,
    counts,
    reset() {
      counts.calls = 0;
      counts.docsRead = 0;
      counts.byKind = {};
      counts.byCollection = {};
    },
  };
}
