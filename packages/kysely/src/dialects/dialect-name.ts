import { configurationError } from '@authentify/core';
import { type Kysely, MysqlAdapter, PostgresAdapter, SqliteAdapter } from 'kysely';

/** The databases the storage knows: SQLite, Postgres, and MySQL or MariaDB. */
export type KyselyDialectName = 'sqlite' | 'postgres' | 'mysql';

const DIALECT_NAMES: readonly KyselyDialectName[] = ['sqlite', 'postgres', 'mysql'];

/**
 * The dialect to use: `explicit` when given (checked), else the one the Kysely instance's adapter
 * tells — Kysely's own SQLite, Postgres and MySQL adapters, which third-party dialects for the
 * same databases reuse. Throws `invalid_configuration` naming `option` when neither works.
 */
export function resolveDialectName<DB>(db: Kysely<DB>, explicit: unknown, option: string): KyselyDialectName {
  if (explicit !== undefined) {
    if (DIALECT_NAMES.includes(explicit as KyselyDialectName)) return explicit as KyselyDialectName;
    throw configurationError(option, `must be one of ${DIALECT_NAMES.map((n) => `'${n}'`).join(', ')}; got ${JSON.stringify(explicit)}.`);
  }
  const adapter: unknown = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  const adapterName = (adapter as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'unknown';
  throw configurationError(
    option,
    `could not be detected from the Kysely instance (its adapter is ${adapterName}); pass ${DIALECT_NAMES.map((n) => `'${n}'`).join(', ')} if your database speaks one of them.`,
  );
}
