/**
 * `collection.aggregate()` for the local cloud: WeChat Cloud stages and `db.command.aggregate` markers → a MongoDB
 * pipeline, evaluated by mingo over the collection's documents. Pure translation plus one run function.
 *
 * - `match(cond)` takes the same query language as `where()` (plain objects, `db.command` query operators) and is
 *   translated by translate.ts, so both agree (e.g. range operators never match null). A LEADING match runs as the
 *   store's normal nedb find (an index on the field can answer it); any later match is the same translated query
 *   run by mingo (see toMingoQuery). Tested to agree for equality/in/nin/exists and for ranges over numbers,
 *   strings and Dates; NOT for ranges over booleans, objects or arrays, where nedb (leading) differs from MongoDB.
 * - Other stages take MongoDB expressions: `'$field'` paths, `db.command.aggregate` markers (`$.sum(1)` →
 *   `{ $sum: 1 }`, `$.neq` → `$ne`) or the equivalent raw `{ $sum: 1 }` objects, which the real SDK also passes
 *   through. Every operator is checked against the supported list: anything else throws
 *   `local cloud: aggregate operator $x is not supported yet` when the stage is added (WeChat would reject it
 *   at end()).
 * - Stored Dates stay Dates inside the pipeline (`$subtract` of two Dates is milliseconds, as in MongoDB).
 */
import { Aggregator } from 'mingo';
import { isAggregateCommand, markerKind, SUPPORTED_AGGREGATE_OPERATORS, type SupportedAggregateOperator } from './command';
import type { CollectionHandle } from './engine';
import { notSupported, requestFailed } from './errors';
import type { StoredDocument } from './store';
import { resolveServerDates, type NedbQuery } from './translate';
import { copyStored, describeType, isDate, isPlainRecord, isRegExp } from './values';

/** A MongoDB pipeline stage as mingo takes it (`{ $group: {...} }`). */
export type MongoStage = { [stage: string]: unknown };

/** One document of an aggregate result (a `group`/`project` result need not have a string `_id`). */
export type AggregateDocument = { [field: string]: unknown };

/** Stages we implement (the method names of the aggregate object). */
export type AggregateStageName = 'match' | 'group' | 'project' | 'addFields' | 'sort' | 'skip' | 'limit' | 'count' | 'unwind' | 'sample';

/**
 * A translated stage: a match keeps its nedb query (serverDate markers resolved at run time), a sample its size
 * (sampled here, see sampleStage); the others are one or more MongoDB stages for mingo.
 */
export type AggregateStage =
  | { readonly name: 'match'; readonly filter: NedbQuery }
  | { readonly name: 'sample'; readonly size: number }
  | { readonly name: Exclude<AggregateStageName, 'match' | 'sample'>; readonly mongo: readonly MongoStage[] };

/** Group accumulators (the only operators allowed at the top level of a group field). */
const ACCUMULATORS: ReadonlySet<string> = new Set(['sum', 'avg', 'min', 'max', 'first', 'last', 'push', 'addToSet']);

/** WeChat names whose MongoDB operator is spelled differently. */
const MONGO_NAMES: Partial<Record<SupportedAggregateOperator, string>> = { neq: 'ne' };

function mongoName(operator: SupportedAggregateOperator): string {
  return MONGO_NAMES[operator] ?? operator;
}

/** MongoDB names (without `$`) of every expression operator we accept. */
const EXPRESSION_OPERATORS: ReadonlySet<string> = new Set(SUPPORTED_AGGREGATE_OPERATORS.map(mongoName));

/** mingo with MongoDB-strict behaviour; no `$where`/`$function` scripts. */
const MINGO_OPTIONS = { idKey: '_id', useStrictMode: true, scriptEnabled: false } as const;

// ---------------------------------------------------------------------------------------------------------------
// Expressions

/**
 * Translates an aggregation expression: markers → `{ $op: ... }`, raw `{ $op: ... }` checked, field paths and
 * literals kept, Dates copied. `where` names the place for error messages.
 */
