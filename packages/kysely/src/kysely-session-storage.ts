import type {
  CreateSessionOutcome,
  LoginPolicy,
  PruneScope,
  RefreshTokenMatch,
  Revocation,
  RevokedSessionRef,
  SessionActivity,
  SessionFilter,
  SessionRecord,
  SessionSearchPage,
  SessionStateCounts,
  SessionStorage,
  SessionUpdate,
  TokenRotation,
} from '@authentify/core';
import type { SessionCacheDrops } from './cache/cache-siblings.js';
import { createSessionCache } from './cache/create-session-cache.js';
import type { KyselyDialectName } from './dialects/dialect-name.js';
import { createDialectStrategy } from './dialects/create-dialect-strategy.js';
import { classifyDatabaseError } from './failures/database-failure.js';
import { type AccessDigestLookup, createAccessDigestLookup, type SyncAccessDigestLookup } from './operations/access-digest-lookup.js';
import { withCallTimeout } from './operations/call-timeout.js';
import { createSession } from './operations/create-session.js';
import { findSessionById, findSessionByRefreshDigest, listSessionsOfUser } from './operations/find-sessions.js';
import { countSessionsByState, revokeMatchingSessions, searchSessions } from './operations/operator-queries.js';
import { deleteEndedSessions, deleteExpiredRotatedTokens } from './operations/prune.js';
import { deleteExpiredRefreshReplays, findRefreshReplay } from './operations/refresh-replays.js';
import { recordActivity } from './operations/record-activity.js';
import { revokeSession, revokeSessionsOfUser } from './operations/revoke-sessions.js';
import { rotateTokens } from './operations/rotate-tokens.js';
import { createPostgresWrites } from './operations/postgres-writes.js';
import { createSqlitePrune } from './operations/sqlite-prune.js';
import { createSqliteReads } from './operations/sqlite-reads.js';
import { sqliteStatements } from './operations/sqlite-statements.js';
import { createSqliteWrites } from './operations/sqlite-writes.js';
import { updateSession } from './operations/update-session.js';
import type { StorageContext } from './operations/storage-context.js';
import type { KyselySessionStorageOptions } from './options/kysely-session-storage-options.js';
import type { SqliteDatabase } from './options/sqlite-database.js';
import { resolveStorageOptions } from './options/resolve-storage-options.js';
import type { StorageDb } from './schema/authentify-tables.js';
import { toSessionRecord } from './schema/session-row.js';
import { DEFAULT_TABLE_NAMES, type TableNames } from './schema/table-names.js';
import { TableNamesPlugin } from './schema/table-names-plugin.js';

/** A {@link SessionStorage} on Kysely, created by {@link createKyselySessionStorage}. */
export interface KyselySessionStorage extends SessionStorage {
  /** The database it talks to, as given or detected. */
  readonly dialect: KyselyDialectName;
  /** The tables it uses. */
  readonly tables: Readonly<TableNames>;
}

/**
 * Creates the session storage for `@authentify/core` on your Kysely instance: SQLite
 * (better-sqlite3), Postgres (pg), or MySQL and MariaDB (mysql2). Run the migrations first
 * ({@link migrateAuthentify}, which works on Kysely 0.28 and 0.29 without your importing the
 * `Migrator`; or {@link AuthentifyMigrationProvider} in your own `Migrator`, imported from
 * 'kysely/migration' on Kysely 0.29 and from 'kysely' on 0.28).
 *
 * Every atomic promise of the storage contract (refresh compare-and-swap, single-login, session
 * limits, one winner per revocation) holds under concurrency on each database, across processes
 * and app instances. Verification costs one indexed lookup by a query compiled once — with
 * `sqliteDatabase`, one statement prepared once.
 *
 * @throws AuthentifyError `invalid_configuration` when an option is wrong; `option` names it.
 * @example
 * ```ts
 * import SQLite from 'better-sqlite3';
 * import { Kysely, SqliteDialect } from 'kysely';
 * import { createAuthentify } from '@authentify/core';
 * import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';
 *
 * const database = new SQLite('app.db');
 * database.pragma('journal_mode = WAL');
 * const db = new Kysely<YourDatabase>({ dialect: new SqliteDialect({ database }) });
 * await migrateAuthentify(db);
 *
 * const auth = createAuthentify({
 *   storage: createKyselySessionStorage({ db, sqliteDatabase: database }),
 * });
 * ```
 */
