/**
 * Errors of the local cloud database, shaped like wx-server-sdk 4.x's.
 *
 * wx-server-sdk turns every failure into a plain `Error` carrying `errCode` and `errMsg` (=== message), with the
 * message prefixed by `<apiName>:fail ` (its `toSDKError`). A failure reported by the database service reads
 * `<apiName>:fail <errCode> <code text>. <service message>`; anything else (a thrown string or Error) reads
 * `<apiName>:fail <text>` with errCode -1. We reproduce those formats so callers can match on them.
 */

/** The error codes the local database can produce (numbers from wx-server-sdk's error config). */
export const DB_ERR = {
  /** Generic SDK error (thrown strings/Errors, e.g. "document with _id x does not exist"). */
  UNKNOWN: -1,
  /** Cloud system error. */
  SYS_ERR: -501001,
  /** Bad parameters (e.g. updating `_id`). */
  INVALID_PARAM: -501007,
  /** The database rejected the request (e.g. duplicate `_id`, conflicting update paths). */
  DATABASE_REQUEST_FAILED: -502001,
  /** Invalid command (also used for "collection already exists"). */
  DATABASE_INVALID_COMMAND: -502002,
  /** The collection was never created. */
  DATABASE_COLLECTION_NOT_EXIST: -502005,
} as const;

/** Human text wx-server-sdk prints after the numeric code. */
const ERR_CODE_TEXT: Readonly<Record<number, string>> = {
  [DB_ERR.UNKNOWN]: 'unknown error',
  [DB_ERR.SYS_ERR]: 'resource system error',
  [DB_ERR.INVALID_PARAM]: 'invalid parameters',
  [DB_ERR.DATABASE_REQUEST_FAILED]: 'database request fail',
  [DB_ERR.DATABASE_INVALID_COMMAND]: 'database invalid command',
  [DB_ERR.DATABASE_COLLECTION_NOT_EXIST]: 'database collection not exists',
};

/** The Error every rejected database call settles with: `errCode` + `errMsg` like wx-server-sdk's. */
export class CloudDatabaseError extends Error {
  /** Numeric WeChat Cloud error code (see DB_ERR); -1 for generic failures. */
  readonly errCode: number;
  /** Same text as `message` (wx-server-sdk sets both). */
  readonly errMsg: string;

  constructor(message: string, errCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.errCode = errCode;
    this.errMsg = message;
  }
}

/**
 * A failure reported by the (emulated) database service, before the SDK formats it.
 * Throw it inside an operation; `toSdkError` gives it the `<api>:fail <code> <text>. <msg>` shape.
 */
export class ServiceFailure extends Error {
  /** Numeric WeChat Cloud error code. */
  readonly errCode: number;

  constructor(errCode: number, serviceMessage: string) {
    super(serviceMessage);
    this.name = 'ServiceFailure';
    this.errCode = errCode;
  }
}

/** Turns anything thrown inside an operation into the error wx-server-sdk would reject with for `apiName`. */
export function toSdkError(thrown: unknown, apiName: string): CloudDatabaseError {
  if (thrown instanceof CloudDatabaseError) return thrown;
  const prefix = `${apiName}:fail `;
  if (thrown instanceof ServiceFailure) {
    const text = ERR_CODE_TEXT[thrown.errCode] ?? '';
    return new CloudDatabaseError(`${prefix}${thrown.errCode} ${text}. ${thrown.message}`, thrown.errCode, {
      cause: thrown,
    });
  }
  if (thrown instanceof Error) return new CloudDatabaseError(`${prefix}${thrown.message}`, DB_ERR.UNKNOWN, { cause: thrown });
  if (typeof thrown === 'string') return new CloudDatabaseError(`${prefix}${thrown}`, DB_ERR.UNKNOWN);
  return new CloudDatabaseError(`${apiName}:fail`, DB_ERR.UNKNOWN, { cause: thrown });
}

/** The failure WeChat Cloud reports for a collection that was never created (-502005). */
export function collectionNotExists(collectionName: string): ServiceFailure {
  return new ServiceFailure(
    DB_ERR.DATABASE_COLLECTION_NOT_EXIST,
    '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, ' +
      `contact us. (local cloud: collection "${collectionName}")`,
  );
}

/** The failure for `createCollection` on a name that already exists (-502002). */
export function collectionAlreadyExists(collectionName: string): ServiceFailure {
  return new ServiceFailure(DB_ERR.DATABASE_INVALID_COMMAND, `collection already exists (local cloud: collection "${collectionName}")`);
}

/** A bad-parameter failure (-501007), e.g. '不能更新_id的值'. */
export function invalidParam(message: string): ServiceFailure {
  return new ServiceFailure(DB_ERR.INVALID_PARAM, message);
}

/** A failure the database itself would report (-502001), e.g. a duplicate `_id`. */
export function requestFailed(message: string): ServiceFailure {
  return new ServiceFailure(DB_ERR.DATABASE_REQUEST_FAILED, message);
}

/** The synchronous error for a `db.command` operator (or other SDK feature) this emulator does not implement. */
export function notSupported(feature: string): Error {
  return new Error(`local cloud: ${feature} is not supported yet`);
}