export function toMongoExpression(value: unknown, where: string): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isDate(value)) return new Date(value.getTime());
  if (isRegExp(value)) return value;
  if (isAggregateCommand(value)) return operatorExpression(mongoName(value.operator), value.operand, where);
  const kind = markerKind(value);
  if (kind === 'serverDate') throw notSupported(`db.serverDate() in aggregate ${where} (only match() resolves it)`);
  if (kind !== undefined) {
    throw new Error(
      `local cloud: db.command ${kind} operators cannot be used in aggregate ${where}; ` +
        "use db.command.aggregate operators there (const $ = db.command.aggregate; $.gte(['$a', 1]))",
    );
  }
  if (Array.isArray(value)) return value.map((item: unknown) => toMongoExpression(item, where));
  if (isPlainRecord(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    const operators = keys.filter((key) => key.startsWith('$'));
    if (operators.length > 0) {
      if (keys.length !== 1) {
        throw new Error(`local cloud: an aggregate expression object must hold exactly one "$" operator (${where}: ${keys.join(', ')})`);
      }
      return operatorExpression(operators[0].slice(1), value[operators[0]], where);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = toMongoExpression(value[key], where);
    return out;
  }
  throw new Error(`local cloud: a value of type ${describeType(value)} cannot be used in aggregate ${where}`);
}

function operatorExpression(name: string, operand: unknown, where: string): Record<string, unknown> {
  if (!EXPRESSION_OPERATORS.has(name)) throw notSupported(`aggregate operator $${name}`);
  if (name === 'literal') return { $literal: copyStored(operand) };
  return { [`$${name}`]: toMongoExpression(operand, where) };
}

/** The accumulator of a group field: `$.sum(x)` or `{ $sum: x }`. */
function accumulator(value: unknown, field: string): Record<string, unknown> {
  let name: string | undefined;
  let operand: unknown;
  if (isAggregateCommand(value)) {
    name = mongoName(value.operator);
    operand = value.operand;
  } else if (isPlainRecord(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    if (keys.length === 1 && keys[0].startsWith('$')) {
      name = keys[0].slice(1);
      operand = value[keys[0]];
    }
  }
  const where = `group field "${field}"`;
  if (name !== undefined && !EXPRESSION_OPERATORS.has(name)) throw notSupported(`aggregate operator $${name}`);
  if (name === undefined || !ACCUMULATORS.has(name)) {
    throw new Error(
      `local cloud: aggregate ${where} must be an accumulator ($.sum, $.avg, $.min, $.max, $.first, $.last, ` +
        `$.push, $.addToSet), got ${name === undefined ? describeType(value) : `$${name}`}`,
    );
  }
  return { [`$${name}`]: toMongoExpression(operand, where) };
}

// ---------------------------------------------------------------------------------------------------------------
// Stages

function specOf(stage: string, spec: unknown, example: string): Record<string, unknown> {
  if (!isPlainRecord(spec)) throw new Error(`local cloud: aggregate ${stage}() needs an object such as ${example}`);
  const keys = Object.keys(spec).filter((key) => spec[key] !== undefined);
  if (keys.length === 0) throw new Error(`local cloud: aggregate ${stage}() needs a non-empty object such as ${example}`);
  return Object.fromEntries(keys.map((key) => [key, spec[key]]));
}

function checkOutputField(stage: string, field: string): void {
  if (field === '' || field.startsWith('$')) {
    throw new Error(`local cloud: aggregate ${stage}() field names cannot be empty or start with "$" ("${field}")`);
  }
}

function checkInteger(stage: string, value: unknown, minimum: 0 | 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new Error(`local cloud: aggregate ${stage}() needs ${minimum === 0 ? 'a non-negative' : 'a positive'} integer`);
  }
  return value;
}

/** `match(cond)`: `filter` is the translated where()-condition. */
export function matchStage(filter: NedbQuery): AggregateStage {
  return { name: 'match', filter };
}

/** `group({ _id: <expression | null>, field: <accumulator>, ... })`. */
export function groupStage(spec: unknown): AggregateStage {
  const fields = specOf('group', spec, "{ _id: '$status', n: $.sum(1) }");
  if (!Object.prototype.hasOwnProperty.call(fields, '_id')) {
    throw new Error("local cloud: aggregate group() needs an _id (an expression such as '$status', or null for one group)");
  }
  const group: Record<string, unknown> = { _id: toMongoExpression(fields._id, 'group _id') };
  for (const [field, value] of Object.entries(fields)) {
    if (field === '_id') continue;
    checkOutputField('group', field);
    if (field.includes('.')) throw new Error(`local cloud: aggregate group() field names cannot contain "." ("${field}")`);
    group[field] = accumulator(value, field);
  }
  return { name: 'group', mongo: [{ $group: group }] };
}

/** The fields of a `project` or `addFields` stage, each value translated as an expression. */
function expressionFields(stage: 'project' | 'addFields', spec: unknown, example: string): Record<string, unknown> {
  const fields = specOf(stage, spec, example);
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    checkOutputField(stage, field);
    out[field] = toMongoExpression(value, `${stage} field "${field}"`);
  }
  return out;
}

