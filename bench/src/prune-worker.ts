/**
 * `prune-worker.ts <sqlite file>`: prunes the file from its own process with the default
 * batches, as a scheduled job would, and prints the prune report as JSON.
 */
import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

const [file] = process.argv.slice(2) as [string];
const database = new SQLite(file, { timeout: 10_000 });
database.pragma('journal_mode = WAL');
database.pragma('synchronous = NORMAL');
const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
const auth = createAuthentify({ storage: createKyselySessionStorage({ db, sqliteDatabase: database }), accessTtl: '7d', refreshTtl: '30d' });
const report = await auth.pruneSessions();
console.log(JSON.stringify(report));
await db.destroy();
