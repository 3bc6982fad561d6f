/**
 * `db.command` (usually `const _ = db.command`) and `db.serverDate()`: inert marker objects that describe a query
 * condition or an update, exactly as wx-server-sdk's are. They do nothing by themselves; `translate.ts` reads them.
 * Parts: markers.ts (the brand and its checks), query-commands.ts, update-commands.ts, aggregate-commands.ts.
 *
 * NOTE: markers are recognised by a `Symbol.for` brand, not by `instanceof`, so a marker made by a second copy of
 * this module (e.g. a bundled cloud function that resolved its own copy) is still understood — and is never
 * mistaken for a plain nested object, which would silently turn a condition into a path-equality match.
 */
import { notSupported } from './errors';
import { createAggregateCommands, type AggregateCommands } from './aggregate-commands';
import { unsupported, type Unsupported } from './markers';
import { LogicCommand, operandList, QueryCommand, type LogicArgs } from './query-commands';
import { pushValues, UpdateCommand } from './update-commands';

export {
  AggregateCommand,
  createAggregateCommands,
  SUPPORTED_AGGREGATE_OPERATORS,
  UNSUPPORTED_AGGREGATE_OPERATORS,
  type AggregateCommands,
  type SupportedAggregateOperator,
  type UnsupportedAggregateOperator,
} from './aggregate-commands';
export {
  isAggregateCommand,
  isLogicCommand,
  isQueryCommand,
  isServerDate,
  isUpdateCommand,
  MARKER_KIND,
  markerKind,
  type MarkerKind,
  type Unsupported,
} from './markers';
export { LogicCommand, QueryCommand, type LogicOperand, type LogicOperator, type QueryOperator } from './query-commands';
export { ServerDate, UpdateCommand, type UpdateOperator } from './update-commands';

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

    nor: unsupported('db.command.nor'),
    not: unsupported('db.command.not'),
    mod: unsupported('db.command.mod'),
    all: unsupported('db.command.all'),
    elemMatch: unsupported('db.command.elemMatch'),
    size: unsupported('db.command.size'),
    geoNear: unsupported('db.command.geoNear'),
    geoWithin: unsupported('db.command.geoWithin'),
    geoIntersects: unsupported('db.command.geoIntersects'),
    expr: unsupported('db.command.expr'),
    mul: unsupported('db.command.mul'),
    min: unsupported('db.command.min'),
    max: unsupported('db.command.max'),
    rename: unsupported('db.command.rename'),
    bit: unsupported('db.command.bit'),
    pop: unsupported('db.command.pop'),
    shift: unsupported('db.command.shift'),
    unshift: unsupported('db.command.unshift'),
    addToSet: unsupported('db.command.addToSet'),
    pull: unsupported('db.command.pull'),
    pullAll: unsupported('db.command.pullAll'),
    aggregate: createAggregateCommands(),
    get project(): never {
      throw notSupported('db.command.project');
    },
  };
  // Non-enumerable, so that spreading or printing `_` does not trip the throwing getters.
  for (const group of ['aggregate', 'project']) Object.defineProperty(command, group, { enumerable: false });
  return command;
}
