/** Query markers: `_.eq(1)`-style comparisons on a field and the `_.and(...)` / `_.or(...)` logic that combines conditions. */
import { notSupported } from './errors';
import { MARKER_KIND, type MarkerKind } from './markers';

/** Comparison operators we implement (`_.eq(1)` ...). */
export type QueryOperator = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'nin' | 'exists';
/** Logic operators we implement (`_.and(...)`, `_.or(...)`, `_.gt(1).and(...)`). */
export type LogicOperator = 'and' | 'or';

/** An operand of `_.and()` / `_.or()`: a command, or (top level only) a plain query object. */
export type LogicOperand = LogicCommand | QueryCommand | { readonly [field: string]: unknown };

/** Accepts both call styles of the SDK: `_.or(a, b)` and `_.or([a, b])`. */
export type LogicArgs = LogicOperand[] | [readonly LogicOperand[]];

/** The operands of `_.and(a, b)` or `_.and([a, b])` as one list. */
export function operandList(args: LogicArgs): LogicOperand[] {
  const first = args[0];
  if (args.length === 1 && Array.isArray(first)) return [...(first as readonly LogicOperand[])];
  return [...(args as LogicOperand[])];
}

/** Field-level chaining shared by query and logic commands. */
abstract class ConditionCommand {
  /** `cond.and(other, ...)` — all must hold (same field when used as a field value). */
  and(this: LogicCommand | QueryCommand, ...expressions: LogicArgs): LogicCommand {
    return new LogicCommand('and', [this, ...operandList(expressions)]);
  }

  /** `cond.or(other, ...)` — any may hold. */
  or(this: LogicCommand | QueryCommand, ...expressions: LogicArgs): LogicCommand {
    return new LogicCommand('or', [this, ...operandList(expressions)]);
  }

  /** Not implemented locally. */
  nor(..._expressions: unknown[]): never {
    throw notSupported('db.command.nor');
  }

  /** Not implemented locally. */
  not(..._expressions: unknown[]): never {
    throw notSupported('db.command.not');
  }
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