/** `project({ kept: 1 | true, dropped: 0 | false, computed: <expression> })`. */
export function projectStage(spec: unknown): AggregateStage {
  return { name: 'project', mongo: [{ $project: expressionFields('project', spec, "{ title: 1, days: $.divide(['$ms', 86400000]) }") }] };
}

/** `addFields({ field: <expression> })`. */
export function addFieldsStage(spec: unknown): AggregateStage {
  return { name: 'addFields', mongo: [{ $addFields: expressionFields('addFields', spec, "{ total: $.add(['$a', '$b']) }") }] };
}

/** `sort({ field: 1 | -1 })`, keys in priority order. */
export function sortStage(spec: unknown): AggregateStage {
  const fields = specOf('sort', spec, '{ createdAt: -1 }');
  for (const [field, order] of Object.entries(fields)) {
    checkOutputField('sort', field);
    if (order !== 1 && order !== -1) throw new Error(`local cloud: aggregate sort() order must be 1 or -1 (field "${field}")`);
  }
  return { name: 'sort', mongo: [{ $sort: fields }] };
}

/** `skip(n)`. */
export function skipStage(count: unknown): AggregateStage {
  return { name: 'skip', mongo: [{ $skip: checkInteger('skip', count, 0) }] };
}

/** `limit(n)`, n ≥ 1. */
export function limitStage(count: unknown): AggregateStage {
  return { name: 'limit', mongo: [{ $limit: checkInteger('limit', count, 1) }] };
}

/**
 * `count('fieldName')`: one document `{ fieldName: <number of input documents> }`.
 * NOTE: run as the `$group` + `$project` pair MongoDB documents `$count` to be equivalent to, so that no input gives
 * NO document, as in MongoDB (mingo's own `$count` returns `{ fieldName: 0 }`).
 */
export function countStage(field: unknown): AggregateStage {
  if (typeof field !== 'string' || field === '' || field.startsWith('$') || field.includes('.')) {
    throw new Error('local cloud: aggregate count() needs a field name (not empty, no leading "$", no ".")');
  }
  return { name: 'count', mongo: [{ $group: { _id: null, [field]: { $sum: 1 } } }, { $project: { _id: 0, [field]: 1 } }] };
}

/** `unwind('$path')` or `unwind({ path, includeArrayIndex?, preserveNullAndEmptyArrays? })`. */
export function unwindStage(spec: unknown): AggregateStage {
  const check = (path: unknown): string => {
    if (typeof path !== 'string' || path.length < 2 || !path.startsWith('$') || path.startsWith('$$')) {
      throw new Error('local cloud: aggregate unwind() needs a field path starting with "$", e.g. \'$tags\'');
    }
    return path;
  };
  if (typeof spec === 'string') return { name: 'unwind', mongo: [{ $unwind: check(spec) }] };
  if (!isPlainRecord(spec)) throw new Error("local cloud: aggregate unwind() needs '$path' or { path: '$path' }");
  const unwind: Record<string, unknown> = { path: check(spec.path) };
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'path' || value === undefined) continue;
    if (key === 'includeArrayIndex') {
      if (typeof value !== 'string' || value === '' || value.startsWith('$')) {
        throw new Error('local cloud: aggregate unwind() includeArrayIndex must be a field name');
      }
      unwind[key] = value;
    } else if (key === 'preserveNullAndEmptyArrays') {
      if (typeof value !== 'boolean') throw new Error('local cloud: aggregate unwind() preserveNullAndEmptyArrays must be a boolean');
      unwind[key] = value;
    } else {
      throw notSupported(`aggregate unwind() option "${key}"`);
    }
  }
  return { name: 'unwind', mongo: [{ $unwind: unwind }] };
}

