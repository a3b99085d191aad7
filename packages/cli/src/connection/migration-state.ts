import { createAuthentifyMigrations } from '@authentify/kysely';
import { type Kysely, sql } from 'kysely';
import { CliError, EXIT } from '../exit-codes.js';
import type { CliConnection } from './connect.js';
import { explainDatabaseError } from './database-errors.js';

/** Which of Authentify's migrations the database has run, and which it has not. */
export interface MigrationState {
  applied: string[];
  pending: string[];
}

/**
 * Reads the migration history table (without taking Kysely's migration lock, so that it never
 * waits for or blocks a migration in progress). No history table means nothing has run.
 */
export async function readMigrationState(db: Kysely<unknown>, connection: CliConnection): Promise<MigrationState> {
  const all = Object.keys(createAuthentifyMigrations({ tables: connection.tables }));
  try {
    const names = await appliedMigrationNames(db, connection.migrationTableName);
    if (names === null) return { applied: [], pending: all };
    const ran = new Set(names);
    return { applied: all.filter((name) => ran.has(name)), pending: all.filter((name) => !ran.has(name)) };
  } catch (error) {
    throw explainDatabaseError(error, connection.description) ?? error;
  }
}

/**
 * The names in the history table, or `null` when there is no such table. The table is read
 * directly rather than looked up through Kysely's introspection, which reads the columns of every
 * table in the database: slow on a large schema, and it fails when another program drops a table
 * of its own meanwhile.
 */
async function appliedMigrationNames(db: Kysely<unknown>, migrationTableName: string): Promise<string[] | null> {
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(migrationTableName)}`.execute(db);
    return rows.map((row) => row.name);
  } catch (error) {
    if (isMissingTable(error)) return null;
    throw error;
  }
}

/** "No such table" as PostgreSQL (42P01), MySQL/MariaDB (1146) and SQLite report it. */
function isMissingTable(error: unknown): boolean {
  const { code, errno, message } = (error ?? {}) as { code?: unknown; errno?: unknown; message?: unknown };
  return code === '42P01' || code === 'ER_NO_SUCH_TABLE' || errno === 1146 || (typeof message === 'string' && message.startsWith('no such table'));
}

/**
 * Stops a command that reads or writes sessions when migrations are pending, with what to run —
 * rather than letting it fail later on a missing column. Skipped without a Kysely instance (a
 * config module without `db`): storage errors are explained as they come then.
 */
export async function requireMigrated(connection: CliConnection): Promise<void> {
  if (connection.db === null) return;
  const { pending } = await readMigrationState(connection.db, connection);
  if (pending.length > 0) {
    throw new CliError(
      `${pending.length} Authentify migration${pending.length === 1 ? ' is' : 's are'} pending on ${connection.description} (${pending.join(', ')}). Run \`authentify migrate\` first.`,
      EXIT.migrationsPending,
    );
  }
}
