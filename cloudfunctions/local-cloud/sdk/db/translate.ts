/**
 * The translation layer: WeChat Cloud query conditions → nedb queries, and WeChat Cloud update data → a
 * Mongo-style modifier that `applyModifier` executes. Pure functions, unit-tested on their own.
 *
 * WeChat Cloud semantics that differ from a naive MongoDB/nedb reading (taken from the SDK's serializers):
 * - A plain nested object is flattened into dotted paths, in queries AND updates:
 *   `where({ a: { b: 1 } })` matches `a.b == 1`; `update({ data: { a: { b: 1 } } })` sets only `a.b`.
 *   Flattening stops at arrays, Dates, null, RegExps and db.command markers; an empty nested object vanishes.
 *   `_.eq({ b: 1 })` is whole-object equality; `_.set({ b: 1 })` replaces the whole field.
 * - `undefined` values are dropped.
 * nedb quirks we correct so that the result matches MongoDB (WeChat Cloud's engine):
 * - `{ a: null }` also matches a missing field; `neq`/`nin` are "not (equals / in)" so an array field matches
 *   only when NO element equals; `exists: true` also holds for an empty array.
 */
import { isAggregateCommand, isLogicCommand, isQueryCommand, isServerDate, isUpdateCommand, type LogicCommand, type QueryCommand } from './command';
import { requestFailed } from './errors';
import { copyStored, describeType, isDate, isPlainRecord, isRegExp, toStoredValue } from './values';

/** A query in nedb's (MongoDB-like) language. */
export type NedbQuery = { [key: string]: unknown };

/** A Mongo-style update: the only four operators WeChat Cloud updates need here. Paths are dotted. */
export interface CloudModifier {
  /** Path → new value (may still contain `db.serverDate()` markers until applied). */
  $set?: Record<string, unknown>;
  /** Paths to delete. */
  $unset?: Record<string, true>;
  /** Path → amount to add. */
  $inc?: Record<string, number>;
  /** Path → values to append. */
  $push?: Record<string, { $each: unknown[] }>;
}

/** nedb sort specification: field path → 1 (asc) / -1 (desc), in priority order. */
export type NedbSort = Record<string, 1 | -1>;

/** nedb projection: field path → 1 (keep) / 0 (omit). */
export type NedbProjection = Record<string, 0 | 1>;

// ---------------------------------------------------------------------------------------------------------------
// Flattening

/** Flattens nested plain objects into `[dottedPath, leafValue]` pairs, the way the SDK serializer does. */
export function flattenPaths(object: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const walk = (node: Record<string, unknown>, prefix: string, ancestors: readonly object[]): void => {
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (value === undefined) continue;
      if (key.startsWith('$')) throw new Error(`local cloud: "${key}" operators are not accepted; use db.command`);
      const path = prefix ? `${prefix}.${key}` : key;
      if (isPlainRecord(value)) {
        if (ancestors.includes(value)) throw new Error('Cannot convert circular structure to JSON');
        walk(value, path, [...ancestors, value]);
      } else {
        out.push([path, value]);
      }
    }
  };
  walk(object, '', [object]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

/**
 * Translates a `where()` condition (plain object or top-level `_.and/_.or`) into a nedb query.
 * Values are copied, `db.serverDate()` markers are kept (see `resolveServerDates`).
 */
export function toNedbQuery(condition: unknown): NedbQuery {
  if (isLogicCommand(condition)) return copyQueryTree(logicClause(condition, null));
  if (isQueryCommand(condition)) throw new Error('Cannot encode a comparison command with unset field name');
  if (isUpdateCommand(condition)) throw new Error(`local cloud: update command _.${condition.operator}() cannot be a query`);
  if (!isPlainRecord(condition)) throw new Error('查询参数必须为对象');
  return copyQueryTree(objectClause(condition));
}

function objectClause(object: Record<string, unknown>): NedbQuery {
  return allOf(flattenPaths(object).map(([path, value]) => fieldClause(path, value)));
}

function fieldClause(path: string, value: unknown): NedbQuery {
  if (isQueryCommand(value)) return queryCommandClause(path, value);
  if (isLogicCommand(value)) return logicClause(value, path);
  if (isUpdateCommand(value)) {
    throw new Error(`local cloud: update command _.${value.operator}() cannot be used in a query (field "${path}")`);
  }
  if (isAggregateCommand(value)) {
    throw new Error(
      `local cloud: aggregate operator $.${value.operator}() cannot be used in a query condition (field "${path}"); ` +
        'use it in aggregate stages such as group/project (db.command.expr is not supported yet)',
    );
  }
  return equals(path, value);
}

/** `path` null = top level: operands are whole query objects; otherwise operands are commands on `path`. */
function logicClause(command: LogicCommand, path: string | null): NedbQuery {
  const parts = command.operands.map((operand): NedbQuery => {
    if (isLogicCommand(operand)) return logicClause(operand, path);
    if (path === null) {
      if (isQueryCommand(operand)) throw new Error('Cannot encode a comparison command with unset field name');
      if (isPlainRecord(operand)) return objectClause(operand);
      throw new Error(`local cloud: operands of a top-level _.${command.operator}() must be query objects`);
    }
    if (isQueryCommand(operand)) return queryCommandClause(path, operand);
    throw new Error(
      `local cloud: operands of _.${command.operator}() on field "${path}" must be query commands such as _.gt(1), ` + `got ${describeType(operand)}`,
    );
  });
  return command.operator === 'and' ? allOf(parts) : { $or: parts };
}

function queryCommandClause(path: string, command: QueryCommand): NedbQuery {
  const value = command.operand;
  switch (command.operator) {
    case 'eq':
      return equals(path, value);
    case 'neq':
      return { $not: equals(path, value) };
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      // NOTE: MongoDB compares only values of the same type ("type bracketing"): null never satisfies a range.
      // nedb treats null and a Date as comparable (both typeof 'object') and coerces null to 0, so exclude it.
      return { [path]: { [`$${command.operator}`]: value, $ne: null } };
    case 'in':
      return inList(path, value, 'in');
    case 'nin':
      return { $not: inList(path, value, 'nin') };
    case 'exists':
      // NOTE: nedb tests `$exists` per element of an array field, so `$exists: true` fails on []; negating
      // `$exists: false` gives MongoDB's answer for every shape.
      return value ? { $not: { [path]: { $exists: false } } } : { [path]: { $exists: false } };
  }
}

/** MongoDB equality: `null` also matches a missing field; arrays match exactly or by element (nedb does that). */
function equals(path: string, value: unknown): NedbQuery {
  if (value === null) return { $or: [{ [path]: null }, { [path]: { $exists: false } }] };
  return { [path]: value };
}

function inList(path: string, list: unknown, operator: 'in' | 'nin'): NedbQuery {
  if (!Array.isArray(list)) throw new Error(`local cloud: db.command.${operator} needs an array (field "${path}")`);
  const clause: NedbQuery = { [path]: { $in: list } };
  return list.includes(null) ? { $or: [clause, { [path]: { $exists: false } }] } : clause;
}

/** Conjunction; merges into one object when the parts touch distinct plain fields (readable, index-friendly). */
function allOf(parts: NedbQuery[]): NedbQuery {
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0];
  const merged: NedbQuery = {};
  for (const part of parts) {
    for (const key of Object.keys(part)) {
      if (key.startsWith('$') || Object.prototype.hasOwnProperty.call(merged, key)) return { $and: parts };
      merged[key] = part[key];
    }
  }
  return merged;
}

