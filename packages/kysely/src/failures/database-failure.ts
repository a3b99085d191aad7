import { SessionStorageError, type StorageFailureCode } from '@authentify/core';

/** The driver error fields the classification reads (pg: `code`; mysql2: `code`, `errno`). */
interface DriverError {
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly message?: unknown;
}

/** pg SQLSTATEs and mysql2 error codes that mean "the schema is not (fully) there". */
const SCHEMA_MISSING = new Set(['42P01', '42703', 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR']);
const SCHEMA_MISSING_ERRNOS = new Set([1146, 1054]);
/** The database named in the URL does not exist (pg 3D000, MySQL 1049). */
const DATABASE_MISSING = new Set(['3D000', 'ER_BAD_DB_ERROR']);
/** Wrong credentials or missing permissions. */
const ACCESS_DENIED = new Set(['28P01', '28000', '42501', 'ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_TABLEACCESS_DENIED_ERROR']);
const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', '57P01', '57P03', 'ER_CON_COUNT_ERROR',
]);

/** What the operator runs when the tables are missing: both ways the project offers. */
export const MIGRATION_HINT =
  'the Authentify migrations have not run on this database (or not all of them). Run them: `await migrateAuthentify(db)` at start-up, or `npx authentify migrate --database-url <your database URL>`.';

/**
 * Turns what a driver threw into a `SessionStorageError` that tells core (and through it the
 * operator) why, with what to do: missing tables on SQLite ("no such table", "has no column named"), PostgreSQL
 * (42P01) and MySQL/MariaDB (ER_NO_SUCH_TABLE, 1146) — and missing columns, the sign of a
 * migration not run after an upgrade — connection failures, missing databases, refused
 * credentials. Anything else is returned unchanged: core calls it `unknown` and keeps its
 * message.
 */
export function classifyDatabaseError(error: unknown): unknown {
  if (error instanceof SessionStorageError || typeof error !== 'object' || error === null) return error;
  const driver = firstDriverError(error);
  const message = describe(error);
  const code = typeof driver.code === 'string' ? driver.code : undefined;
  const failure = (kind: StorageFailureCode, advice: string) =>
    new SessionStorageError(kind, `${message} — ${advice}`, { cause: error });

  if ((code !== undefined && SCHEMA_MISSING.has(code)) || SCHEMA_MISSING_ERRNOS.has(driver.errno as number) || /^no such (table|column)\b|\bhas no column named\b/.test(message)) {
    return failure('schema_missing', MIGRATION_HINT);
  }
  if (code === undefined) return error;
  if (DATABASE_MISSING.has(code)) return failure('unreachable', 'the database named in the database URL does not exist on that server: check its name, or create it and run the migrations.');
  if (ACCESS_DENIED.has(code)) return failure('access_denied', 'the database refused the user or its permissions: check the user and password in the database URL and its grants on the Authentify tables.');
  if (code === 'ETIMEDOUT') return failure('timeout', 'the database did not answer in time: check that the host in the database URL is reachable from here.');
  if (UNREACHABLE.has(code)) return failure('unreachable', 'the database cannot be reached: check the host and port in the database URL and that the server is running.');
  return error;
}

/** The error itself, or for an `AggregateError` (pg trying IPv4 and IPv6) its first part with a code. */
function firstDriverError(error: object): DriverError {
  if (error instanceof AggregateError) {
    const coded = error.errors.find((inner: unknown) => typeof (inner as DriverError | null)?.code === 'string');
    if (coded !== undefined) return coded as DriverError;
  }
  return error as DriverError;
}

function describe(error: object): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner))).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
