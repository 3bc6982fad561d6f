/**
 * `db.command` (usually `const _ = db.command`) and `db.serverDate()`: inert marker objects that describe a query
 * condition or an update, exactly as wx-server-sdk's are. They do nothing by themselves; `translate.ts` reads them.
 *
 * NOTE: markers are recognised by a `Symbol.for` brand, not by `instanceof`, so a marker made by a second copy of
 * this module (e.g. a bundled cloud function that resolved its own copy) is still understood — and is never
 * mistaken for a plain nested object, which would silently turn a condition into a path-equality match.
 */
import { notSupported } from './errors';

/** Comparison operators we implement (`_.eq(1)` ...). */
export type QueryOperator = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'nin' | 'exists';
/** Logic operators we implement (`_.and(...)`, `_.or(...)`, `_.gt(1).and(...)`). */
export type LogicOperator = 'and' | 'or';
/** Update operators we implement (`_.set(v)`, `_.remove()`, `_.inc(n)`, `_.push(v | [v])`). */
export type UpdateOperator = 'set' | 'remove' | 'inc' | 'push';

/** What a branded marker is. */
export type MarkerKind = 'query' | 'logic' | 'update' | 'serverDate' | 'aggregate';

/** Brand shared by every copy of this module. */
export const MARKER_KIND: unique symbol = Symbol.for('golden-key/local-cloud/db-marker');

/** An operand of `_.and()` / `_.or()`: a command, or (top level only) a plain query object. */
export type LogicOperand = LogicCommand | QueryCommand | { readonly [field: string]: unknown };

/** Accepts both call styles of the SDK: `_.or(a, b)` and `_.or([a, b])`. */
type LogicArgs = LogicOperand[] | [readonly LogicOperand[]];

function operandList(args: LogicArgs): LogicOperand[] {
  const first = args[0];
  if (args.length === 1 && Array.isArray(first)) return [...(first as readonly LogicOperand[])];
  return [...(args as LogicOperand[])];
}

/** Field-level chaining shared by query and logic commands. */
abstract class ConditionCommand {
  /** `cond.and(other, ...)` — all must hold (same field when used as a field value). */
  and(...expressions: LogicArgs): LogicCommand {
    return new LogicCommand('and', [this.asOperand(), ...operandList(expressions)]);
  }

  /** `cond.or(other, ...)` — any may hold. */
  or(...expressions: LogicArgs): LogicCommand {
    return new LogicCommand('or', [this.asOperand(), ...operandList(expressions)]);
  }

  /** Not implemented locally. */
  nor(..._expressions: unknown[]): never {
    throw notSupported('db.command.nor');
  }

  /** Not implemented locally. */
  not(..._expressions: unknown[]): never {
    throw notSupported('db.command.not');
  }

  protected abstract asOperand(): LogicCommand | QueryCommand;
}

/** `_.and(...)` / `_.or(...)`: combines conditions (whole query objects at top level, commands on a field). */
export class LogicCommand extends ConditionCommand {
  /** 'and' or 'or'. */
  readonly operator: LogicOperator;
  /** The combined conditions, in call order. */
  readonly operands: readonly LogicOperand[];

  constructor(operator: LogicOperator, operands: readonly LogicOperand[]) {
    super();
    this.operator = operator;
    this.operands = operands;
  }

  get [MARKER_KIND](): MarkerKind {
    return 'logic';
  }

  protected asOperand(): LogicCommand {
    return this;
  }
}

/** `_.gt(1)` etc.: a condition on the field it is the value of. */
export class QueryCommand extends ConditionCommand {
  /** Which comparison. */
  readonly operator: QueryOperator;
  /** The compared value (the list for `in`/`nin`, the flag for `exists`). */
  readonly operand: unknown;

  constructor(operator: QueryOperator, operand: unknown) {
    super();
    this.operator = operator;
    this.operand = operand;
  }

  get [MARKER_KIND](): MarkerKind {
    return 'query';
  }

  protected asOperand(): QueryCommand {
    return this;
  }

