import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { freshTables, sqliteDb, testTables } from './support/test-databases.js';

/**
 * The core conformance suite on SQLite: a temporary file in WAL mode, once with the hot path on
 * a cached prepared statement (`sqliteDatabase`), once through Kysely's driver alone.
 */
for (const cached of [true, false]) {
  let database: ReturnType<typeof sqliteDb> | undefined;
  describeSessionStorageConformance({
    name: `KyselySessionStorage on SQLite (WAL file, ${cached ? 'cached prepared statement' : 'Kysely driver only'})`,
    parallelism: 20,
    async setup() {
      database = sqliteDb();
      const names = testTables('afy_sqlite_conformance');
      await freshTables(database.db, names);
      return createKyselySessionStorage({
        db: database.db,
        tables: names.tables,
        ...(cached ? { sqliteDatabase: database.database } : {}),
      });
    },
    async teardown() {
      await database?.db.destroy();
      database?.remove();
    },
  });
}