export function createKyselySessionStorage<DB>(options: KyselySessionStorageOptions<DB>): KyselySessionStorage {
  const resolved = resolveStorageOptions(options);
  let db = resolved.db.withoutPlugins() as unknown as StorageDb;
  if (!isDefault(resolved.tables)) db = db.withPlugin(new TableNamesPlugin(resolved.tables));
  const dialect = createDialectStrategy(resolved.dialect, {
    lockNamespace: resolved.tables.sessions,
    lockTimeoutMs: resolved.lockTimeoutMs,
  });
  const lookups = createAccessDigestLookup(db, resolved);
  const { postgresPool } = resolved;
  const postgresWrites =
    postgresPool !== undefined && typeof postgresPool.connect === 'function'
      ? createPostgresWrites(db, { query: postgresPool.query.bind(postgresPool), connect: postgresPool.connect.bind(postgresPool) }, {
          lockNamespace: resolved.tables.sessions,
          lockTimeoutMs: resolved.lockTimeoutMs,
        })
      : undefined;
  const context: StorageContext = {
    db,
    dialect,
    ...preparedSqlitePath(db, resolved.sqliteDatabase),
    ...(postgresWrites === undefined ? {} : { postgresWrites }),
  };
  const cache = createSessionCache(lookups.lookUp, resolved);
  // With the cache, every lookup goes through it: the synchronous path would read around it.
  return new KyselyStorage(context, cache.lookUp ?? lookups.lookUp, cache.lookUp === undefined ? lookups.lookUpSync : undefined, resolved.tables, resolved.timeoutMs, cache.drops);
}

class KyselyStorage implements KyselySessionStorage {
  readonly dialect: KyselyDialectName;
  readonly tables: Readonly<TableNames>;
  readonly #context: StorageContext;
  readonly #lookUpAccessDigest: AccessDigestLookup;
  readonly #timeoutMs: number | undefined;
  /** With `sqliteDatabase` only (and no `sessionCache`): core then verifies without awaiting the lookup. */
  readonly findSessionByAccessDigestSync?: (accessDigest: string) => SessionRecord | null | undefined;
  /** With `sqliteDatabase` only: checkpoints the WAL from a worker thread during a prune. */
  readonly beginPrune?: () => Promise<PruneScope>;
  /**
   * Every write below tells the session caches of its connection or Kysely instance (its own, if
   * it has one) what it changed, even when it failed (it may have committed).
   */
  readonly #cacheDrops: SessionCacheDrops;

  constructor(
    context: StorageContext,
    lookUpAccessDigest: AccessDigestLookup,
    lookUpSync: SyncAccessDigestLookup | undefined,
    tables: TableNames,
    timeoutMs: number | undefined,
    cacheDrops: SessionCacheDrops,
  ) {
    this.#context = context;
    this.#cacheDrops = cacheDrops;
    this.#lookUpAccessDigest = lookUpAccessDigest;
    this.#timeoutMs = timeoutMs;
    this.dialect = context.dialect.name;
    this.tables = Object.freeze({ ...tables });
    const { sqlitePrune } = context;
    if (sqlitePrune !== undefined) this.beginPrune = () => Promise.resolve(sqlitePrune.beginPrune());
    if (lookUpSync !== undefined) {
      // A synchronous read has no timeout to bound it; its failures are classified as the async ones.
      this.findSessionByAccessDigestSync = (accessDigest) => {
        let row;
        try {
          row = lookUpSync(accessDigest);
        } catch (error) {
          throw classifyDatabaseError(error);
        }
        return row === undefined || row === null ? row : toSessionRecord(row);
      };
    }
  }

