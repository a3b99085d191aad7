import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import mysql from 'mysql2';
import pg from 'pg';
import { databaseAvailable, mysqlServer, PROBE_TIMEOUT_MS, postgresServer } from '../../../../test/support/database-servers.js';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

/** Whether the server for `dialect` answers; a missing server skips locally and fails in CI. */
export async function available(dialect: Dialect): Promise<boolean> {
  if (dialect === 'sqlite') return true;
  const server = dialect === 'postgres' ? postgresServer : mysqlServer;
  return databaseAvailable(server, async () => {
    const db = open(dialect, server.url);
    try {
      await sql`select 1`.execute(db);
    } finally {
      await db.destroy();
    }
  });
}

/**
 * A table prefix no other test (or run) uses, so the CLI's tables are this test's alone. Short:
 * table names are at most 40 characters, and `rotated_refresh_tokens` takes 22 of them.
 */
export function uniquePrefix(label: string): string {
  return `cli${label.slice(0, 2)}${randomBytes(4).toString('hex')}_`;
}

/** The URL the CLI gets for `dialect` (an SQLite file under `dir`). */
export function databaseUrl(dialect: Dialect, dir: string): string {
  if (dialect === 'sqlite') return `sqlite:${dir}/app.db`;
  return dialect === 'postgres' ? postgresServer.url : mysqlServer.url;
}

/** The test's own connection to the database the CLI works on. */
export function open(dialect: Dialect, url: string): Kysely<unknown> {
  switch (dialect) {
    case 'sqlite':
      return new Kysely({ dialect: new SqliteDialect({ database: new SQLite(url.slice('sqlite:'.length)) }) });
    case 'postgres':
      return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: PROBE_TIMEOUT_MS }) }) });
    case 'mysql':
      return new Kysely({ dialect: new MysqlDialect({ pool: mysql.createPool({ uri: url, connectionLimit: 4 }) }) });
  }
}

/** Drops the tables a test's CLI runs created. */
export async function dropTables(db: Kysely<unknown>, prefix: string): Promise<void> {
  for (const table of ['rotated_refresh_tokens', 'sessions', 'migration', 'migration_lock']) {
    await sql`drop table if exists ${sql.table(`${prefix}${table}`)}`.execute(db);
  }
}
