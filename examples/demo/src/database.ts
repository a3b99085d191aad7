import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrateAuthentify } from '@authentify/kysely';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

/** The demo's one SQLite file: Authentify's session tables and the demo's users. */
export interface DemoDatabase {
  /** The better-sqlite3 connection (the users' statements and Authentify's fast path use it). */
  readonly database: Database.Database;
  /** Kysely on the same connection, for Authentify's storage and migrations. */
  readonly db: Kysely<unknown>;
  readonly file: string;
  /** Whether this start created the file. */
  readonly created: boolean;
  close(): Promise<void>;
}

/**
 * Opens (creating on first run) `<dataDir>/demo.sqlite` in WAL mode and brings Authentify's
 * tables up to date; `migrateAuthentify` does nothing on a database that is already migrated.
 */
export async function openDemoDatabase(dataDir: string): Promise<DemoDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo.sqlite');
  const created = !existsSync(file);
  // The busy timeout lets a second process on the same file wait for the write lock.
  const database = new Database(file, { timeout: 5_000 });
  database.pragma('journal_mode = WAL');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrateAuthentify(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    database,
    db,
    file,
    created,
    // Kysely's SQLite driver closes the better-sqlite3 connection.
    close: () => db.destroy(),
  };
}
