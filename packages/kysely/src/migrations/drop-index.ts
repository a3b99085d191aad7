import type { Kysely } from 'kysely';
import type { KyselyDialectName } from '../dialects/dialect-name.js';

/**
 * Drops index `index` of `table`, as the down step of a migration that created it. MySQL names
 * an index per table (`DROP INDEX … ON table`); SQLite and Postgres name it per schema.
 *
 * @example
 * await dropIndex(db, 'mysql', 'authentify_sessions_created_at_id_idx', 'authentify_sessions');
 */
export async function dropIndex(db: Kysely<unknown>, dialect: KyselyDialectName, index: string, table: string): Promise<void> {
  await db.schema.dropIndex(index).$call((builder) => (dialect === 'mysql' ? builder.on(table) : builder)).execute();
}
