import mysql from 'mysql2';
import pg from 'pg';
import {
  type DatabaseServer,
  databaseAvailable,
  mysqlServer,
  PROBE_TIMEOUT_MS,
  postgresServer,
} from '../../../../test/support/database-servers.js';

export { type DatabaseServer, mysqlServer, postgresServer } from '../../../../test/support/database-servers.js';

/**
 * Whether the tests can use `server`, probed with this package's own driver. Call it at the top
 * of a test file and pass the answer to `describe.skipIf(!available)`; a missing server skips
 * locally and fails in CI (see `databaseAvailable`).
 */
export function serverAvailable(server: DatabaseServer): Promise<boolean> {
  return databaseAvailable(server, server === postgresServer ? probePostgres : probeMysql);
}

async function probePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServer.url, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeMysql(): Promise<void> {
  const connection = mysql.createConnection({ uri: mysqlServer.url, connectTimeout: PROBE_TIMEOUT_MS });
  try {
    await connection.promise().query({ sql: 'select 1', timeout: PROBE_TIMEOUT_MS });
  } finally {
    connection.destroy();
  }
}