function copyQueryTree(node: unknown): NedbQuery {
  return mapQueryTree(node, null) as NedbQuery;
}

/** Replaces `db.serverDate()` markers in a translated query by `new Date(at + offset)` (a fresh copy). */
export function resolveServerDates(query: NedbQuery, at: number): NedbQuery {
  return mapQueryTree(query, at) as NedbQuery;
}

function mapQueryTree(node: unknown, at: number | null): unknown {
  if (isServerDate(node)) return at === null ? node : new Date(at + node.options.offset);
  if (isDate(node)) return new Date(node.getTime());
  if (isRegExp(node)) return node;
  if (Array.isArray(node)) return node.map((item: unknown) => mapQueryTree(item, at));
  if (isPlainRecord(node)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) if (node[key] !== undefined) out[key] = mapQueryTree(node[key], at);
    return out;
  }
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// Sort and projection

/** Translates `field({ a: true, b: 0 })` into a nedb projection; rejects mixing keep/omit except for `_id`. */
export function toNedbProjection(field: unknown): NedbProjection {
  if (!isPlainRecord(field)) throw new Error('local cloud: field() needs an object such as { name: true }');
  const projection: NedbProjection = {};
  for (const [key, value] of Object.entries(field)) {
    if (typeof value === 'boolean') projection[key] = value ? 1 : 0;
    else if (typeof value === 'number') projection[key] = value > 0 ? 1 : 0;
    else if (value !== undefined) throw new Error(`local cloud: field() value for "${key}" must be true/false (db.command.project is not supported yet)`);
  }
  const modes = new Set(
    Object.entries(projection)
      .filter(([key]) => key !== '_id')
      .map(([, mode]) => mode),
  );
  if (modes.size > 1) throw new Error('local cloud: field() cannot mix included and excluded fields (except _id)');
  return projection;
}

// ---------------------------------------------------------------------------------------------------------------
// Updates

/**
 * Translates `update({ data })` into a modifier: nested plain objects become dotted `$set` paths, commands map to
 * their operator. Throws on query commands in data and on paths that overlap (MongoDB rejects those too).
 */
