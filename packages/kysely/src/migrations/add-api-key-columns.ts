import type { Kysely } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import { columnTypesFor } from './column-types.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/**
 * Migration 0006: API keys and scopes. API keys are rows of the sessions table with
 * `kind = 'api_key'`; `scopes` (a JSON array, any row may have one), `created_by` and
 * `display_hint` (the last characters of the key) describe them. Every column is nullable and
 * nothing is backfilled: a `NULL` kind is a session, which every existing row is, and an
 * instance of the previous release, still running during a rolling upgrade, goes on inserting
 * sessions without knowing the columns. Sessions are found by digest as before, so no index
 * changes. One statement per column: SQLite's ALTER TABLE adds one column at a time.
 */
export function addApiKeyColumnsMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { sessions } = tables;
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const type = await columnTypesFor(db, resolveDialectName(db, dialect, 'dialect'));
      await db.schema.alterTable(sessions).addColumn('kind', type.kind).execute();
      await db.schema.alterTable(sessions).addColumn('scopes', type.scopes).execute();
      await db.schema.alterTable(sessions).addColumn('created_by', type.createdBy).execute();
      await db.schema.alterTable(sessions).addColumn('display_hint', type.displayHint).execute();
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      for (const column of ['display_hint', 'created_by', 'scopes', 'kind']) {
        await db.schema.alterTable(sessions).dropColumn(column).execute();
      }
    },
  };
}
