/**
 * Plain-data helpers: what a storable value is, deep copies, deep equality.
 *
 * NOTE: a stored document only ever holds null, booleans, numbers, strings, Dates, arrays and plain objects.
 * Every value crosses the store boundary through `toStoredValue` (in) or `copyStored` (out), so no caller ever
 * shares an object — not even a Date — with the store.
 */
import { isServerDate, markerKind } from './command';

/** A plain object (`{...}` or a class instance without its own toStringTag) that is not one of our markers. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]' && markerKind(value) === undefined;
}

/** True for a Date (also one from another realm). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** True for a RegExp (also one from another realm). */
export function isRegExp(value: unknown): value is RegExp {
  return Object.prototype.toString.call(value) === '[object RegExp]';
}

/** Short type name for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const kind = markerKind(value);
  if (kind !== undefined) return `${kind} marker`;
  if (typeof value === 'object') return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}

function checkFieldName(key: string, path: string): void {
  if (key.startsWith('$')) throw new Error(`local cloud: field names cannot start with "$" ("${path}")`);
  if (key.includes('.')) throw new Error(`local cloud: field names cannot contain "." ("${path}")`);
  if (key === '') throw new Error(`local cloud: field names cannot be empty ("${path}")`);
}

/**
 * Copies `value` into storable form: undefined object fields dropped, undefined array items → null (as JSON
 * does), `db.serverDate()` → `new Date(at + offset)`. Throws on commands, functions, symbols, bigints, circular
 * references and exotic objects (Map, Buffer, ...).
 */
export function toStoredValue(value: unknown, at: number, path = '', ancestors: readonly object[] = []): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
    return value;
  }
  if (isDate(value)) return new Date(value.getTime());
  if (isServerDate(value)) return new Date(at + value.options.offset);
  const kind = markerKind(value);
  if (kind !== undefined) {
    throw new Error(`local cloud: a db.command ${kind} command cannot be stored as a value (field "${path || '<root>'}")`);
  }
  if (typeof value === 'object') {
    if (ancestors.includes(value)) throw new Error('Cannot convert circular structure to JSON');
    const inner = [...ancestors, value];
    if (Array.isArray(value)) {
      return value.map((item: unknown, i) => (item === undefined ? null : toStoredValue(item, at, `${path}.${i}`, inner)));
    }
    if (isPlainRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (item === undefined) continue;
        const itemPath = path ? `${path}.${key}` : key;
        checkFieldName(key, itemPath);
        out[key] = toStoredValue(item, at, itemPath, inner);
      }
      return out;
    }
  }
  throw new Error(`local cloud: cannot store a value of type ${describeType(value)} (field "${path || '<root>'}")`);
}

/** Deep copy of already-stored data (plain objects, arrays, Dates, primitives). */
export function copyStored<T>(value: T): T {
  return copyAny(value) as T;
}

function copyAny(value: unknown): unknown {
  if (isDate(value)) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(copyAny);
  if (typeof value === 'object' && value !== null && !isRegExp(value) && markerKind(value) === undefined) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = copyAny(item);
    return out;
  }
  return value;
}

/** Deep equality of stored values (Dates by time, objects ignoring key order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainRecord(a) && isPlainRecord(b)) {
    const aKeys = Object.keys(a);
    if (aKeys.length !== Object.keys(b).length) return false;
    return aKeys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** Returns the first `db.command` update command found anywhere inside `value`, if any. */
export function findUpdateCommand(value: unknown, ancestors: readonly object[] = []): unknown {
  if (markerKind(value) === 'update') return value;
  if (typeof value !== 'object' || value === null || ancestors.includes(value)) return undefined;
  const inner = [...ancestors, value];
  const items: unknown[] = Array.isArray(value) ? value : isPlainRecord(value) ? Object.values(value) : [];
  for (const item of items) {
    const found = findUpdateCommand(item, inner);
    if (found !== undefined) return found;
  }
  return undefined;
}
