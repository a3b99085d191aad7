import pg from 'pg';
import { databaseAvailable, PROBE_TIMEOUT_MS, postgresServer } from '../../../../test/support/database-servers.js';

/**
 * Whether the test PostgreSQL server is reachable, probed with the example's own `pg`: the
 * repository's rule for a missing server applies (skip with a message locally, fail in CI).
 */
export function postgresAvailable(): Promise<boolean> {
  return databaseAvailable(postgresServer, async () => {
    const client = new pg.Client({ connectionString: postgresServer.url, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
    try {
      await client.connect();
      await client.query('select 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  });
}
