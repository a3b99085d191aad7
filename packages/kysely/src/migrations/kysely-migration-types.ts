import type { Kysely } from 'kysely';

// The subset of Kysely's migration API that Authentify uses, declared here rather than imported:
// Kysely 0.28 exports these types from 'kysely', Kysely 0.29 only from 'kysely/migration' (its
// root declares the old names as type errors), so an import from either place breaks the other.
// The shapes match both versions, so by structural typing what we hand out is accepted by the
// user's own `Migrator` and what that `Migrator` returns is accepted here.

/** One migration, as Kysely's `Migrator` runs it. */
export interface KyselyMigration {
  /** Applies the change; rejects to stop the run (Kysely then reports it as `Error`). */
  up(db: Kysely<unknown>): Promise<void>;
  /** Undoes `up`; without it the migration is skipped when migrating down. */
  down?(db: Kysely<unknown>): Promise<void>;
}

/** Where a `Migrator` gets its migrations from. */
export interface KyselyMigrationProvider {
  /** Every migration, old and new, keyed by the name the migration table records. */
  getMigrations(): Promise<Record<string, KyselyMigration>>;
}

/** What happened to one migration in a run. */
export interface KyselyMigrationResult {
  /** The key of the migration in its provider's record. */
  readonly migrationName: string;
  /** Whether it was run up or down. */
  readonly direction: 'Up' | 'Down';
  /** `NotExecuted` when an earlier migration of the same run failed. */
  readonly status: 'Success' | 'Error' | 'NotExecuted';
}

/** What a `Migrator` run resolves to; it reports a failure here instead of rejecting. */
export interface KyselyMigrationResultSet {
  /** The error of the failed migration, if one failed. */
  readonly error?: unknown;
  /** One entry per migration it ran or meant to run; absent when it failed before choosing. */
  readonly results?: KyselyMigrationResult[];
}

/** What `migrateAuthentify` passes to the `Migrator` constructor. */
export interface KyselyMigratorProps {
  /** The database to migrate. */
  readonly db: Kysely<unknown>;
  /** The migrations to run. */
  readonly provider: KyselyMigrationProvider;
  /** The table that records which migrations ran. */
  readonly migrationTableName: string;
  /** The table of the lock that keeps concurrent runs apart. */
  readonly migrationLockTableName: string;
}

/** Kysely's `Migrator` class, from 'kysely' (0.28) or 'kysely/migration' (0.29). */
export type KyselyMigratorClass = new (props: KyselyMigratorProps) => {
  /** Runs every pending migration, in name order, under the migration lock. */
  migrateToLatest(): Promise<KyselyMigrationResultSet>;
};
