import type { PostgresPool } from '../options/postgres-pool.js';
import type { SqliteDatabase, SqliteStatement } from '../options/sqlite-database.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import type { SessionRow } from '../schema/session-row.js';

/** Finds the row whose current access digest is `accessDigest`; the verification hot path. */
export type AccessDigestLookup = (accessDigest: string) => Promise<SessionRow | undefined>;

/**
 * The same, synchronously (better-sqlite3): the row, `null` when there is none, or `undefined`
 * when it cannot answer now because a transaction is open on the connection.
 */
export type SyncAccessDigestLookup = (accessDigest: string) => SessionRow | null | undefined;

/** The lookup, and with `sqliteDatabase` its synchronous form on the same prepared statement. */
export interface AccessDigestLookups {
  lookUp: AccessDigestLookup;
  lookUpSync?: SyncAccessDigestLookup;
}

/**
 * Builds the lookup once: the query is compiled here, and each call only swaps in the digest —
 * no query building, no compilation per request. With the better-sqlite3 `Database` at hand, the
 * compiled SQL is also prepared once (on first use, so the storage can be created before the
 * tables) and run directly, skipping the driver that would prepare it again on every call.
 *
 * While a transaction is open on that connection (the storage's own or the application's), the
 * statement would read its uncommitted writes, so the lookup goes through Kysely instead, which
 * waits until the connection is free.
 */
export function createAccessDigestLookup(
  db: StorageDb,
  fastPath: { sqliteDatabase: SqliteDatabase | undefined; postgresPool: PostgresPool | undefined },
): AccessDigestLookups {
  const { sqliteDatabase, postgresPool } = fastPath;
  const compiled = db.selectFrom('authentify_sessions').selectAll().where('access_digest', '=', '').compile();
  if (compiled.parameters.length !== 1) {
    throw new Error(`The access-digest lookup compiled to ${compiled.parameters.length} parameters; expected 1.`);
  }
  const throughKysely: AccessDigestLookup = async (accessDigest) => {
    const result = await db.executeQuery<SessionRow>({ ...compiled, parameters: [accessDigest] });
    return result.rows[0];
  };
  if (postgresPool !== undefined) {
    // Named after the SQL text, so storages with different table names never share a name.
    const statement = { name: `authentify_access_lookup_${fnv1a(compiled.sql)}`, text: compiled.sql };
    return {
      lookUp: async (accessDigest) => {
        const result = await postgresPool.query({ ...statement, values: [accessDigest] });
        return result.rows[0] as SessionRow | undefined;
      },
    };
  }
  if (sqliteDatabase === undefined) return { lookUp: throughKysely };

  let statement: SqliteStatement | undefined;
  const lookUpSync: SyncAccessDigestLookup = (accessDigest) => {
    if (sqliteDatabase.inTransaction) return undefined;
    statement ??= sqliteDatabase.prepare(compiled.sql);
    return (statement.get(accessDigest) as SessionRow | undefined) ?? null;
  };
  return {
    lookUp: async (accessDigest) => {
      const row = lookUpSync(accessDigest);
      return row === undefined ? throughKysely(accessDigest) : (row ?? undefined);
    },
    lookUpSync,
  };
}

/** A short, stable hex name for a SQL text (FNV-1a, 32 bits). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
