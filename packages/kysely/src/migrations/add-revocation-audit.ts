import type { Kysely } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import { columnTypesFor } from './column-types.js';
import { dropIndex } from './drop-index.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/**
 * Migration 0004: the audit record of a revocation — who revoked a session (`revoked_by`) and the
 * note they gave (`revocation_note`), two nullable columns, so existing sessions (live or revoked
 * before the upgrade) keep working with neither — and the index operators' cross-user search
 * pages along: `(created_at, id)`, the order of its keyset pagination. (A user's sessions are
 * already indexed by `(user_id, created_at)`.) Numbered 0004 because 0003 is taken by another
 * change. One statement per column: SQLite's ALTER TABLE adds one column at a time.
 */
export function addRevocationAuditMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { sessions } = tables;
  const index = `${sessions}_created_at_id_idx`;
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const type = await columnTypesFor(db, resolveDialectName(db, dialect, 'dialect'));
      await db.schema.alterTable(sessions).addColumn('revoked_by', type.userId).execute();
      await db.schema.alterTable(sessions).addColumn('revocation_note', type.revocationNote).execute();
      await db.schema.createIndex(index).on(sessions).columns(['created_at', 'id']).execute();
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const name = resolveDialectName(db, dialect, 'dialect');
      await dropIndex(db, name, index, sessions);
      await db.schema.alterTable(sessions).dropColumn('revocation_note').execute();
      await db.schema.alterTable(sessions).dropColumn('revoked_by').execute();
    },
  };
}
