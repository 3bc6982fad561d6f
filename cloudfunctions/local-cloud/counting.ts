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

/** Wrap `db`; every terminal call is counted in the returned `counts` (reset with `reset()`). */
export function countingDatabase(db: Database): { db: Database; counts: DbCounts; reset(): void } {
  const counts: DbCounts = { calls: 0, docsRead: 0, byKind: {}, byCollection: {} };
  const wrap = <T extends object>(target: T, collection = ''): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function' || prop === 'constructor') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
          if (typeof prop === 'string' && TERMINAL.has(prop) && result instanceof Promise) {
            counts.calls++;
            counts.byKind[prop] = (counts.byKind[prop] ?? 0) + 1;
            const key = `${collection}.${prop}`;
            counts.byCollection[key] = (counts.byCollection[key] ?? 0) + 1;
            return result.then((r: unknown) => {
              const data = (r as { data?: unknown }).data;
              if (prop === 'get') counts.docsRead += Array.isArray(data) ? data.length : data ? 1 : 0;
              if (prop === 'end') {
                const list = (r as { list?: unknown }).list;
                counts.docsRead += Array.isArray(list) ? list.length : 0;
              }
              return r;
            });
          }
          // Builders (collection, doc, where, orderBy, …) return objects to keep counting through.
          return result !== null && typeof result === 'object' && !(result instanceof Promise) && prop !== 'command'
            ? wrap(result as object, prop === 'collection' ? String(args[0]) : collection)
            : result;
        };
      },
    });
  return {
    db: wrap(db),
    counts,
    reset() {
      counts.calls = 0;
      counts.docsRead = 0;
      counts.byKind = {};
      counts.byCollection = {};
    },
  };
}
