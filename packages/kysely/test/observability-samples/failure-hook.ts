// The onStorageFailure hook and logger options of docs/observability.md, verbatim, then a check.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createAuthentify, type StorageFailureCode } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';

const database = new SQLite(':memory:');
const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
const storage = createKyselySessionStorage({ db, sqliteDatabase: database });
const failures = new Map<StorageFailureCode, number>();

const auth = createAuthentify({
  storage,
  logger: false, // this application reports through its own monitoring instead
  hooks: {
    onStorageFailure: ({ operation, code, message }) => {
      failures.set(code, (failures.get(code) ?? 0) + 1);
      if (failures.get(code) === 1) process.stderr.write(`session storage: ${code} in ${operation}: ${message}\n`);
    },
  },
});

// Not in the docs: fail twice, show the counts, let the process end.
for (const userId of ['alice', 'bob']) await auth.issueSession({ userId, transport: 'header' }).catch(() => undefined);
console.log(JSON.stringify(Object.fromEntries(failures)));
await db.destroy();
