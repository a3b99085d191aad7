// The migration snippets of docs/storage.md, verbatim, on an in-memory SQLite database.
import SQLite from 'better-sqlite3';
import * as kysely from 'kysely';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselySessionStorage } from '@authentify/kysely';
import type { InstalledMigratorClass } from '../support/kysely-migrator.js';

const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });

// "The one-call helper"
import { migrateAuthentify } from '@authentify/kysely';

const ran = await migrateAuthentify(db); // [] when the database is already up to date

// "With Kysely's Migrator": the import for the installed Kysely (only 0.28's root has a
// `Migrator`), typed as that Kysely types its class, so that what follows is checked on both.
const { Migrator } = (await import(
  typeof kysely.Migrator === 'function' ? './migrator-import-kysely-0.28.js' : './migrator-import-kysely-0.29.js'
)) as { Migrator: InstalledMigratorClass };

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

// "In a bundle"
await migrateAuthentify(db, { Migrator });

// "Other table names"
const tables = { sessions: 'auth_sessions', rotatedRefreshTokens: 'auth_rotated_refresh_tokens' };
await migrateAuthentify(db, { tables });
const storage = createKyselySessionStorage({ db, tables });

console.log(JSON.stringify({ ran: ran.map((result) => result.migrationName), tables: storage.tables }));
await db.destroy();