  /** `_.gt(1).eq(2)` = `_.gt(1).and(_.eq(2))`, as in the SDK. */
  eq(value: unknown): LogicCommand {
    return this.and(new QueryCommand('eq', value));
  }
  /** Chained `neq`. */
  neq(value: unknown): LogicCommand {
    return this.and(new QueryCommand('neq', value));
  }
  /** Chained `lt`. */
  lt(value: unknown): LogicCommand {
    return this.and(new QueryCommand('lt', value));
  }
  /** Chained `lte`. */
  lte(value: unknown): LogicCommand {
    return this.and(new QueryCommand('lte', value));
  }
  /** Chained `gt`. */
  gt(value: unknown): LogicCommand {
    return this.and(new QueryCommand('gt', value));
  }
  /** Chained `gte`. */
  gte(value: unknown): LogicCommand {
    return this.and(new QueryCommand('gte', value));
  }
  /** Chained `in`. */
  in(values: readonly unknown[]): LogicCommand {
    return this.and(new QueryCommand('in', values));
  }
  /** Chained `nin`. */
  nin(values: readonly unknown[]): LogicCommand {
    return this.and(new QueryCommand('nin', values));
  }
  /** Chained `exists`. */
  exists(flag: boolean): LogicCommand {
    return this.and(new QueryCommand('exists', flag));
  }
  /** Not implemented locally. */
  mod(..._args: unknown[]): never {
    throw notSupported('db.command.mod');
  }
  /** Not implemented locally. */
  all(..._args: unknown[]): never {
    throw notSupported('db.command.all');
  }
  /** Not implemented locally. */
  elemMatch(..._args: unknown[]): never {
    throw notSupported('db.command.elemMatch');
  }
  /** Not implemented locally. */
  size(..._args: unknown[]): never {
    throw notSupported('db.command.size');
  }
  /** Not implemented locally. */
  geoNear(..._args: unknown[]): never {
    throw notSupported('db.command.geoNear');
  }
  /** Not implemented locally. */
  geoWithin(..._args: unknown[]): never {
    throw notSupported('db.command.geoWithin');
  }
  /** Not implemented locally. */
  geoIntersects(..._args: unknown[]): never {
    throw notSupported('db.command.geoIntersects');
  }
}

/** `_.set(v)` / `_.remove()` / `_.inc(n)` / `_.push(...)`: an update of the field it is the value of. */
export class UpdateCommand {
  /** Which update. */
  readonly operator: UpdateOperator;
  /** `[value]` for set, `[]` for remove, `[n]` for inc, the appended values for push. */
  readonly operands: readonly unknown[];

  constructor(operator: UpdateOperator, operands: readonly unknown[]) {
    this.operator = operator;
    this.operands = operands;
  }

  get [MARKER_KIND](): MarkerKind {
    return 'update';
  }
}

/** `db.serverDate({ offset })`: becomes `new Date(now() + offset)` when the write (or query) executes. */
export class ServerDate {
  /** Milliseconds added to the server time. */
  readonly options: { readonly offset: number };

  constructor(options?: { offset?: number }) {
    const offset = options?.offset ?? 0;
    if (typeof offset !== 'number' || !Number.isFinite(offset)) {
      throw new Error('local cloud: db.serverDate({ offset }) needs a finite number of milliseconds');
    }
    this.options = { offset };
  }

  get [MARKER_KIND](): MarkerKind {
    return 'serverDate';
  }
}

/**
 * `$.sum('$n')` etc. (`const $ = db.command.aggregate`): an aggregation expression operator. Inert like the other
 * markers; `db/aggregate.ts` turns it into the MongoDB expression `{ $sum: '$n' }` (`$.neq` → `$ne`).
 */
export class AggregateCommand {
  /** WeChat's operator name (`sum`, `neq`, `dateToString`, ...). */
  readonly operator: SupportedAggregateOperator;
  /** The argument as given (a value, a `'$field'` path, an array of arguments or an options object). */
  readonly operand: unknown;

  constructor(operator: SupportedAggregateOperator, operand: unknown) {
    this.operator = operator;
    this.operand = operand;
  }

  get [MARKER_KIND](): MarkerKind {
    return 'aggregate';
  }
}

/**
 * `db.command.aggregate` operators implemented locally (evaluated by mingo). Group accumulators are the first eight.
 * NOTE: `trunc` is left out on purpose: mingo only accepts its two-argument form, MongoDB also the one-argument one.
 */
export const SUPPORTED_AGGREGATE_OPERATORS = [
  // accumulators ($group), sum/avg/min/max also work as expressions
  'sum',
  'avg',
  'min',
  'max',
  'first',
  'last',
  'push',
  'addToSet',
  // conditional
  'cond',
  'ifNull',
  'switch',
  // comparison
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'cmp',
  // boolean
  'and',
  'or',
  'not',
  // arrays
  'in',
  'size',
  'arrayElemAt',
  // arithmetic
  'add',
  'subtract',
  'multiply',
  'divide',
  'mod',
  'abs',
  'ceil',
  'floor',
  // strings
  'concat',
  'toLower',
  'toUpper',
  // dates (UTC unless `{ date, timezone }` is given, as in MongoDB)
  'dateToString',
  'year',
  'month',
  'dayOfMonth',
  'dayOfWeek',
  'hour',
  'minute',
  'second',
  'millisecond',
  // literal
  'literal',
] as const;