  createSession(session: SessionRecord, policy: LoginPolicy): Promise<CreateSessionOutcome> {
    return this.#bounded('createSession', this.#changing(createSession(this.#context, session, policy), (outcome) =>
      outcome.created ? [session.id, ...outcome.revokedSessionIds] : [],
    ));
  }

  async findSessionByAccessDigest(accessDigest: string): Promise<SessionRecord | null> {
    // The hot path: a try/catch costs nothing until something throws; a .catch() would add a promise.
    let row;
    try {
      row = await withCallTimeout(this.#lookUpAccessDigest(accessDigest), this.#timeoutMs, 'findSessionByAccessDigest');
    } catch (error) {
      throw classifyDatabaseError(error);
    }
    return row === undefined ? null : toSessionRecord(row);
  }

  findSessionByRefreshDigest(refreshDigest: string): Promise<RefreshTokenMatch | null> {
    return this.#bounded('findSessionByRefreshDigest', findSessionByRefreshDigest(this.#context, refreshDigest));
  }

  findSessionById(sessionId: string): Promise<SessionRecord | null> {
    return this.#bounded('findSessionById', findSessionById(this.#context, sessionId));
  }

  rotateTokens(sessionId: string, expectedRefreshDigest: string, rotation: TokenRotation): Promise<SessionRecord | null> {
    return this.#bounded('rotateTokens', this.#changingOne(sessionId, rotateTokens(this.#context, sessionId, expectedRefreshDigest, rotation)));
  }

  findRefreshReplay(replacedRefreshDigest: string, now: Date): Promise<string | null> {
    return this.#bounded('findRefreshReplay', findRefreshReplay(this.#context, replacedRefreshDigest, now));
  }

  recordActivity(sessionId: string, accessDigest: string, activity: SessionActivity): Promise<boolean> {
    // Dropped rather than patched: the next lookup reads what was written, so the throttle holds.
    return this.#bounded('recordActivity', this.#changingOne(sessionId, recordActivity(this.#context, sessionId, accessDigest, activity)));
  }

  updateSession(sessionId: string, update: SessionUpdate, options: { userId?: string } = {}): Promise<SessionRecord | null> {
    return this.#bounded('updateSession', this.#changingOne(sessionId, updateSession(this.#context, sessionId, update, options)));
  }

  revokeSession(sessionId: string, revocation: Revocation, options: { userId?: string } = {}): Promise<SessionRecord | null> {
    return this.#bounded('revokeSession', this.#changingOne(sessionId, revokeSession(this.#context, sessionId, revocation, options)));
  }

  revokeSessionsOfUser(userId: string, revocation: Revocation, options: { exceptSessionId?: string; includeApiKeys?: boolean } = {}): Promise<string[]> {
    return this.#bounded('revokeSessionsOfUser', this.#changing(revokeSessionsOfUser(this.#context, userId, revocation, options), (ids) => ids));
  }

  listSessionsOfUser(userId: string, options: { now: Date; includeEnded: boolean }): Promise<SessionRecord[]> {
    return this.#bounded('listSessionsOfUser', listSessionsOfUser(this.#context, userId, options));
  }

  deleteEndedSessions(options: { endedBefore: Date; limit: number; userId?: string }): Promise<number> {
    // The deleted ids are not known; a cached copy would be refused anyway, but as expired or
    // revoked rather than unknown, so the cache goes whole.
    return this.#bounded('deleteEndedSessions', this.#changing(deleteEndedSessions(this.#context, options), (deleted) => (deleted > 0 ? 'all' : [])));
  }

  deleteExpiredRotatedTokens(options: { expiredBefore: Date; limit: number }): Promise<number> {
    return this.#bounded('deleteExpiredRotatedTokens', deleteExpiredRotatedTokens(this.#context, options));
  }

  deleteExpiredRefreshReplays(options: { expiredBefore: Date; limit: number }): Promise<number> {
    return this.#bounded('deleteExpiredRefreshReplays', deleteExpiredRefreshReplays(this.#context, options));
  }

  searchSessions(filter: SessionFilter, page: SessionSearchPage): Promise<SessionRecord[]> {
    return this.#bounded('searchSessions', searchSessions(this.#context, filter, page));
  }

  countSessionsByState(filter: SessionFilter, now: Date): Promise<SessionStateCounts> {
    return this.#bounded('countSessionsByState', countSessionsByState(this.#context, filter, now));
  }

  revokeMatchingSessions(filter: SessionFilter, revocation: Revocation, options: { now: Date; exceptSessionId?: string }): Promise<RevokedSessionRef[]> {
    return this.#bounded('revokeMatchingSessions', this.#changing(revokeMatchingSessions(this.#context, filter, revocation, options), (refs) =>
      refs.map((ref) => ref.sessionId),
    ));
  }

  /** `call`, after which the caches drop session `sessionId`, whether it succeeded or not. */
  #changingOne<T>(sessionId: string, call: Promise<T>): Promise<T> {
    return call.finally(() => this.#cacheDrops.dropSessions([sessionId]));
  }

  /**
   * `call`, after which the caches drop the sessions `touched` names in its result — or all of
   * them when it failed, since a failed write may still have committed something.
   */
  #changing<T>(call: Promise<T>, touched: (result: T) => Iterable<string> | 'all'): Promise<T> {
    const drops = this.#cacheDrops;
    return call.then(
      (result) => {
        const ids = touched(result);
        if (ids === 'all') drops.dropAll();
        else drops.dropSessions(ids);
        return result;
      },
      (error: unknown) => {
        drops.dropAll();
        throw error;
      },
    );
  }

  /** `call` bounded by the storage's timeout, its failures classified for the operator. */
  #bounded<T>(method: string, call: Promise<T>): Promise<T> {
    return withCallTimeout(call, this.#timeoutMs, method).catch((error: unknown) => {
      throw classifyDatabaseError(error);
    });
  }
}

/** With `sqliteDatabase`, the reads and writes on statements prepared once (none is prepared yet). */
function preparedSqlitePath(db: StorageDb, database: SqliteDatabase | undefined): Pick<StorageContext, 'sqliteReads' | 'sqliteWrites' | 'sqlitePrune'> {
  if (database === undefined) return {};
  const statements = sqliteStatements(db, database);
  return {
    sqliteReads: createSqliteReads(database, statements),
    sqliteWrites: createSqliteWrites(database, statements),
    sqlitePrune: createSqlitePrune(db, database),
  };
}

function isDefault(tables: TableNames): boolean {
  return tables.sessions === DEFAULT_TABLE_NAMES.sessions && tables.rotatedRefreshTokens === DEFAULT_TABLE_NAMES.rotatedRefreshTokens;
}
