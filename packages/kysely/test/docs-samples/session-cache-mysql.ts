// The MySQL/MariaDB session cache of docs/storage.md, verbatim, then a check that it works.
import { createPool } from 'mysql2';
import { Kysely, MysqlDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10, connectTimeout: 5_000 });
const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool }) });
await migrateAuthentify(db);

const auth = createAuthentify({
  storage: createKyselySessionStorage({
    db,
    timeoutMs: 10_000,
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
