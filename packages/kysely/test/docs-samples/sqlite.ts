// The SQLite set-up of docs/storage.md, verbatim, then a check that it works.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const database = new SQLite(process.env.DATABASE_FILE ?? 'app.db', { timeout: 5_000 }); // busy timeout, see below
database.pragma('journal_mode = WAL');
const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });

await migrateAuthentify(db);

const auth = createAuthentify({
  storage: createKyselySessionStorage({ db, sqliteDatabase: database }),
});

// Not in the docs: prove that it works, then let the process end.
const issued = await auth.issueSession({ userId: 'docs-sample', transport: 'header' });
console.log(JSON.stringify({ authenticated: (await auth.authenticateToken(issued.accessToken, 'header')).ok }));
await db.destroy();
