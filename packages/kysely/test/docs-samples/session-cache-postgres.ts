// The Postgres session cache of docs/storage.md, verbatim, then a check that it works.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  connectionTimeoutMillis: 5_000,
  query_timeout: 10_000,
});
pool.on('error', (error) => console.warn('idle database connection lost', error.message));
pool.on('connect', (client) => client.on('error', () => {}));
const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
await migrateAuthentify(db);

const auth = createAuthentify({
  storage: createKyselySessionStorage({
    db,
    postgresPool: pool,
    // A session revoked through ANOTHER instance of the app can be accepted here for up to 1 s.
    sessionCache: { maxEntries: 10_000, maxStalenessMs: 1_000 },
  }),
});

// Not in the docs: prove that it works, then let the process end.
const issued = await auth.issueSession({ userId: 'docs-sample', transport: 'header' });
const first = await auth.authenticateToken(issued.accessToken, 'header');
const second = await auth.authenticateToken(issued.accessToken, 'header');
await auth.revokeSession(issued.session.id, { reason: 'logout' });
const afterRevocation = await auth.authenticateToken(issued.accessToken, 'header');
console.log(JSON.stringify({ authenticated: first.ok && second.ok, refusedAfterRevocation: !afterRevocation.ok }));
await db.destroy();
