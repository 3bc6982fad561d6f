/** The brand every `db.command`, `db.serverDate()` and `db.command.aggregate` marker carries, the checks that read it, and the throwing stand-in for what is not implemented. */
import { notSupported } from './errors';
import type { AggregateCommand } from './aggregate-commands';
import type { LogicCommand, QueryCommand } from './query-commands';
import type { ServerDate, UpdateCommand } from './update-commands';

/** What a branded marker is. */
export type MarkerKind = 'query' | 'logic' | 'update' | 'serverDate' | 'aggregate';

/** Brand shared by every copy of this module (a `Symbol.for` key: markers made by a second bundled copy still count). */
export const MARKER_KIND: unique symbol = Symbol.for('golden-key/local-cloud/db-marker');

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

/** A member that throws `local cloud: <feature> is not supported yet` whenever it is called. */
export function unsupported(feature: string): Unsupported {
  return () => {
    throw notSupported(feature);
  };
}
