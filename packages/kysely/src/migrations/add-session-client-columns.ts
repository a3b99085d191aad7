import type { Kysely } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import { columnTypesFor } from './column-types.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/**
 * Migration 0003: where a session was last used from — two nullable columns on the sessions
 * table, written with `last_used_at`. Existing rows get NULLs (unknown), which core treats as
 * "nothing recorded yet": their next recorded use fills them in, without a client-change event.
 * No index: nothing looks sessions up by address. One statement per column: SQLite's ALTER
 * TABLE adds one column at a time.
 */
export function addSessionClientColumnsMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { sessions } = tables;
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const type = await columnTypesFor(db, resolveDialectName(db, dialect, 'dialect'));
      await db.schema.alterTable(sessions).addColumn('last_ip', type.ip).execute();
      await db.schema.alterTable(sessions).addColumn('last_user_agent', type.userAgent).execute();
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      await db.schema.alterTable(sessions).dropColumn('last_user_agent').execute();
      await db.schema.alterTable(sessions).dropColumn('last_ip').execute();
    },
  };
}
