import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { mysqlServer, serverAvailable } from './support/database-servers.js';
import { dropTables, freshTables, mysqlDb, testTables, trackPeakConnections } from './support/test-databases.js';

/**
 * The core conformance suite on MariaDB/MySQL, over a mysql2 pool of 10 connections: once with
 * mysql2's default flags (affected rows count matched rows, CLIENT_FOUND_ROWS), once without that
 * flag (affected rows count changed rows) — the storage must not depend on either.
 */
const available = await serverAvailable(mysqlServer);

describe.skipIf(!available)('MariaDB/MySQL', () => {
  for (const foundRows of [true, false]) {
    const names = testTables(`afy_my_conformance_${foundRows ? 'found' : 'changed'}`);
    let database: ReturnType<typeof mysqlDb> | undefined;
    let peakConnections = () => 0;

    describeSessionStorageConformance({
      name: `KyselySessionStorage on MariaDB/MySQL (mysql2 pool of 10, ${foundRows ? 'default flags' : 'flags -FOUND_ROWS'})`,
      parallelism: 20,
      async setup() {
        database = mysqlDb({ pool: { connectionLimit: 10, ...(foundRows ? {} : { flags: ['-FOUND_ROWS'] }) } });
        await freshTables(database.db, names);
        peakConnections = trackPeakConnections(database.pool);
        return createKyselySessionStorage({ db: database.db, tables: names.tables });
      },
      async teardown() {
        if (database === undefined) return;
        await dropTables(database.db, names);
        await database.db.destroy();
      },
    });

    it(`ran the concurrency cases over all 10 connections at once (${foundRows ? 'default flags' : '-FOUND_ROWS'})`, () => {
      expect(peakConnections()).toBe(10);
    });
  }
});
