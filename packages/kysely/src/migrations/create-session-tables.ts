import type { Kysely } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import { columnTypesFor } from './column-types.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/**
 * Migration 0001: the sessions table and the rotated-refresh-token table, with their indexes.
 * Column types follow the dialect (see `columnTypesFor`); times are epoch milliseconds.
 */
export function createSessionTablesMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { sessions, rotatedRefreshTokens: rotated } = tables;
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const type = await columnTypesFor(db, resolveDialectName(db, dialect, 'dialect'));

      await db.schema
        .createTable(sessions)
        .addColumn('id', type.id, (column) => column.primaryKey())
        .addColumn('user_id', type.userId, (column) => column.notNull())
        .addColumn('transport', type.transport, (column) => column.notNull())
        .addColumn('access_digest', type.digest, (column) => column.notNull())
        .addColumn('refresh_digest', type.digest)
        .addColumn('context', type.context, (column) => column.notNull())
        .addColumn('created_at', type.millis, (column) => column.notNull())
        .addColumn('last_used_at', type.millis, (column) => column.notNull())
        .addColumn('access_expires_at', type.millis)
        .addColumn('refresh_expires_at', type.millis)
        .addColumn('expires_at', type.millis)
        .addColumn('absolute_expires_at', type.millis)
        .addColumn('access_ttl_ms', type.millis)
        .addColumn('refresh_ttl_ms', type.millis)
        .addColumn('revoked_at', type.millis)
        .addColumn('revocation_reason', type.revocationReason)
        .addUniqueConstraint(`${sessions}_access_digest_key`, ['access_digest'])
        .addUniqueConstraint(`${sessions}_refresh_digest_key`, ['refresh_digest'])
        .$call((table) => (type.tableOptions === undefined ? table : table.modifyEnd(type.tableOptions)))
        .execute();
      // A user's sessions: listing, counting live ones at login, revoking them all.
      await db.schema
        .createIndex(`${sessions}_user_id_created_at_idx`)
        .on(sessions)
        .columns(['user_id', 'created_at'])
        .execute();
      // Pruning: sessions that expired, and sessions revoked (and retained for audit). Where the
      // database allows, the indexes leave out the NULLs (sessions that never expire, sessions
      // not revoked — usually nearly all of them), which keeps them small and keeps SQLite's
      // planner, once ANALYZE has counted those NULLs, from scanning the table instead.
      for (const column of ['expires_at', 'revoked_at'] as const) {
        await db.schema
          .createIndex(`${sessions}_${column}_idx`)
          .on(sessions)
          .column(column)
          .$call((index) => (type.partialIndexes ? index.where(column, 'is not', null) : index))
          .execute();
      }

      await db.schema
        .createTable(rotated)
        .addColumn('digest', type.digest, (column) => column.primaryKey())
        .addColumn('session_id', type.id, (column) => column.notNull())
        .addColumn('rotated_at', type.millis, (column) => column.notNull())
        .addColumn('token_expires_at', type.millis, (column) => column.notNull())
        .$call((table) => (type.tableOptions === undefined ? table : table.modifyEnd(type.tableOptions)))
        .execute();
      await db.schema.createIndex(`${rotated}_session_id_idx`).on(rotated).column('session_id').execute();
      await db.schema.createIndex(`${rotated}_token_expires_at_idx`).on(rotated).column('token_expires_at').execute();
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      await db.schema.dropTable(rotated).execute();
      await db.schema.dropTable(sessions).execute();
    },
  };
}
