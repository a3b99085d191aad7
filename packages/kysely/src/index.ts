export { createKyselySessionStorage, type KyselySessionStorage } from './kysely-session-storage.js';
export type { KyselySessionStorageOptions, SessionCacheOptions } from './options/kysely-session-storage-options.js';
export type { PostgresPool } from './options/postgres-pool.js';
export type { SqliteDatabase, SqliteStatement } from './options/sqlite-database.js';
export {
  configureSqlite,
  type ConfigureSqliteOptions,
  type SqlitePragmaDatabase,
  type SqliteSettings,
} from './sqlite/configure-sqlite.js';
export type { KyselyDialectName } from './dialects/dialect-name.js';
export { DEFAULT_TABLE_NAMES, type TableNames } from './schema/table-names.js';
export {
  AuthentifyMigrationProvider,
  createAuthentifyMigrations,
  type AuthentifyMigrationOptions,
} from './migrations/authentify-migrations.js';
export { migrateAuthentify, type MigrateAuthentifyOptions } from './migrations/migrate-authentify.js';
export type {
  KyselyMigration,
  KyselyMigrationProvider,
  KyselyMigrationResult,
  KyselyMigrationResultSet,
  KyselyMigratorClass,
  KyselyMigratorProps,
} from './migrations/kysely-migration-types.js';
