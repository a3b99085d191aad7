import { configurationError } from '@authentify/core';
import type { Kysely } from 'kysely';
import { type KyselyDialectName, resolveDialectName } from '../dialects/dialect-name.js';
import { resolveTableNames, type TableNames } from '../schema/table-names.js';
import type { KyselySessionStorageOptions } from './kysely-session-storage-options.js';
import type { PostgresPool } from './postgres-pool.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** The options, checked and with their defaults. */
export interface ResolvedStorageOptions<DB> {
  /** The application's Kysely instance, checked not to be a transaction. */
  db: Kysely<DB>;
  /** As given, or detected from the adapter. */
  dialect: KyselyDialectName;
  /** Both names, defaults filled in. */
  tables: TableNames;
  /** Only ever set on SQLite. */
  sqliteDatabase: SqliteDatabase | undefined;
  /** Only ever set on Postgres. */
  postgresPool: PostgresPool | undefined;
  /** The wait for a user's lock, in milliseconds. */
  lockTimeoutMs: number;
  /** The bound on every call, in milliseconds; `undefined` for none. */
  timeoutMs: number | undefined;
  /**
   * The session cache, when there is one: on SQLite (with `sqliteDatabase`) without
   * `maxStalenessMs`, which is exact; on Postgres and MySQL always with it.
   */
  sessionCache: { maxEntries: number; maxStalenessMs: number | undefined } | undefined;
}

/** An hour: any longer and a wait is not bounded in any useful sense. */
const MAX_TIMEOUT_MS = 3_600_000;

/** Validates every option once; anything wrong throws `invalid_configuration` naming the option. */
export function resolveStorageOptions<DB>(options: KyselySessionStorageOptions<DB>): ResolvedStorageOptions<DB> {
  if (typeof options !== 'object' || options === null) {
    throw configurationError('db', 'is required: pass { db: yourKyselyInstance }.');
  }
  const { db } = options;
  if (typeof db !== 'object' || db === null || typeof (db as { getExecutor?: unknown }).getExecutor !== 'function') {
    throw configurationError('db', 'must be a Kysely instance (new Kysely({ dialect })).');
  }
  if ((db as { isTransaction?: unknown }).isTransaction === true) {
    throw configurationError('db', 'must not be a transaction: the storage runs its own transactions and outlives yours.');
  }
  const dialect = resolveDialectName(db, options.dialect, 'dialect');
  const tables = resolveTableNames(options.tables, 'tables');

  const lockTimeoutMs = options.lockTimeoutMs === undefined ? 10_000 : milliseconds(options.lockTimeoutMs, 'lockTimeoutMs');
  const timeoutMs = options.timeoutMs === undefined ? undefined : milliseconds(options.timeoutMs, 'timeoutMs');

  const { sqliteDatabase } = options;
  if (sqliteDatabase !== undefined) {
    if (dialect !== 'sqlite') {
      throw configurationError('sqliteDatabase', `is for SQLite only, but the dialect is '${dialect}'.`);
    }
    if (
      typeof sqliteDatabase !== 'object' ||
      sqliteDatabase === null ||
      typeof sqliteDatabase.prepare !== 'function' ||
      // Logins and refreshes run in its transactions: an object without them would fail only at the first one.
      typeof sqliteDatabase.transaction !== 'function'
    ) {
      throw configurationError('sqliteDatabase', 'must be the better-sqlite3 Database your SqliteDialect was created with.');
    }
  }
  const { postgresPool } = options;
  if (postgresPool !== undefined) {
    if (dialect !== 'postgres') {
      throw configurationError('postgresPool', `is for Postgres only, but the dialect is '${dialect}'.`);
    }
    if (typeof postgresPool !== 'object' || postgresPool === null || typeof postgresPool.query !== 'function') {
      throw configurationError('postgresPool', 'must be the pg Pool your PostgresDialect was created with.');
    }
  }
  const sessionCache = resolveSessionCache(options.sessionCache, dialect, sqliteDatabase !== undefined);
  return { db, dialect, tables, sqliteDatabase, postgresPool, lockTimeoutMs, timeoutMs, sessionCache };
}

const MAX_CACHE_ENTRIES = 10_000_000;
/** A minute: a longer window of accepted revoked sessions would make revocation meaningless. */
export const MAX_STALENESS_MS = 60_000;

function resolveSessionCache(
  value: unknown,
  dialect: KyselyDialectName,
  hasSqliteDatabase: boolean,
): { maxEntries: number; maxStalenessMs: number | undefined } | undefined {
  if (value === undefined) return undefined;
  if (dialect === 'sqlite' && !hasSqliteDatabase) {
    throw configurationError('sessionCache', 'needs `sqliteDatabase` (the better-sqlite3 Database of your SqliteDialect): the cache checks it for other connections\' commits.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configurationError(
      'sessionCache',
      dialect === 'sqlite' ? 'must be an object such as { maxEntries: 10000 }.' : 'must be an object such as { maxEntries: 10000, maxStalenessMs: 1000 }.',
    );
  }
  const { maxEntries = 10_000, maxStalenessMs } = value as { maxEntries?: unknown; maxStalenessMs?: unknown };
  if (typeof maxEntries !== 'number' || !Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > MAX_CACHE_ENTRIES) {
    throw configurationError('sessionCache.maxEntries', `must be a whole number from 1 to ${MAX_CACHE_ENTRIES}; got ${String(maxEntries)}.`);
  }
  if (dialect === 'sqlite') {
    if (maxStalenessMs !== undefined) {
      throw configurationError(
        'sessionCache.maxStalenessMs',
        'is for Postgres and MySQL only: on SQLite the cache is exact (another process\'s revocation is refused on the very next request). Leave it out.',
      );
    }
    return { maxEntries, maxStalenessMs: undefined };
  }
  if (typeof maxStalenessMs !== 'number' || !Number.isInteger(maxStalenessMs) || maxStalenessMs < 1 || maxStalenessMs > MAX_STALENESS_MS) {
    throw configurationError(
      'sessionCache.maxStalenessMs',
      `is required on '${dialect}', as a whole number of milliseconds from 1 to ${MAX_STALENESS_MS}; got ${String(maxStalenessMs)}. ` +
        'A cached session is re-read once it is that old, so a revocation made through another instance of your app can still be accepted here for up to that long (writes through this storage are seen at once).',
    );
  }
  return { maxEntries, maxStalenessMs };
}

function milliseconds(value: unknown, option: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TIMEOUT_MS) return value;
  throw configurationError(option, `must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}; got ${String(value)}.`);
}
