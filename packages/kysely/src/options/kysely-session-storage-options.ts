import type { Kysely } from 'kysely';
import type { KyselyDialectName } from '../dialects/dialect-name.js';
import type { TableNames } from '../schema/table-names.js';
import type { PostgresPool } from './postgres-pool.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** What {@link createKyselySessionStorage} accepts. */
export interface KyselySessionStorageOptions<DB> {
  /**
   * Your Kysely instance (SQLite through better-sqlite3, Postgres through pg, MySQL or MariaDB
   * through mysql2). The storage borrows its connections and never closes it. Its plugins are not
   * applied to the storage's queries. Required.
   */
  db: Kysely<DB>;

  /**
   * Which database `db` talks to. [detected from `db`'s adapter] Give it when a third-party
   * dialect brings an adapter of its own.
   */
  dialect?: KyselyDialectName;

  /**
   * The table names, if you migrated with other names. Must match the migrations.
   * [`{ sessions: 'authentify_sessions', rotatedRefreshTokens: 'authentify_rotated_refresh_tokens' }`]
   */
  tables?: Partial<TableNames>;

  /**
   * SQLite only: the better-sqlite3 `Database` that `db`'s `SqliteDialect` was created with.
   * With it, verification (the lookup by access-token digest, on every request) runs one
   * statement prepared once instead of going through Kysely's driver, which prepares every query
   * anew (~20 µs); logins (`createSession`) and refreshes (`rotateTokens`) run on statements
   * prepared once too, each as one `BEGIN IMMEDIATE` transaction. While a transaction is open on
   * that connection, these calls wait for Kysely's connection instead, so they never read
   * uncommitted data or join that transaction. [`undefined`]
   */
  sqliteDatabase?: SqliteDatabase;

  /**
   * Postgres only: the pg `Pool` that `db`'s `PostgresDialect` was created with. With it,
   * verification runs as a named prepared statement — parsed and planned once per connection —
   * instead of Kysely's unnamed queries, which Postgres parses and plans on every call. The
   * lookup takes any free connection of the pool, so it reads committed data only. [`undefined`]
   */
  postgresPool?: PostgresPool;

  /**
   * How long a login (with single-login or a session limit) or a "log out everywhere" waits for
   * the user's lock on Postgres and MySQL, in milliseconds, before it fails. On SQLite the
   * connection's busy timeout applies instead. [`10000`]
   */
  lockTimeoutMs?: number;

  /**
   * The longest any storage call may take, in milliseconds; a call still waiting then fails, and
   * core reports `storage_unavailable`. Your pool's timeouts should come first (pg's
   * `connectionTimeoutMillis` and `query_timeout`, mysql2's `connectTimeout`); this is the bound
   * for what they do not cover — above all a MySQL connection that stops answering in the middle
   * of a query, which mysql2 alone waits on until TCP gives up. The database may still finish the
   * abandoned call. [`undefined`: no bound of its own]
   */
  timeoutMs?: number;

  /**
   * Keep verified sessions' rows in memory, so that most verifications skip the database. Rows
   * are cached, never verdicts: expiry, revocation and transport are checked against core's clock
   * on every request. Every write through this storage (or another one on the same connection or
   * Kysely instance and tables) drops what it changed at once.
   *
   * - SQLite (needs `sqliteDatabase`): exact. Before each answer from memory the storage checks
   *   `PRAGMA data_version` and, when another connection (another process) has committed, reads
   *   the change log of migration `0007_add_session_change_log` and drops the sessions it names: a
   *   session revoked anywhere is refused on the very next request.
   * - Postgres and MySQL (needs `maxStalenessMs`): bounded. Nothing tells this process what another
   *   instance committed, so a row is answered from memory only while its read started at most
   *   `maxStalenessMs` ago: a session revoked through another instance can be accepted here for
   *   up to that long.
   *
   * [`undefined`: no cache]
   *
   * @example
   * ```ts
   * createKyselySessionStorage({ db, postgresPool: pool, sessionCache: { maxEntries: 10_000, maxStalenessMs: 1_000 } });
   * ```
   */
  sessionCache?: SessionCacheOptions;
}

/** What `sessionCache` accepts. */
export interface SessionCacheOptions {
  /** The most sessions kept; the least recently used go first. From 1 to 10,000,000. [`10000`] */
  maxEntries?: number;
  /**
   * Postgres and MySQL: required; SQLite: refused (it is exact there). How old, in milliseconds,
   * a cached row may be (counted from when its database read started) and still be answered from
   * memory; older rows are read again. It is the longest that a revocation made through ANOTHER
   * instance of your app can go unseen here. A whole number from 1 to 60,000.
   */
  maxStalenessMs?: number;
}
