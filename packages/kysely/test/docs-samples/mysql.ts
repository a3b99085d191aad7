// The MySQL/MariaDB set-up of docs/storage.md, verbatim, then a check that it works.
import { createPool } from 'mysql2'; // the callback API, which Kysely's MysqlDialect expects
import { Kysely, MysqlDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const pool = createPool({
  uri: process.env.DATABASE_URL,
  connectionLimit: 10,
  connectTimeout: 5_000, // waiting for a new connection
});
const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool }) });
await migrateAuthentify(db);

const auth = createAuthentify({
  // mysql2 has no query timeout for a pool: bound every storage call here instead.
  storage: createKyselySessionStorage({ db, timeoutMs: 10_000 }),
});

// Not in the docs: prove that it works, then let the process end.
const issued = await auth.issueSession({ userId: 'docs-sample', transport: 'header' });
console.log(JSON.stringify({ authenticated: (await auth.authenticateToken(issued.accessToken, 'header')).ok }));
await db.destroy();
