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
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    if (!tables.some((table) => table.name === connection.migrationTableName)) return { applied: [], pending: all };
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(connection.migrationTableName)}`.execute(db);
    const ran = new Set(rows.map((row) => row.name));
    return { applied: all.filter((name) => ran.has(name)), pending: all.filter((name) => !ran.has(name)) };
  } catch (error) {
    throw explainDatabaseError(error, connection.description) ?? error;
  }
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