export function toModifier(data: Record<string, unknown>): CloudModifier {
  const modifier: CloudModifier = {};
  const paths: string[] = [];
  for (const [path, value] of flattenPaths(data)) {
    paths.push(path);
    if (isUpdateCommand(value)) {
      switch (value.operator) {
        case 'set':
          (modifier.$set ??= {})[path] = value.operands[0];
          break;
        case 'remove':
          (modifier.$unset ??= {})[path] = true;
          break;
        case 'inc': {
          const amount = value.operands[0];
          if (typeof amount !== 'number') throw new Error(`local cloud: db.command.inc needs a number (field "${path}")`);
          (modifier.$inc ??= {})[path] = amount;
          break;
        }
        case 'push':
          (modifier.$push ??= {})[path] = { $each: [...value.operands] };
          break;
      }
    } else if (isQueryCommand(value) || isLogicCommand(value)) {
      throw new Error(`local cloud: query command _.${value.operator}() cannot be used in update data (field "${path}")`);
    } else {
      (modifier.$set ??= {})[path] = value;
    }
  }
  assertNoConflicts(paths);
  return modifier;
}

function assertNoConflicts(paths: readonly string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i += 1) {
    const [previous, current] = [sorted[i - 1], sorted[i]];
    if (current === previous || current.startsWith(`${previous}.`)) {
      throw requestFailed(`Updating the path '${current}' would create a conflict at '${previous}'`);
    }
  }
}

/** True when the modifier changes nothing (e.g. `data: { a: {} }`). */
export function isEmptyModifier(modifier: CloudModifier): boolean {
  return Object.values(modifier).every((group) => group === undefined || Object.keys(group).length === 0);
}

/**
 * Applies a modifier to a copy of `document` (the original is untouched), resolving `db.serverDate()` to `at`.
 * Throws like MongoDB when a path runs through a non-object, `inc` hits a non-number, or `push` a non-array.
 */
export function applyModifier<T extends Record<string, unknown>>(document: T, modifier: CloudModifier, at: number): T {
  const result = copyStored(document);
  for (const [path, value] of Object.entries(modifier.$set ?? {})) {
    const slot = locate(result, path, true);
    if (slot) writeSlot(slot, path, toStoredValue(value, at, path));
  }
  for (const path of Object.keys(modifier.$unset ?? {})) {
    const slot = locate(result, path, false);
    if (slot) clearSlot(slot);
  }
  for (const [path, amount] of Object.entries(modifier.$inc ?? {})) {
    const slot = locate(result, path, true);
    if (!slot) continue;
    const current = readSlot(slot);
    if (current === undefined) writeSlot(slot, path, amount);
    else if (typeof current === 'number') writeSlot(slot, path, current + amount);
    else throw requestFailed(`Cannot apply $inc to a value of non-numeric type ${describeType(current)} (field "${path}")`);
  }
  for (const [path, { $each }] of Object.entries(modifier.$push ?? {})) {
    const slot = locate(result, path, true);
    if (!slot) continue;
    const current = readSlot(slot);
    const items = $each.map((item, i) => toStoredValue(item === undefined ? null : item, at, `${path}.${i}`));
    if (current === undefined) writeSlot(slot, path, items);
    else if (Array.isArray(current)) current.push(...items);
    else throw requestFailed(`The field '${path}' must be an array but is of type ${describeType(current)}`);
  }
  return result;
}

type Container = Record<string, unknown> | unknown[];
interface Slot {
  container: Container;
  key: string;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

function child(container: Container, key: string): unknown {
  if (Array.isArray(container)) return ARRAY_INDEX.test(key) ? container[Number(key)] : undefined;
  return Object.prototype.hasOwnProperty.call(container, key) ? container[key] : undefined;
}

/** Finds the container holding the last segment of `path`; creates missing objects when `create`. */
function locate(root: Record<string, unknown>, path: string, create: boolean): Slot | null {
  const segments = path.split('.');
  let container: Container = root;
  for (let i = 0; i < segments.length - 1; i += 1) {
    const segment = segments[i];
    const next = child(container, segment);
    if (isPlainRecord(next) || Array.isArray(next)) {
      container = next;
      continue;
    }
    if (!create) return null;
    if (next !== undefined || (Array.isArray(container) && !ARRAY_INDEX.test(segment))) {
      const parent = segments.slice(0, i + 1).join('.');
      throw requestFailed(`Cannot create field '${segments[i + 1]}' in element {${parent}: ${describeType(next)}}`);
    }
    const created: Record<string, unknown> = {};
    writeSlot({ container, key: segment }, path, created);
    container = created;
  }
  return { container, key: segments[segments.length - 1] };
}

function readSlot(slot: Slot): unknown {
  return child(slot.container, slot.key);
}

/** MongoDB `$unset`: deletes an object field; an array element becomes null. */
function clearSlot(slot: Slot): void {
  const { container, key } = slot;
  if (!Array.isArray(container)) delete container[key];
  else if (ARRAY_INDEX.test(key) && Number(key) < container.length) container[Number(key)] = null;
}

function writeSlot(slot: Slot, path: string, value: unknown): void {
  const { container, key } = slot;
  if (!Array.isArray(container)) {
    container[key] = value;
    return;
  }
  if (!ARRAY_INDEX.test(key)) throw requestFailed(`Cannot create field '${key}' in an array (path "${path}")`);
  const index = Number(key);
  while (container.length < index) container.push(null);
  container[index] = value;
}
