import type { Kysely } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import { columnTypesFor } from './column-types.js';
import { dropIndex } from './drop-index.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/**
 * Migration 0002: where a rotation keeps the sealed replay of its new token pair — two nullable
 * columns on the rotated-refresh-token table, whose key is the replaced digest a retry is looked
 * up by. Existing rows get NULLs (no replay), so sessions issued before the upgrade keep
 * authenticating and refreshing unchanged. One statement per column: SQLite's ALTER TABLE adds
 * one column at a time.
 */
export function addRefreshReplayColumnsMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { rotatedRefreshTokens: rotated } = tables;
  const index = `${rotated}_replay_expires_at_idx`;
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const type = await columnTypesFor(db, resolveDialectName(db, dialect, 'dialect'));
      await db.schema.alterTable(rotated).addColumn('sealed_replay', type.sealedReplay).execute();
      await db.schema.alterTable(rotated).addColumn('replay_expires_at', type.millis).execute();
      // Pruning replays whose grace window ended. Nearly every row has none, so where the database
      // allows, the index leaves the NULLs out (as the sessions table's pruning indexes do).
      await db.schema
        .createIndex(index)
        .on(rotated)
        .column('replay_expires_at')
        .$call((builder) => (type.partialIndexes ? builder.where('replay_expires_at', 'is not', null) : builder))
        .execute();
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const name = resolveDialectName(db, dialect, 'dialect');
      await dropIndex(db, name, index, rotated);
      await db.schema.alterTable(rotated).dropColumn('replay_expires_at').execute();
      await db.schema.alterTable(rotated).dropColumn('sealed_replay').execute();
    },
  };
}
