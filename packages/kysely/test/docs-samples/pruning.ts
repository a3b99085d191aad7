// The pruning snippets of docs/storage.md, verbatim, on an in-memory SQLite database.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
await migrateAuthentify(db);
let now = Date.now();
const auth = createAuthentify({ storage: createKyselySessionStorage({ db }), clock: () => now, refreshTtl: null });
for (let index = 0; index < 3; index++) await auth.issueSession({ userId: 'docs-sample', transport: 'header' });
now += 60 * 60 * 1000; // an hour later, the 15-minute sessions have expired

const progress = await auth.pruneSessions({
  batchSize: 1_000, // the most rows one storage call deletes (the default)
  onProgress: (p) => console.log(`pruned ${p.deletedSessions} sessions, ${p.deletedRotatedTokens} rotated tokens`),
});

const hourly = setInterval(() => {
  auth.pruneSessions().catch((error) => console.error('session prune failed', error));
}, 60 * 60 * 1000);
hourly.unref(); // do not keep the process alive just for this

console.log(JSON.stringify({ deletedSessions: progress.deletedSessions }));
await db.destroy();
