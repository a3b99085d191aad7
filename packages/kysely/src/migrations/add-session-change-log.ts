import { type Kysely, sql } from 'kysely';
import { resolveDialectName, type KyselyDialectName } from '../dialects/dialect-name.js';
import { changeLogTableName } from '../cache/change-log-names.js';
import type { TableNames } from '../schema/table-names.js';
import type { KyselyMigration } from './kysely-migration-types.js';

/** How many change-log entries are kept: a process further behind than that drops its whole cache. */
export const CHANGE_LOG_KEPT = 10_000;
/** The log is pruned once per this many entries, so most writes pay for one insert only. */
export const CHANGE_LOG_PRUNE_EVERY = 1_000;

/**
 * Migration 0007, SQLite only (a no-op elsewhere): the change log that lets a session cache in one
 * process see what other processes changed on the same file. Triggers append the id of every
 * session row updated, and of every row deleted while not revoked (a revoked row was logged when
 * it was revoked, and a cached copy of it is refused anyway), with a sequence number that only
 * grows (`AUTOINCREMENT`: numbers are never reused, so a reader can tell a pruned gap). A third
 * trigger keeps the last {@link CHANGE_LOG_KEPT} entries, pruning once every
 * {@link CHANGE_LOG_PRUNE_EVERY} inserts.
 */
export function addSessionChangeLogMigration(tables: TableNames, dialect: KyselyDialectName | undefined): KyselyMigration {
  const { sessions } = tables;
  const log = changeLogTableName(tables);
  return {
    async up(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      if (resolveDialectName(db, dialect, 'dialect') !== 'sqlite') return;
      await sql`create table ${sql.table(log)} (seq integer primary key autoincrement, session_id text not null)`.execute(db);
      await sql`create trigger ${sql.id(`${sessions}_log_update`)} after update on ${sql.table(sessions)}
        begin insert into ${sql.table(log)} (session_id) values (old.id); end`.execute(db);
      await sql`create trigger ${sql.id(`${sessions}_log_delete`)} after delete on ${sql.table(sessions)}
        when old.revoked_at is null
        begin insert into ${sql.table(log)} (session_id) values (old.id); end`.execute(db);
      await sql`create trigger ${sql.id(`${log}_prune`)} after insert on ${sql.table(log)}
        when new.seq % ${sql.lit(CHANGE_LOG_PRUNE_EVERY)} = 0
        begin delete from ${sql.table(log)} where seq <= new.seq - ${sql.lit(CHANGE_LOG_KEPT)}; end`.execute(db);
    },

    async down(migrationDb: Kysely<unknown>): Promise<void> {
      const db = migrationDb.withoutPlugins();
      if (resolveDialectName(db, dialect, 'dialect') !== 'sqlite') return;
      await sql`drop trigger if exists ${sql.id(`${sessions}_log_update`)}`.execute(db);
      await sql`drop trigger if exists ${sql.id(`${sessions}_log_delete`)}`.execute(db);
      await sql`drop table if exists ${sql.table(log)}`.execute(db);
    },
  };
}
