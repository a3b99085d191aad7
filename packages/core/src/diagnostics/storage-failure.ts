/**
 * Why a storage call failed, as far as the storage (or core) could tell. Stable: monitoring may
 * count them and code may branch on them.
 *
 * - `schema_missing`: the tables are not there — the migrations have not run on this database.
 * - `unreachable`: no connection (refused, host not found, network down, database not found).
 * - `access_denied`: the database refused the credentials or the permission.
 * - `timeout`: the database did not answer in time.
 * - `unknown`: anything else (the cause tells more).
 */
export type StorageFailureCode = 'schema_missing' | 'unreachable' | 'access_denied' | 'timeout' | 'unknown';

/** Every {@link StorageFailureCode}, for validation and for tests. */
export const STORAGE_FAILURE_CODES: readonly StorageFailureCode[] = ['schema_missing', 'unreachable', 'access_denied', 'timeout', 'unknown'];

/**
 * What a storage throws to tell core why it failed: a {@link StorageFailureCode} and a message
 * meant for the operator (with the command that fixes it, when there is one). Core also
 * recognises an error of another copy of this class by its `name` and `code`, so a storage built
 * against another version of core is understood too. Anything else a storage throws is
 * classified by core as well as it can (network error codes), else `unknown`.
 *
 * The message must never contain a token or a digest.
 *
 * @example
 * ```ts
 * import { SessionStorageError } from '@authentify/core';
 *
 * async findSessionByAccessDigest(digest) {
 *   try {
 *     return await this.redis.get(`session:${digest}`);
 *   } catch (error) {
 *     throw new SessionStorageError('unreachable', 'Redis at REDIS_URL does not answer.', { cause: error });
 *   }
 * }
 * ```
 */
export class SessionStorageError extends Error {
  override readonly name = 'SessionStorageError';
  /** Why the call failed; see {@link StorageFailureCode}. */
  readonly code: StorageFailureCode;

  constructor(code: StorageFailureCode, message: string, details: { cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
  }
}

/** One storage failure, as given to `hooks.onStorageFailure`. */
export interface StorageFailureEvent {
  /** The storage method that failed, e.g. `findSessionByAccessDigest`. */
  readonly operation: string;
  readonly code: StorageFailureCode;
  /** For the operator: what failed and, when known, how to fix it. No token, no digest. */
  readonly message: string;
  /** What the storage threw. */
  readonly cause: unknown;
}

const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE', 'ENOENT']);

/**
 * Classifies what a storage threw. A {@link SessionStorageError} (of any copy of core) speaks for
 * itself; otherwise Node's network error codes (on the error, its `cause`, or the errors of an
 * `AggregateError`, as a driver that tried IPv4 and IPv6 throws) are recognised.
 */
export function classifyStorageFailure(error: unknown): { code: StorageFailureCode; message: string } {
  if (isSessionStorageError(error)) return { code: error.code, message: error.message };
  const message = describeError(error);
  const errno = findErrno(error, 0);
  if (errno === 'ETIMEDOUT') return { code: 'timeout', message };
  if (errno !== null && UNREACHABLE_ERRNOS.has(errno)) return { code: 'unreachable', message };
  return { code: 'unknown', message };
}

function isSessionStorageError(error: unknown): error is SessionStorageError {
  if (error instanceof SessionStorageError) return true;
  const candidate = error as { name?: unknown; code?: unknown } | null;
  return (
    error instanceof Error &&
    candidate?.name === 'SessionStorageError' &&
    STORAGE_FAILURE_CODES.includes(candidate.code as StorageFailureCode)
  );
}

function findErrno(error: unknown, depth: number): string | null {
  if (typeof error !== 'object' || error === null || depth > 3) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = findErrno(inner, depth + 1);
      if (found !== null) return found;
    }
  }
  return findErrno((error as { cause?: unknown }).cause, depth + 1);
}

/** The message of an error; an `AggregateError`'s own message is often empty, so its parts'. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map((inner) => describeError(inner)).join('; ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
