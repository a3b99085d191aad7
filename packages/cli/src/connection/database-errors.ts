import { CliError, EXIT } from '../exit-codes.js';

/** Error codes of a server that cannot be reached at all, or that refuses us. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST']);
/** Postgres: bad password or no such role (28…), no such database (3D000). MySQL: the same. */
const REFUSED_CODES = new Set(['28P01', '28000', '3D000', 'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_DBACCESS_DENIED_ERROR']);
/** Postgres undefined table/column; MySQL no such table/column. */
const MISSING_SCHEMA_CODES = new Set(['42P01', '42703', 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR']);

/**
 * What a database error means for an operator, as a {@link CliError} with the exit code and what
 * to do — or `null` when it is none of the known cases. Looks through the `cause` chain, since
 * the storage wraps driver errors in `AuthentifyError`s.
 */
export function explainDatabaseError(error: unknown, where: string): CliError | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    const message = current.message;
    if ((typeof code === 'string' && UNREACHABLE_CODES.has(code)) || /timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
      return new CliError(
        `Cannot reach the database at ${where} (${typeof code === 'string' ? code : message}). Check that the server is running and that the URL's host and port are right.`,
        EXIT.unreachable,
        { cause: error },
      );
    }
    if (typeof code === 'string' && REFUSED_CODES.has(code)) {
      return new CliError(`The database at ${where} refused the connection: ${message}. Check the user, password and database name in the URL.`, EXIT.unreachable, {
        cause: error,
      });
    }
    if ((typeof code === 'string' && MISSING_SCHEMA_CODES.has(code)) || /no such (table|column)/i.test(message)) {
      return new CliError(`Authentify's tables are missing or out of date at ${where} (${message}). Run \`authentify migrate\`.`, EXIT.migrationsPending, {
        cause: error,
      });
    }
  }
  return null;
}
