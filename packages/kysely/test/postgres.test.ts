import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { postgresServer, serverAvailable } from './support/database-servers.js';
import { dropTables, freshTables, postgresDb, testTables, trackPeakConnections } from './support/test-databases.js';

/** The core conformance suite on Postgres, over a pg pool of 10 connections. */
const available = await serverAvailable(postgresServer);

/** Once through Kysely's driver alone, once with the lookup as a named statement (`postgresPool`). */
for (const named of [false, true]) {
  describe.skipIf(!available)(`Postgres${named ? ' (postgresPool: named lookup statement)' : ''}`, () => {
    const names = testTables(named ? 'afy_pg_conformance_named' : 'afy_pg_conformance');
    let database: ReturnType<typeof postgresDb> | undefined;
    let peakConnections = () => 0;

    describeSessionStorageConformance({
      name: `KyselySessionStorage on Postgres (pg pool of 10${named ? ', postgresPool' : ''})`,
      parallelism: 20,
      async setup() {
        database = postgresDb({ pool: { max: 10 } });
        await freshTables(database.db, names);
        peakConnections = trackPeakConnections(database.pool);
        return createKyselySessionStorage({
          db: database.db,
          tables: names.tables,
          ...(named ? { postgresPool: database.pool } : {}),
        });
      },
      async teardown() {
        if (database === undefined) return;
        await dropTables(database.db, names);
        await database.db.destroy();
      },
    });

    it('ran the concurrency cases over all 10 connections at once', () => {
      expect(peakConnections()).toBe(10);
    });
  });
}