/**
 * `sample({ size })`: `size` distinct documents picked at random (all of them, shuffled, if there are fewer).
 * NOTE: sampled here, not by mingo, whose `$sample` picks with replacement (duplicates); MongoDB only does that
 * in its pseudo-random cursor mode (large collections), never for the small sets a local run has.
 */
export function sampleStage(spec: unknown): AggregateStage {
  if (!isPlainRecord(spec)) throw new Error('local cloud: aggregate sample() needs { size: n }');
  return { name: 'sample', size: checkInteger('sample', spec.size, 1) };
}

function sample<T>(items: readonly T[], size: number): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(size, pool.length); i += 1) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size);
}

// ---------------------------------------------------------------------------------------------------------------
// Running

const RANGE_OPERATORS = ['$lt', '$lte', '$gt', '$gte'] as const;

/**
 * A translated (nedb) query in MongoDB form for mingo:
 * - nedb's clause-level `{ $not: q }` is `{ $nor: [q] }`;
 * - the `$ne: null` translate.ts adds beside a range operator is dropped: it only undoes nedb's null-to-0 coercion,
 *   and mingo brackets types like MongoDB (null never satisfies a range) — while MongoDB's `$ne: null` would also
 *   wrongly reject an array field holding a null next to an element in range.
 */
export function toMingoQuery(query: NedbQuery): NedbQuery {
  const out: NedbQuery = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' || key === '$or') out[key] = (value as NedbQuery[]).map(toMingoQuery);
    else if (key === '$not') out.$nor = [toMingoQuery(value as NedbQuery)];
    else out[key] = isPlainRecord(value) ? withoutRangeNullGuard(value) : value;
  }
  return out;
}

function withoutRangeNullGuard(condition: Record<string, unknown>): Record<string, unknown> {
  const ranges = RANGE_OPERATORS.filter((operator) => Object.prototype.hasOwnProperty.call(condition, operator));
  if (condition.$ne !== null || ranges.length === 0 || ranges.some((operator) => condition[operator] === null)) return condition;
  const { $ne: _guard, ...rest } = condition;
  return rest;
}

/** A result value as the SDK would deliver it (JSON-like): a copy, undefined fields dropped, undefined items null. */
function toResultValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (isDate(value)) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(toResultValue);
  if (typeof value === 'object' && value !== null && !isRegExp(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toResultValue(item);
    return out;
  }
  return value;
}

function runMingo(documents: AggregateDocument[], pipeline: readonly MongoStage[]): AggregateDocument[] {
  if (pipeline.length === 0) return documents;
  try {
    return new Aggregator([...pipeline], MINGO_OPTIONS).run(documents);
  } catch (error: unknown) {
    throw requestFailed(`local cloud: aggregate failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs `stages` over copies of `documents` (every match here runs in mingo: see runAggregate for the leading one). */
export function runPipeline(
  documents: readonly StoredDocument[],
  stages: readonly AggregateStage[],
  at: number,
  opts: { fresh?: boolean } = {},
): AggregateDocument[] {
  // NOTE: mingo builds new objects for its outputs and never mutates its inputs; documents straight from the
  // store's find are already private copies, so they need no second copy (results are copied by toResultValue).
  let current: AggregateDocument[] = opts.fresh ? (documents as unknown as AggregateDocument[]) : documents.map(copyStored);
  let pending: MongoStage[] = [];
  for (const stage of stages) {
    if (stage.name === 'sample') {
      current = sample(runMingo(current, pending), stage.size);
      pending = [];
    } else if (stage.name === 'match') {
      pending.push({ $match: toMingoQuery(resolveServerDates(stage.filter, at)) });
    } else {
      pending.push(...stage.mongo);
    }
  }
  return runMingo(current, pending).map((document) => toResultValue(document) as AggregateDocument);
}

/**
 * The whole aggregation inside one database operation: a leading match is the store's find (nedb query, indexes
 * apply), the remaining stages run in mingo. Returns every result (the caller applies the SDK's result cap).
 */
export async function runAggregate(collection: CollectionHandle, stages: readonly AggregateStage[], at: number): Promise<AggregateDocument[]> {
  const [first, ...rest] = stages;
  const leading = first?.name === 'match' ? first : undefined;
  const documents = await collection.find(resolveServerDates(leading?.filter ?? {}, at));
  return runPipeline(documents, leading ? rest : stages, at, { fresh: true });
}
