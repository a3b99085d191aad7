import { configurationError } from '@authentify/core';
import type { KyselyDialectName } from '../dialects/dialect-name.js';
import { resolveTableNames, type TableNames } from '../schema/table-names.js';
import { addApiKeyColumnsMigration } from './add-api-key-columns.js';
import { addLiveReplayIndexMigration } from './add-live-replay-index.js';
import { addRefreshReplayColumnsMigration } from './add-refresh-replay-columns.js';
import { addSessionClientColumnsMigration } from './add-session-client-columns.js';
import { addRevocationAuditMigration } from './add-revocation-audit.js';
import { addSessionChangeLogMigration } from './add-session-change-log.js';
import { addSessionStepUpColumnsMigration } from './add-session-step-up-columns.js';
import { createSessionTablesMigration } from './create-session-tables.js';
import type { KyselyMigration, KyselyMigrationProvider } from './kysely-migration-types.js';

/** What the migrations need to know; give the storage the same table names. */
export interface AuthentifyMigrationOptions {
  /** Table names. [`{ sessions: 'authentify_sessions', rotatedRefreshTokens: 'authentify_rotated_refresh_tokens' }`] */
  tables?: Partial<TableNames>;
  /** The database. [detected from the Kysely instance the `Migrator` passes to each migration] */
  dialect?: KyselyDialectName;
}

/**
 * Authentify's migrations as a record for Kysely's `Migrator`, keyed by name in the order they
 * run. Later releases only ever add entries. The record fits the `Migration` type of Kysely 0.28
 * and 0.29 alike.
 *
 * @throws AuthentifyError `invalid_configuration` when a table name or the dialect is invalid.
 * @example
 * ```ts
 * import { Migrator } from 'kysely/migration'; // Kysely 0.29; on Kysely 0.28: from 'kysely'
 * import { createAuthentifyMigrations } from '@authentify/kysely';
 *
 * const migrator = new Migrator({
 *   db,
 *   provider: { getMigrations: async () => createAuthentifyMigrations() },
 *   migrationTableName: 'authentify_migration',
 *   migrationLockTableName: 'authentify_migration_lock',
 * });
 * ```
 */
export function createAuthentifyMigrations(options: AuthentifyMigrationOptions = {}): Record<string, KyselyMigration> {
  const tables = resolveTableNames(options.tables, 'tables');
  const dialect = checkDialect(options.dialect);
  return {
    '0001_create_session_tables': createSessionTablesMigration(tables, dialect),
    '0002_add_refresh_replay_columns': addRefreshReplayColumnsMigration(tables, dialect),
    '0003_add_session_client_columns': addSessionClientColumnsMigration(tables, dialect),
    '0004_add_revocation_audit': addRevocationAuditMigration(tables, dialect),
    '0005_add_session_step_up_columns': addSessionStepUpColumnsMigration(tables, dialect),
    '0006_add_api_key_columns': addApiKeyColumnsMigration(tables, dialect),
    '0007_add_session_change_log': addSessionChangeLogMigration(tables, dialect),
    '0008_add_live_replay_index': addLiveReplayIndexMigration(tables, dialect),
  };
}

/**
 * A Kysely `MigrationProvider` of Authentify's migrations. Give it its own migration table names
 * so that its history never mixes with your application's. It fits the `Migrator` of Kysely 0.28
 * and 0.29 alike; `migrateAuthentify` does all this without your importing the `Migrator`.
 *
 * @throws AuthentifyError `invalid_configuration` when a table name or the dialect is invalid.
 * @example
 * ```ts
 * import { Migrator } from 'kysely/migration'; // Kysely 0.29; on Kysely 0.28: from 'kysely'
 * import { AuthentifyMigrationProvider } from '@authentify/kysely';
 *
 * const { error } = await new Migrator({
 *   db,
 *   provider: new AuthentifyMigrationProvider(),
 *   migrationTableName: 'authentify_migration',
 *   migrationLockTableName: 'authentify_migration_lock',
 * }).migrateToLatest();
 * if (error) throw error;
 * ```
 */
export class AuthentifyMigrationProvider implements KyselyMigrationProvider {
  readonly #migrations: Record<string, KyselyMigration>;

  constructor(options: AuthentifyMigrationOptions = {}) {
    this.#migrations = createAuthentifyMigrations(options);
  }

  /** The migrations, keyed by name. */
  async getMigrations(): Promise<Record<string, KyselyMigration>> {
    return { ...this.#migrations };
  }
}

function checkDialect(dialect: unknown): KyselyDialectName | undefined {
  if (dialect === undefined || dialect === 'sqlite' || dialect === 'postgres' || dialect === 'mysql') return dialect;
  throw configurationError('dialect', `must be one of 'sqlite', 'postgres', 'mysql'; got ${JSON.stringify(dialect)}.`);
}
