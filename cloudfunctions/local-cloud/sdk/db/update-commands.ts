/** Update markers: `_.set(v)`, `_.remove()`, `_.inc(n)`, `_.push(...)`, and `db.serverDate()`, resolved when the write (or query) runs. */
import { notSupported } from './errors';
import { MARKER_KIND, markerKind, type MarkerKind } from './markers';

/** Update operators we implement (`_.set(v)`, `_.remove()`, `_.inc(n)`, `_.push(v | [v])`). */
export type UpdateOperator = 'set' | 'remove' | 'inc' | 'push';

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

/** The values `_.push(...)` appends: `_.push(v)`, `_.push(a, b)`, `_.push([a, b])` or `_.push({ each: [a, b] })`. */
export function pushValues(args: readonly unknown[]): unknown[] {
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