/** A `db.command.aggregate` operator this emulator implements. */
export type SupportedAggregateOperator = (typeof SUPPORTED_AGGREGATE_OPERATORS)[number];

/** The rest of wx-server-sdk's `db.command.aggregate` operators: calling them throws "not supported yet". */
export const UNSUPPORTED_AGGREGATE_OPERATORS = [
  'exp',
  'ln',
  'log',
  'log10',
  'pow',
  'sqrt',
  'trunc',
  'arrayToObject',
  'concatArrays',
  'filter',
  'indexOfArray',
  'isArray',
  'map',
  'range',
  'reduce',
  'reverseArray',
  'slice',
  'zip',
  'dateFromParts',
  'dateFromString',
  'dayOfYear',
  'isoDayOfWeek',
  'isoWeek',
  'isoWeekYear',
  'week',
  'mergeObjects',
  'objectToArray',
  'allElementsTrue',
  'anyElementTrue',
  'setDifference',
  'setEquals',
  'setIntersection',
  'setIsSubset',
  'setUnion',
  'indexOfBytes',
  'indexOfCP',
  'split',
  'strLenBytes',
  'strLenCP',
  'strcasecmp',
  'substr',
  'substrBytes',
  'substrCP',
  'meta',
  'stdDevPop',
  'stdDevSamp',
  'let',
  'pipeline',
] as const;

/** A `db.command.aggregate` operator of wx-server-sdk that this emulator does not implement. */
export type UnsupportedAggregateOperator = (typeof UNSUPPORTED_AGGREGATE_OPERATORS)[number];

/** The shape of `db.command.aggregate` (usually `const $ = db.command.aggregate`). */
export type AggregateCommands = {
  readonly [K in SupportedAggregateOperator]: (operand: unknown) => AggregateCommand;
} & {
  readonly [K in UnsupportedAggregateOperator]: Unsupported;
};

/** Builds `db.command.aggregate`. */
export function createAggregateCommands(): AggregateCommands {
  const commands: Record<string, unknown> = {};
  for (const name of SUPPORTED_AGGREGATE_OPERATORS) {
    commands[name] = (operand: unknown): AggregateCommand => new AggregateCommand(name, operand);
  }
  for (const name of UNSUPPORTED_AGGREGATE_OPERATORS) {
    commands[name] = (): never => {
      throw notSupported(`aggregate operator $${name}`);
    };
  }
  return Object.freeze(commands) as AggregateCommands;
}

/** Returns which marker `value` is, or undefined for ordinary data. */
export function markerKind(value: unknown): MarkerKind | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind: unknown = Reflect.get(value, MARKER_KIND);
  return kind === 'query' || kind === 'logic' || kind === 'update' || kind === 'serverDate' || kind === 'aggregate' ? kind : undefined;
}

/** True for `_.gt(1)`-style commands. */
export function isQueryCommand(value: unknown): value is QueryCommand {
  return markerKind(value) === 'query';
}

/** True for `_.and(...)` / `_.or(...)` / chained commands. */
export function isLogicCommand(value: unknown): value is LogicCommand {
  return markerKind(value) === 'logic';
}

/** True for `_.set(...)`-style update commands. */
export function isUpdateCommand(value: unknown): value is UpdateCommand {
  return markerKind(value) === 'update';
}

/** True for `$.sum(...)`-style aggregation expression operators (`$ = db.command.aggregate`). */
export function isAggregateCommand(value: unknown): value is AggregateCommand {
  return markerKind(value) === 'aggregate';
}

/** True for `db.serverDate()` markers. */
export function isServerDate(value: unknown): value is ServerDate {
  return markerKind(value) === 'serverDate';
}

/** A `db.command` member this emulator does not implement: always throws. */
export type Unsupported = (...args: unknown[]) => never;

