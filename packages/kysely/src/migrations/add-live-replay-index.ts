import type { Kysely } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import { columnTypesFor } from './column-types.js';
import { dropIndex } from './drop-index.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/**
 * Migration 0008: an index on `(session_id, replay_expires_at)` of the rotated-refresh-token
 * table. Every rotation drops the session's previous replay (`where session_id = ? and
 * replay_expires_at is not null`), and with the `session_id` index alone that read every digest
 * the session ever rotated away — a session refreshed every 15 minutes keeps about 2,900 of them
 * for a 30-day refresh lifetime, so each refresh grew slower the longer the session lived. With
 * this index it reads the one row that still has a replay. Where the database allows, the index
 * leaves the rows without a replay out (nearly all of them), as the replay pruning index does.
 * Only an index: a storage on a database that has not run it answers the same, more slowly.
 */
export function addLiveReplayIndexMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { rotatedRefreshTokens: rotated } = tables;
  const index = `${rotated}_session_id_replay_idx`;
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const type = await columnTypesFor(db, resolveDialectName(db, dialect, 'dialect'));
      await db.schema
        .createIndex(index)
        .on(rotated)
        .columns(['session_id', 'replay_expires_at'])
        .$call((builder) => (type.partialIndexes ? builder.where('replay_expires_at', 'is not', null) : builder))
        .execute();
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      const name = resolveDialectName(db, dialect, 'dialect');
      await dropIndex(db, name, index, rotated);
    },
  };
}
