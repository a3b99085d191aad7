// The configureSqlite sample of docs/storage.md, verbatim, then a check that it reports what the docs say.
import SQLite from 'better-sqlite3';

const database = new SQLite(process.env.DATABASE_FILE ?? 'app.db');

import { configureSqlite } from '@authentify/kysely';

const settings = configureSqlite(database); // right after new SQLite(file), before any query
// { journalMode: 'wal', synchronous: 1, busyTimeoutMs: 5000, mmapSizeBytes: 268435456,
//   cacheSize: -65536, journalSizeLimitBytes: 67108864 }

// Not in the docs: print it, then let the process end.
console.log(JSON.stringify(settings));
database.close();
