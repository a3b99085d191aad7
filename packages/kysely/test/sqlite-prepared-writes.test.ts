import { type LoginPolicy, SessionStorageError, type TokenRotation } from '@authentify/core';
import { randomDigest, sessionRecord } from '@authentify/core/testing';
import Database from 'better-sqlite3';
import { DefaultQueryCompiler, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { dropTables, freshTables, sqliteDb, testTables } from './support/test-databases.js';

/**
 * With `sqliteDatabase`, logins and refreshes run on statements prepared once, in one
 * `BEGIN IMMEDIATE` transaction each — on the storage's own table names — and go through Kysely
 * while a transaction is open on the connection. Their failures classify as on the Kysely path.
 */
const names = testTables('afy_prepared_writes');
const revocation = { at: new Date(0), reason: 'single_login', retain: true } as const;
const singleLogin: LoginPolicy = { singleLogin: true, sessionLimit: null, revocation };

function rotationOf(now: number): TokenRotation {
  return {
    accessDigest: randomDigest(),
    refreshDigest: randomDigest(),
    accessExpiresAt: new Date(now + 60_000),
    refreshExpiresAt: new Date(now + 3_600_000),
    expiresAt: new Date(now + 3_600_000),
    lastUsedAt: new Date(now),
    lastIp: '127.0.0.1',
    lastUserAgent: 'test',
    rotatedAt: new Date(now),
    replay: null,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('prepared writes on SQLite', () => {
  let database: ReturnType<typeof sqliteDb>;
  beforeAll(async () => {
    database = sqliteDb();
    await freshTables(database.db, names);
  });
  afterAll(async () => {
    await database.db.destroy();
    database.remove();
  });

  it('log in (single-login) and refresh without compiling a query, each statement prepared once', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
    const prepare = vi.spyOn(database.database, 'prepare');
    /** Two logins of one user (the second ends the first), a refresh, then its replayed token. */
    const round = async (userId: string) => {
      const now = Date.now();
      const first = sessionRecord(now, { userId });
      const second = sessionRecord(now + 1, { userId });
      expect(await storage.createSession(first, singleLogin)).toEqual({ created: true, revokedSessionIds: [] });
      expect(await storage.createSession(second, singleLogin)).toEqual({ created: true, revokedSessionIds: [first.id] });
      expect((await storage.findSessionById(first.id))?.revokedAt).toEqual(revocation.at);
      const rotated = await storage.rotateTokens(second.id, second.refreshDigest!, rotationOf(now + 2));
      expect(rotated).toMatchObject({ id: second.id, lastIp: '127.0.0.1' });
      expect(await storage.rotateTokens(second.id, second.refreshDigest!, rotationOf(now + 3))).toBeNull();
      expect(await storage.findSessionByRefreshDigest(second.refreshDigest!)).toMatchObject({ state: 'rotated', session: rotated! });
    };
    await round('prepared-user-1');
    // Every statement the writes use was prepared, on the storage's own table names.
    expect(prepare.mock.calls.length).toBeGreaterThanOrEqual(6);
    for (const [text] of prepare.mock.calls) expect(text).toMatch(/"afy_prepared_writes_(sessions|rotated)"/);
    compile.mockClear();
    prepare.mockClear();
    await round('prepared-user-2');
    // Only the reads in between compile, through Kysely: findSessionById, and findSessionByRefreshDigest's
    // two (the current digest, then the rotated ones).
    expect(compile).toHaveBeenCalledTimes(3);
    // Kysely's driver prepares those three anew; no write is prepared again.
    expect(prepare.mock.calls.map(([text]) => text.split(' ')[0])).toEqual(['select', 'select', 'select']);
  });

  it('go through Kysely while an application transaction is open, and roll back with it', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const now = Date.now();
    const kept = sessionRecord(now, { userId: 'transaction-user' });
    await storage.createSession(kept, singleLogin);
    const login = sessionRecord(now + 1, { userId: 'transaction-user' });
    let pendingLogin: Promise<unknown> | undefined;
    let pendingRefresh: Promise<unknown> | undefined;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`update ${sql.table(names.tables.sessions)} set last_ip = 'inside' where id = ${kept.id}`.execute(trx);
        expect(database.database.inTransaction).toBe(true);
        // Run now, these would join the open transaction; on the Kysely path they wait for it.
        pendingLogin = storage.createSession(login, singleLogin);
        pendingRefresh = storage.rotateTokens(kept.id, kept.refreshDigest!, rotationOf(now + 2));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await pendingLogin).toEqual({ created: true, revokedSessionIds: [kept.id] });
    // The refresh ran after the login had ended the session it refreshes.
    expect(await pendingRefresh).toBeNull();
    expect((await storage.findSessionById(kept.id))?.lastIp).toBe(kept.lastIp);
    expect(database.database.inTransaction).toBe(false);
  });

  it('fail with the missing-migration code when a table is gone, and work again once it is back', async () => {
    const other = testTables('afy_prepared_dropped');
    await freshTables(database.db, other);
    const storage = createKyselySessionStorage({ db: database.db, tables: other.tables, sqliteDatabase: database.database });
    const record = sessionRecord(Date.now());
    await storage.createSession(record, singleLogin);
    await dropTables(database.db, other);
    const failure = await storage.createSession(sessionRecord(Date.now()), singleLogin).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SessionStorageError);
    expect(failure).toMatchObject({ code: 'schema_missing' });
    await expect(storage.rotateTokens(record.id, record.refreshDigest!, rotationOf(Date.now()))).rejects.toMatchObject({ code: 'schema_missing' });
    expect(database.database.inTransaction).toBe(false);
    await freshTables(database.db, other);
    expect(await storage.createSession(sessionRecord(Date.now()), singleLogin)).toMatchObject({ created: true });
    await dropTables(database.db, other);
  });

  it('fail as the Kysely path does while another connection holds the write lock, then go on', async () => {
    const blocker = new Database(database.file);
    const record = sessionRecord(Date.now());
    const fast = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const viaKysely = createKyselySessionStorage({ db: database.db, tables: names.tables });
    await fast.createSession(record, singleLogin);
    database.database.pragma('busy_timeout = 20');
    blocker.exec('begin immediate');
    try {
      const failures = [];
      for (const storage of [fast, viaKysely]) {
        failures.push(await storage.createSession(sessionRecord(Date.now()), singleLogin).catch((error: unknown) => error));
        failures.push(await storage.rotateTokens(record.id, record.refreshDigest!, rotationOf(Date.now())).catch((error: unknown) => error));
      }
      // Not classified (core reports it as `unknown`): the same SQLITE_BUSY on both paths.
      for (const failure of failures) expect(failure).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(database.database.inTransaction).toBe(false);
    } finally {
      blocker.exec('rollback');
      blocker.close();
      database.database.pragma('busy_timeout = 10000');
    }
    expect(await fast.rotateTokens(record.id, record.refreshDigest!, rotationOf(Date.now()))).not.toBeNull();
  });
});
