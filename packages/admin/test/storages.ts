import { MemorySessionStorage, type SessionStorage } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

/** A storage the console tests run on, and how to end it (or break it, for the 503 case). */
export interface TestStorage {
  storage: SessionStorage;
  close(): Promise<void>;
}

/** The storages every console test runs on: memory, and Kysely on an in-memory SQLite database. */
export const STORAGES: Record<string, () => Promise<TestStorage>> = {
  memory: async () => {
    const storage = new MemorySessionStorage();
    return { storage, close: async () => {} };
  },
  sqlite: async () => {
    const { storage, close } = await sqliteStorage();
    return { storage, close };
  },
};

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
