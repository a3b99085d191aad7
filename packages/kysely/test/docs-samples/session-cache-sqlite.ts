// The SQLite session cache of docs/storage.md, verbatim, then a check that it works.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const database = new SQLite(process.env.DATABASE_FILE ?? 'app.db', { timeout: 5_000 });
database.pragma('journal_mode = WAL');
const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
await migrateAuthentify(db); // 0007 adds the change log the cache reads

const auth = createAuthentify({
  storage: createKyselySessionStorage({
    db,
    sqliteDatabase: database, // the cache needs it
    sessionCache: { maxEntries: 10_000 }, // exact: no maxStalenessMs on SQLite
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
