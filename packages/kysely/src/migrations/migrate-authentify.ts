import { AuthentifyError, configurationError } from '@authentify/core';
import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { type AuthentifyMigrationOptions, AuthentifyMigrationProvider } from './authentify-migrations.js';

/** What {@link migrateAuthentify} accepts. */
export interface MigrateAuthentifyOptions extends AuthentifyMigrationOptions {
  /** Where Kysely records which of Authentify's migrations ran. [`'authentify_migration'`] */
  migrationTableName?: string;
  /** The lock table of that history. [`'authentify_migration_lock'`] */
  migrationLockTableName?: string;
}

/**
 * Brings Authentify's tables up to date in one call: runs its pending migrations with Kysely's
 * `Migrator`, recording them in their own table (`authentify_migration`) so they never collide
 * with your application's migrations. Safe to call on every start: a migrated database is left
 * alone, and concurrent callers wait for each other (Kysely's migration lock).
 *
 * @returns what ran (empty when nothing was pending).
 * @throws AuthentifyError `invalid_configuration` for a bad option; `storage_unavailable` when a
 *   migration fails, with the database error as `cause`.
 * @example
 * ```ts
 * import { migrateAuthentify } from '@authentify/kysely';
 * await migrateAuthentify(db);
 * ```
 */
export async function migrateAuthentify<DB>(db: Kysely<DB>, options: MigrateAuthentifyOptions = {}): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: new AuthentifyMigrationProvider(options),
    migrationTableName: tableName(options.migrationTableName, 'migrationTableName', 'authentify_migration'),
    migrationLockTableName: tableName(options.migrationLockTableName, 'migrationLockTableName', 'authentify_migration_lock'),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AuthentifyError(
      'storage_unavailable',
      `Authentify migration ${failed === undefined ? '' : `"${failed}" `}failed: ${detail}`,
      { cause: error },
    );
  }
  return results;
}

function tableName(value: unknown, option: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(value)) return value;
  throw configurationError(option, `must be 1–63 letters, digits or underscores, not starting with a digit; got ${JSON.stringify(value)}.`);
}
