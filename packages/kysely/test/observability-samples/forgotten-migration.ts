// The forgotten migration of docs/observability.md, verbatim: a storage on a database that was
// never migrated, and what the default logger (console) prints for it.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createAuthentify, isAuthentifyError } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';

const database = new SQLite(':memory:');
const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
// Forgotten: await migrateAuthentify(db);
const auth = createAuthentify({ storage: createKyselySessionStorage({ db, sqliteDatabase: database }) });

try {
  await auth.issueSession({ userId: 'alice', transport: 'cookie' });
} catch (error) {
  if (!isAuthentifyError(error, 'storage_unavailable')) throw error;
  // An adapter answers 503 storage_unavailable; console.error already has the cause.
}

// Not in the docs: let the process end.
await db.destroy();
