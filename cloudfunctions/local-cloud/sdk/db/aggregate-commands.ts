/** `db.command.aggregate` (usually `const $ = db.command.aggregate`): the expression-operator markers and which operators are implemented. */
import { MARKER_KIND, unsupported, type MarkerKind, type Unsupported } from './markers';

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
    commands[name] = unsupported(`aggregate operator $${name}`);
  }
  return Object.freeze(commands) as AggregateCommands;
}
