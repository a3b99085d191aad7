// The Postgres set-up of docs/storage.md, verbatim, then a check that it works.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  connectionTimeoutMillis: 5_000, // waiting for a connection
  query_timeout: 10_000, // waiting for an answer
});
// A connection that dies emits 'error' — on the pool while idle, on the client while checked
// out — and an 'error' nobody listens to ends the process. The query in flight fails anyway,
// and Authentify reports it as storage_unavailable.
pool.on('error', (error) => console.warn('idle database connection lost', error.message));
pool.on('connect', (client) => client.on('error', () => {}));

const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
await migrateAuthentify(db);

const auth = createAuthentify({
  storage: createKyselySessionStorage({ db, postgresPool: pool }),
});

// Not in the docs: prove that it works, then let the process end.
const issued = await auth.issueSession({ userId: 'docs-sample', transport: 'header' });
console.log(JSON.stringify({ authenticated: (await auth.authenticateToken(issued.accessToken, 'header')).ok }));
await db.destroy();
