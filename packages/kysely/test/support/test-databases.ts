import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import mysql from 'mysql2';
import pg from 'pg';
import { type KyselyDialectName, migrateAuthentify, type MigrateAuthentifyOptions, type TableNames } from '../../src/index.js';
import { mysqlServer, postgresServer } from './database-servers.js';

/** The tables of one test file: its own, so that files running in parallel never meet. */
export interface TestTables {
  /** For the migrations and the storage. */
  tables: TableNames;
  /** Kysely's history tables for them. */
  migration: Required<Pick<MigrateAuthentifyOptions, 'migrationTableName' | 'migrationLockTableName'>>;
}

export function testTables(prefix: string): TestTables {
  return {
    tables: { sessions: `${prefix}_sessions`, rotatedRefreshTokens: `${prefix}_rotated` },
    migration: { migrationTableName: `${prefix}_migration`, migrationLockTableName: `${prefix}_migration_lock` },
  };
}

/** Drops what a previous run may have left, then migrates afresh. */
export async function freshTables<DB>(db: Kysely<DB>, names: TestTables): Promise<void> {
  await dropTables(db, names);
  await migrateAuthentify(db, { tables: names.tables, ...names.migration });
}

export async function dropTables<DB>(db: Kysely<DB>, names: TestTables): Promise<void> {
  for (const table of [
    `${names.tables.sessions}_changes`,
    names.tables.rotatedRefreshTokens,
    names.tables.sessions,
    names.migration.migrationTableName,
    names.migration.migrationLockTableName,
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

/**
 * A Kysely on a pg pool, set up as docs/storage.md tells applications to: a connection that dies
 * emits 'error' on its pg client — on the pool while idle, on the client itself while checked
 * out — and an 'error' without a listener kills the process. The query in flight rejects anyway.
 */
export function postgresDb(options: { url?: string; pool?: pg.PoolConfig } = {}): { db: Kysely<unknown>; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url ?? postgresServer.url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    ...options.pool,
  });
  pool.on('error', () => undefined); // an idle client lost its connection; the pool replaces it
  pool.on('connect', (client) => client.on('error', () => undefined)); // same, while checked out
  return { db: new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** A Kysely on a mysql2 pool. */
export function mysqlDb(
  options: { url?: string; pool?: mysql.PoolOptions; onCreateConnection?: MysqlOnCreate } = {},
): { db: Kysely<unknown>; pool: mysql.Pool } {
  const pool = mysql.createPool({
    uri: options.url ?? mysqlServer.url,
    connectionLimit: 10,
    connectTimeout: 10_000,
    ...options.pool,
  });
  const dialect = new MysqlDialect({
    pool,
    ...(options.onCreateConnection === undefined ? {} : { onCreateConnection: options.onCreateConnection }),
  });
  return { db: new Kysely<unknown>({ dialect }), pool };
}

type MysqlOnCreate = NonNullable<ConstructorParameters<typeof MysqlDialect>[0]['onCreateConnection']>;

/** A Kysely on a better-sqlite3 database in a new temporary file, in WAL mode. */
export function sqliteDb(): { db: Kysely<unknown>; database: Database.Database; file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'authentify-kysely-'));
  const file = join(dir, 'sessions.db');
  const database = new Database(file, { timeout: 10_000 });
  database.pragma('journal_mode = WAL');
  return {
    db: new Kysely<unknown>({ dialect: new SqliteDialect({ database }) }),
    database,
    file,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The most connections a pool had checked out at once, from now on: proof that concurrent calls
 * really ran side by side on the database rather than one after another.
 */
export function trackPeakConnections(pool: pg.Pool | mysql.Pool): () => number {
  let inUse = 0;
  let peak = 0;
  const emitter = pool as unknown as { on(event: string, listener: () => void): void };
  emitter.on('acquire', () => {
    inUse++;
    peak = Math.max(peak, inUse);
  });
  emitter.on('release', () => {
    inUse--;
  });
  return () => peak;
}

/**
 * A Kysely instance on `dialect` for a test that runs migrations itself (so no storage, no
 * tables yet), with a pool of `poolSize`; `close` ends it (and removes the SQLite file).
 */
export function migrationTestDb(dialect: KyselyDialectName, poolSize: number): { db: Kysely<unknown>; close: () => Promise<void> } {
  if (dialect === 'sqlite') {
    const database = sqliteDb();
    return { db: database.db, close: async () => (await database.db.destroy(), database.remove()) };
  }
  const { db } = dialect === 'postgres' ? postgresDb({ pool: { max: poolSize } }) : mysqlDb({ pool: { connectionLimit: poolSize } });
  return { db, close: () => db.destroy() };
}
