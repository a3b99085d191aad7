import { hash } from 'node:crypto';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
import { Kysely, MysqlDialect, PostgresDialect } from 'kysely';
import { createPool as createMysqlPool } from 'mysql2';
import pg from 'pg';
import { BENCH_TABLES, fillServerSessions, type ServerDialect } from '../fixtures/server-sessions.js';
import { measureInterleaved, type MeasureOptions } from '../harness/measure.js';
import { formatCount, formatRatio, formatSpreadNs, type ResultTable, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';

const POSTGRES_URL = process.env.AUTHENTIFY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_URL = process.env.AUTHENTIFY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const POOL_SIZE = 10;

interface Row {
  revoked_at: number | string | null;
  access_expires_at: number | string | null;
}

interface Server {
  name: string;
  dialect: ServerDialect;
  db: Kysely<unknown>;
  /** Postgres: the pool, for the storage's named-statement lookup (the documented set-up). */
  postgresPool?: pg.Pool;
  /** The raw floor: hash, the driver's own prepared statement on the same pool, expiry check. */
  rawLookup: (digest: string) => Promise<Row | undefined>;
  version: () => Promise<string>;
  close: () => Promise<void>;
}

function postgres(): Server {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: POOL_SIZE });
  pool.on('error', () => {});
  const text = `select * from ${BENCH_TABLES.sessions} where access_digest = $1`;
  return {
    name: 'PostgreSQL',
    dialect: 'postgres',
    db: new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }),
    postgresPool: pool,
    // A named query: pg prepares it once per connection, then only binds and executes.
    rawLookup: async (digest) => (await pool.query<Row>({ name: 'bench-access-lookup', text, values: [digest] })).rows[0],
    version: async () => (await pool.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v,
    close: async () => undefined,
  };
}

function mariadb(): Server {
  const pool = createMysqlPool({ uri: MYSQL_URL, connectionLimit: POOL_SIZE });
  const sqlText = `select * from ${BENCH_TABLES.sessions} where access_digest = ?`;
  return {
    name: 'MariaDB',
    dialect: 'mysql',
    db: new Kysely<unknown>({ dialect: new MysqlDialect({ pool }) }),
    // execute(): a server-side prepared statement, cached per connection by mysql2.
    rawLookup: (digest) =>
      new Promise((resolve, reject) =>
        pool.execute(sqlText, [digest], (error, rows) => (error ? reject(error) : resolve((rows as Row[])[0]))),
      ),
    version: () =>
      new Promise((resolve, reject) =>
        pool.query('select version() as v', (error, rows) => (error ? reject(error) : resolve(String((rows as { v: string }[])[0]!.v)))),
      ),
    close: async () => undefined,
  };
}

/**
 * Verification through authentify against the driver's own prepared statement, on the same pool,
 * one at a time (latency) and with 16 in flight (throughput).
 */
export async function runServerDatabases(total: number, known: number, measure: MeasureOptions): Promise<SectionResult> {
  const tables: ResultTable[] = [];
  const data: Record<string, unknown> = {};
  const versions: string[] = [];
  for (const server of [postgres(), mariadb()]) {
    try {
      versions.push(`${server.name} ${await server.version()}`);
    } catch (error) {
      tables.push({ caption: `${server.name}: not measured`, header: ['reason'], rows: [[`not reachable (${(error as Error).message}); start it as in ../shared/TOOLCHAIN.md`]] });
      await server.db.destroy();
      continue;
    }
    try {
      const tokens = await fillServerSessions(server.db, server.dialect, total, known);
      const auth = createAuthentify({
        storage: createKyselySessionStorage({
          db: server.db,
          tables: BENCH_TABLES,
          ...(server.postgresPool === undefined ? {} : { postgresPool: server.postgresPool }),
        }),
        accessTtl: '7d',
        refreshTtl: '30d',
        lastUsedInterval: null,
      });
      const order = Uint32Array.from({ length: 65_536 }, () => Math.floor(Math.random() * tokens.length));
      const pick = (index: number) => tokens[order[index % order.length]!]!;
      const variants = [
        {
          name: 'authentify',
          run: async (index: number) => {
            const result = await auth.authenticateToken(pick(index), 'header');
            if (!result.ok) throw new Error(`verification failed: ${result.reason}`);
          },
        },
        {
          name: 'raw prepared',
          run: async (index: number) => {
            const row = await server.rawLookup(hash('sha256', pick(index), 'hex'));
            const live = row !== undefined && row.revoked_at === null && (row.access_expires_at === null || Number(row.access_expires_at) > Date.now());
            if (!live) throw new Error('raw verification failed');
          },
        },
      ];
      const sequential = await measureInterleaved(variants, measure);
      const concurrent = await measureInterleaved(variants, { ...measure, concurrency: 16 });
      data[server.name] = { sequential: Object.fromEntries(sequential), concurrent: Object.fromEntries(concurrent) };
      const line = (label: string, result: Map<string, number[]>) => [
        label,
        formatSpreadNs(spread(result.get('authentify')!)),
        formatSpreadNs(spread(result.get('raw prepared')!)),
        formatRatio(pairedRatio(result.get('authentify')!, result.get('raw prepared')!)),
      ];
      tables.push({
        caption: `${server.name} (${formatCount(total)} sessions, pool of ${POOL_SIZE})`,
        header: ['load', 'authentify', 'raw prepared statement', 'authentify / raw'],
        rows: [line('1 at a time (time per verification)', sequential), line('16 in flight (wall time per verification)', concurrent)],
      });
    } finally {
      await server.db.destroy();
      await server.close();
    }
  }
  return {
    id: 'server-databases',
    title: 'Verification on PostgreSQL and MariaDB',
    method:
      `${versions.join(', ')} on 127.0.0.1. authentify = \`authenticateToken\` on \`createKyselySessionStorage\` over a Kysely dialect (with \`postgresPool\` on PostgreSQL, as docs/storage.md recommends); ` +
      'raw = SHA-256 + the driver\'s own prepared statement (a named query in pg, `execute` in mysql2) on the same pool + an expiry check. ' +
      'Random keys among live sessions; interleaved rounds as above.',
    tables,
    data,
  };
}
