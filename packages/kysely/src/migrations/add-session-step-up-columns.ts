import { type Kysely, sql } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import { columnTypesFor } from './column-types.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/**
 * Migration 0005: editable sessions and step-up. `authenticated_at` is when the user last proved
 * who they are for a session; every existing row gets its `created_at`, so a session issued
 * before the upgrade counts as authenticated at its login — which it was — and a `freshWithin`
 * check judges it by that. `label` is the device's name, `NULL` (none) for existing rows. Both
 * columns stay nullable so that an instance of the previous release, still running during a
 * rolling upgrade, can go on inserting sessions (storage reads a `NULL` `authenticated_at` as
 * `created_at`). One statement per column: SQLite's ALTER TABLE adds one column at a time.
 */
export function addSessionStepUpColumnsMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { sessions } = tables;
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const type = await columnTypesFor(db, resolveDialectName(db, dialect, 'dialect'));
      await db.schema.alterTable(sessions).addColumn('authenticated_at', type.millis).execute();
      await db.schema.alterTable(sessions).addColumn('label', type.label).execute();
      // One statement: on a large table it is one pass, and a session inserted meanwhile by a
      // previous-release instance is read as authenticated at its login anyway.
      await sql`update ${sql.table(sessions)} set authenticated_at = created_at where authenticated_at is null`.execute(db);
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      await db.schema.alterTable(sessions).dropColumn('label').execute();
      await db.schema.alterTable(sessions).dropColumn('authenticated_at').execute();
    },
  };
}
