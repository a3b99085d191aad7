import { migrateAuthentify } from '@authentify/kysely';
import { type Generated, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

/** The app's tables besides Authentify's. */
export interface AppTables {
  app_users: { id: string; email: string; name: string; password_hash: string; created_at: Generated<Date> };
}

/**
 * A pool and Kysely on PostgreSQL, set up as docs/storage.md says: bounded waits, and listeners
 * for connection errors (without them, a database restart would crash the app instead of
 * failing a few requests with 503).
 */
export async function openDatabase(connectionString: string): Promise<{ db: Kysely<AppTables>; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000, query_timeout: 10_000 });
  pool.on('error', (error) => console.warn('idle database connection lost:', error.message));
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<AppTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateAuthentify(db); // Authentify's own tables and migration history; a no-op once done
    await db.schema
      .createTable('app_users')
      .ifNotExists()
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('email', 'text', (column) => column.notNull().unique())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('password_hash', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, close: () => db.destroy() };
}
