import { AuthentifyError, configurationError } from '@authentify/core';
import type { Kysely } from 'kysely';
import { type AuthentifyMigrationOptions, AuthentifyMigrationProvider } from './authentify-migrations.js';
import type { KyselyMigrationResult, KyselyMigratorClass } from './kysely-migration-types.js';
import { checkMigratorOption, loadInstalledMigrator } from './load-migrator.js';

/** What {@link migrateAuthentify} accepts. */
export interface MigrateAuthentifyOptions extends AuthentifyMigrationOptions {
  /** Where Kysely records which of Authentify's migrations ran. [`'authentify_migration'`] */
  migrationTableName?: string;
  /** The lock table of that history. [`'authentify_migration_lock'`] */
  migrationLockTableName?: string;
  /**
   * Kysely's `Migrator` class, for when it cannot be found at run time — typically in a bundle,
   * where 'kysely/migration' is not there to load. [looked up in the installed Kysely: 'kysely'
   * on 0.28, 'kysely/migration' on 0.29]
   */
  Migrator?: KyselyMigratorClass;
}

/**
 * Brings Authentify's tables up to date in one call: runs its pending migrations with Kysely's
 * `Migrator`, recording them in their own table (`authentify_migration`) so they never collide
 * with your application's migrations. Safe to call on every start: a migrated database is left
 * alone, and concurrent callers wait for each other (Kysely's migration lock).
 *
 * Works with Kysely 0.28 and 0.29 alike, without your importing the `Migrator`: it is found in
 * 'kysely' (0.28) or 'kysely/migration' (0.29). Pass `Migrator` only where that lookup cannot
 * work, as in a bundle.
 *
 * @returns what ran (empty when nothing was pending).
 * @throws AuthentifyError `invalid_configuration` for a bad option, or when no `Migrator` is given
 *   and the installed Kysely has none (`option` is then `Migrator`); `storage_unavailable` when a
 *   migration fails, with the database error as `cause`.
 * @example
 * ```ts
 * import { migrateAuthentify } from '@authentify/kysely';
 * await migrateAuthentify(db);
 * ```
 * @example In a bundle (an edge worker), hand it the class:
 * ```ts
 * import { Migrator } from 'kysely/migration'; // Kysely 0.29; on Kysely 0.28: from 'kysely'
 * import { migrateAuthentify } from '@authentify/kysely';
 * await migrateAuthentify(db, { Migrator });
 * ```
 */
export async function migrateAuthentify<DB>(db: Kysely<DB>, options: MigrateAuthentifyOptions = {}): Promise<KyselyMigrationResult[]> {
  const provider = new AuthentifyMigrationProvider(options);
  const migrationTableName = tableName(options.migrationTableName, 'migrationTableName', 'authentify_migration');
  const migrationLockTableName = tableName(options.migrationLockTableName, 'migrationLockTableName', 'authentify_migration_lock');
  const Migrator = checkMigratorOption(options.Migrator) ?? (await loadInstalledMigrator());

  const migrator = new Migrator({
    // The migrations use no table of `DB`; Kysely's own `Migrator` takes a `Kysely<any>` here.
    db: db.withoutPlugins() as Kysely<unknown>,
    provider,
    migrationTableName,
    migrationLockTableName,
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