/** The shape of `db.command`. Implemented members are typed; the rest throw "not supported yet". */
export interface DatabaseCommand {
  /** Field equals value (objects: whole-object equality). */
  eq(value: unknown): QueryCommand;
  /** Field differs from value (also matches a missing field). */
  neq(value: unknown): QueryCommand;
  /** Field < value. */
  lt(value: unknown): QueryCommand;
  /** Field <= value. */
  lte(value: unknown): QueryCommand;
  /** Field > value. */
  gt(value: unknown): QueryCommand;
  /** Field >= value. */
  gte(value: unknown): QueryCommand;
  /** Field equals one of values. */
  in(values: readonly unknown[]): QueryCommand;
  /** Field equals none of values. */
  nin(values: readonly unknown[]): QueryCommand;
  /** Field is present (true) / absent (false). */
  exists(flag: boolean): QueryCommand;
  /** All conditions hold: `_.and(a, b)` or `_.and([a, b])`. */
  and(...expressions: LogicArgs): LogicCommand;
  /** Any condition holds: `_.or(a, b)` or `_.or([a, b])`. */
  or(...expressions: LogicArgs): LogicCommand;
  /** Replace the whole field with value (no nested merge). */
  set(value: unknown): UpdateCommand;
  /** Delete the field. */
  remove(): UpdateCommand;
  /** Add n to the (numeric or missing) field. */
  inc(amount: number): UpdateCommand;
  /** Append to an array field: `_.push(v)`, `_.push(a, b)`, `_.push([a, b])`, `_.push({ each: [a, b] })`. */
  push(...values: unknown[]): UpdateCommand;

  nor: Unsupported;
  not: Unsupported;
  mod: Unsupported;
  all: Unsupported;
  elemMatch: Unsupported;
  size: Unsupported;
  geoNear: Unsupported;
  geoWithin: Unsupported;
  geoIntersects: Unsupported;
  expr: Unsupported;
  mul: Unsupported;
  min: Unsupported;
  max: Unsupported;
  rename: Unsupported;
  bit: Unsupported;
  pop: Unsupported;
  shift: Unsupported;
  unshift: Unsupported;
  addToSet: Unsupported;
  pull: Unsupported;
  pullAll: Unsupported;
  /** Aggregation expression operators (`const $ = db.command.aggregate`; `$.sum(1)`, `$.cond({ if, then, else })`). */
  readonly aggregate: AggregateCommands;
  /** Not implemented locally: reading it throws. */
  readonly project: never;
}

function unsupported(name: string): Unsupported {
  return () => {
    throw notSupported(`db.command.${name}`);
  };
}

function pushValues(args: readonly unknown[]): unknown[] {
  const first = args[0];
  if (args.length === 1 && Object.prototype.toString.call(first) === '[object Object]' && markerKind(first) === undefined) {
    const options = first as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(options, 'each')) {
      for (const modifier of ['position', 'sort', 'slice']) {
        if (options[modifier] !== undefined) throw notSupported(`db.command.push({ ${modifier} })`);
      }
      const each = options.each;
      if (!Array.isArray(each)) throw new Error('local cloud: db.command.push({ each }) needs an array');
      return [...each];
    }
  }
  if (args.length === 1 && Array.isArray(first)) return [...first];
  return [...args];
}

/** Builds a `db.command` object (stateless; one per database is fine). */
export function createCommand(): DatabaseCommand {
  const command: DatabaseCommand = {
    eq: (value) => new QueryCommand('eq', value),
    neq: (value) => new QueryCommand('neq', value),
    lt: (value) => new QueryCommand('lt', value),
    lte: (value) => new QueryCommand('lte', value),
    gt: (value) => new QueryCommand('gt', value),
    gte: (value) => new QueryCommand('gte', value),
    in: (values) => new QueryCommand('in', values),
    nin: (values) => new QueryCommand('nin', values),
    exists: (flag) => new QueryCommand('exists', flag),
    and: (...expressions) => new LogicCommand('and', operandList(expressions)),
    or: (...expressions) => new LogicCommand('or', operandList(expressions)),
    set: (value) => new UpdateCommand('set', [value]),
    remove: () => new UpdateCommand('remove', []),
    inc: (amount) => new UpdateCommand('inc', [amount]),
    push: (...values) => new UpdateCommand('push', pushValues(values)),

    nor: unsupported('nor'),
    not: unsupported('not'),
    mod: unsupported('mod'),
    all: unsupported('all'),
    elemMatch: unsupported('elemMatch'),
    size: unsupported('size'),
    geoNear: unsupported('geoNear'),
    geoWithin: unsupported('geoWithin'),
    geoIntersects: unsupported('geoIntersects'),
    expr: unsupported('expr'),
    mul: unsupported('mul'),
    min: unsupported('min'),
    max: unsupported('max'),
    rename: unsupported('rename'),
    bit: unsupported('bit'),
    pop: unsupported('pop'),
    shift: unsupported('shift'),
    unshift: unsupported('unshift'),
    addToSet: unsupported('addToSet'),
    pull: unsupported('pull'),
    pullAll: unsupported('pullAll'),
    aggregate: createAggregateCommands(),
    get project(): never {
      throw notSupported('db.command.project');
    },
  };
  // Non-enumerable, so that spreading or printing `_` does not trip the throwing getters.
  for (const group of ['aggregate', 'project']) Object.defineProperty(command, group, { enumerable: false });
  return command;
}
