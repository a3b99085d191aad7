import { MemorySessionStorage, type SessionStorage } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
// The Kysely package's own test support: its drivers, servers and the rule for a missing one
// (skipped on a developer's machine, a failure in CI).
import { mysqlServer, postgresServer, serverAvailable } from '../../kysely/test/support/database-servers.js';
import { dropTables, freshTables, migrationTestDb, testTables } from '../../kysely/test/support/test-databases.js';

/** A storage the console tests run on, and how to end it (or break it, for the 503 case). */
export interface TestStorage {
  storage: SessionStorage;
  close(): Promise<void>;
}

const postgresAvailable = await serverAvailable(postgresServer);
const mysqlAvailable = await serverAvailable(mysqlServer);

/**
 * The storages every console test runs on: memory, and Kysely on an in-memory SQLite database,
 * on PostgreSQL and on MariaDB/MySQL (each test on tables of its own).
 */
export const STORAGES: Record<string, () => Promise<TestStorage>> = {
  memory: async () => {
    const storage = new MemorySessionStorage();
    return { storage, close: async () => {} };
  },
  sqlite: async () => {
    const { storage, close } = await sqliteStorage();
    return { storage, close };
  },
  ...(postgresAvailable ? { postgres: () => serverStorage('postgres') } : {}),
  ...(mysqlAvailable ? { mysql: () => serverStorage('mysql') } : {}),
};

let tablesMade = 0;

/** Kysely storage on fresh tables of a database server; `close` drops them. */
async function serverStorage(dialect: 'postgres' | 'mysql'): Promise<TestStorage> {
  const { db, close } = migrationTestDb(dialect, 4);
  const names = testTables(`afy_admin_${process.pid}_${++tablesMade}`);
  await freshTables(db, names);
  return {
    storage: createKyselySessionStorage({ db, tables: names.tables }),
    close: async () => {
      await dropTables(db, names);
      await close();
    },
  };
}

/** Kysely storage on a migrated in-memory SQLite database; `database.close()` makes it fail like a lost server. */
export async function sqliteStorage(): Promise<TestStorage & { database: Database.Database }> {
  const database = new Database(':memory:');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  await migrateAuthentify(db);
  return {
    database,
    storage: createKyselySessionStorage({ db, sqliteDatabase: database }),
    close: async () => {
      if (database.open) await db.destroy();
    },
  };
}
