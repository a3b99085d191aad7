// The migration snippets of docs/storage.md, verbatim, on an in-memory SQLite database.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselySessionStorage } from '@authentify/kysely';

const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });

// "The one-call helper"
import { migrateAuthentify } from '@authentify/kysely';

const ran = await migrateAuthentify(db); // [] when the database is already up to date

// "With Kysely's Migrator"
import { Migrator } from 'kysely';
import { AuthentifyMigrationProvider } from '@authentify/kysely';

const migrator = new Migrator({
  db,
  provider: new AuthentifyMigrationProvider(),
  migrationTableName: 'authentify_migration',
  migrationLockTableName: 'authentify_migration_lock',
});
const { error, results } = await migrator.migrateToLatest();
if (error) throw error;
console.log(results?.map((result) => `${result.migrationName}: ${result.status}`));

// "Other table names"
const tables = { sessions: 'auth_sessions', rotatedRefreshTokens: 'auth_rotated_refresh_tokens' };
await migrateAuthentify(db, { tables });
const storage = createKyselySessionStorage({ db, tables });

console.log(JSON.stringify({ ran: ran.map((result) => result.migrationName), tables: storage.tables }));
await db.destroy();
