import { type LoginPolicy, type RefreshTokenMatch, SessionStorageError, type TokenRotation } from '@authentify/core';
import { randomDigest, sessionRecord } from '@authentify/core/testing';
import Database from 'better-sqlite3';
import { DefaultQueryCompiler, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { dropTables, freshTables, sqliteDb, testTables } from './support/test-databases.js';

/**
 * With `sqliteDatabase`, logins, refreshes, revocations and activity writes run on statements
 * prepared once, in one `BEGIN IMMEDIATE` transaction each, and so do the refresh path's reads —
 * on the storage's own table names — and all go through Kysely while a transaction is open on the
 * connection. Their failures classify as on the Kysely path.
 */
const names = testTables('afy_prepared_writes');
const revocation = { at: new Date(0), reason: 'single_login', retain: true } as const;
const singleLogin: LoginPolicy = { singleLogin: true, sessionLimit: null, revocation };
const noPolicy: LoginPolicy = { singleLogin: false, sessionLimit: null, revocation };

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

  it('log in, refresh, record activity and revoke without compiling a query, each statement prepared once', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
    const prepare = vi.spyOn(database.database, 'prepare');
    /**
     * Two logins of one user (the second ends the first), a refresh with a replay, its replayed
     * token, a sliding write, then the logout paths: one session, all but one, all.
     */
    const round = async (userId: string) => {
      const now = Date.now();
      const first = sessionRecord(now, { userId });
      const second = sessionRecord(now + 1, { userId });
      expect(await storage.createSession(first, singleLogin)).toEqual({ created: true, revokedSessionIds: [] });
      expect(await storage.createSession(second, singleLogin)).toEqual({ created: true, revokedSessionIds: [first.id] });
      expect((await storage.findSessionById(first.id))?.revokedAt).toEqual(revocation.at);
      expect(await storage.findSessionByRefreshDigest(second.refreshDigest!)).toMatchObject({ state: 'current', session: { id: second.id } });
      const withReplay = { ...rotationOf(now + 2), replay: { sealed: 'sealed-pair', expiresAt: new Date(now + 30_000) } };
      const rotated = await storage.rotateTokens(second.id, second.refreshDigest!, withReplay);
      expect(rotated).toMatchObject({ id: second.id, lastIp: '127.0.0.1' });
      expect(await storage.rotateTokens(second.id, second.refreshDigest!, rotationOf(now + 3))).toBeNull();
      expect(await storage.findSessionByRefreshDigest(second.refreshDigest!)).toMatchObject({ state: 'rotated', session: rotated! });
      expect(await storage.findRefreshReplay(second.refreshDigest!, new Date(now + 3))).toBe('sealed-pair');
      expect(await storage.findRefreshReplay(second.refreshDigest!, new Date(now + 30_000))).toBeNull();

      const activity = {
        lastUsedAt: new Date(now + 4),
        lastIp: '10.0.0.4',
        lastUserAgent: 'later',
        accessExpiresAt: new Date(now + 120_000),
        refreshExpiresAt: rotated!.refreshExpiresAt,
        expiresAt: rotated!.expiresAt,
      };
      expect(await storage.recordActivity(second.id, second.accessDigest, activity)).toBe(false);
      expect(await storage.recordActivity(second.id, rotated!.accessDigest, activity)).toBe(true);
      expect(await storage.recordActivity(second.id, rotated!.accessDigest, { ...activity, lastUsedAt: new Date(now) })).toBe(false);
      expect(await storage.findSessionById(second.id)).toMatchObject({ lastIp: '10.0.0.4', accessExpiresAt: activity.accessExpiresAt });

      const third = sessionRecord(now + 5, { userId });
      const fourth = sessionRecord(now + 6, { userId });
      await storage.createSession(third, noPolicy);
      await storage.createSession(fourth, noPolicy);
      const logout = { at: new Date(now + 7), reason: 'logout', retain: true } as const;
      expect(await storage.revokeSession(third.id, logout, { userId: 'someone-else' })).toBeNull();
      expect(await storage.revokeSession(third.id, logout, { userId })).toMatchObject({ id: third.id, revokedAt: null });
      expect(await storage.revokeSession(third.id, logout, {})).toBeNull();
      const others = { at: new Date(now + 8), reason: 'logout_other_devices', retain: true, actor: 'operator-1', note: 'lost phone' } as const;
      expect(await storage.revokeSessionsOfUser(userId, others, { exceptSessionId: fourth.id })).toEqual([second.id]);
      expect(await storage.findSessionById(second.id)).toMatchObject({ revokedBy: 'operator-1', revocationNote: 'lost phone' });
      expect(await storage.findRefreshReplay(second.refreshDigest!, new Date(now + 3))).toBeNull();
      const all = { at: new Date(now + 9), reason: 'logout_everywhere', retain: false } as const;
      expect(await storage.revokeSessionsOfUser(userId, all, {})).toEqual([fourth.id]);
      expect(await storage.findSessionById(fourth.id)).toBeNull();
      expect(await storage.revokeSessionsOfUser(userId, all, {})).toEqual([]);
    };
    await round('prepared-user-1');
    // Every statement was prepared, on the storage's own table names.
    expect(prepare.mock.calls.length).toBeGreaterThanOrEqual(15);
    for (const [text] of prepare.mock.calls) expect(text).toMatch(/"afy_prepared_writes_(sessions|rotated)"/);
    compile.mockClear();
    prepare.mockClear();
    await round('prepared-user-2');
    // Nothing compiles and nothing is prepared again: not the writes, not the reads in between.
    expect(compile).not.toHaveBeenCalled();
    expect(prepare).not.toHaveBeenCalled();
  });

  it("drop the previous replay through migration 0008's index, not by reading every digest the session rotated away", async () => {
    // A connection of its own: statements are prepared once per connection, and these must be seen.
    const own = sqliteDb();
    onTestFinished(async () => {
      await own.db.destroy();
      own.remove();
    });
    await freshTables(own.db, names);
    const prepare = vi.spyOn(own.database, 'prepare');
    const storage = createKyselySessionStorage({ db: own.db, tables: names.tables, sqliteDatabase: own.database });
    const now = Date.now();
    const record = sessionRecord(now, { userId: 'replay-index' });
    await storage.createSession(record, noPolicy);
    let expected = record.refreshDigest!;
    for (let rotation = 0; rotation < 5; rotation++) {
      const next = { ...rotationOf(now + rotation), replay: { sealed: `sealed-${rotation}`, expiresAt: new Date(now + 30_000) } };
      expect(await storage.rotateTokens(record.id, expected, next)).not.toBeNull();
      expected = next.refreshDigest;
    }
    // Only the latest rotation keeps its replay.
    const { rows } = await sql<{ sealed: string }>`select sealed_replay as sealed from ${sql.table(names.tables.rotatedRefreshTokens)}
      where session_id = ${record.id} and replay_expires_at is not null`.execute(own.db);
    expect(rows).toEqual([{ sealed: 'sealed-4' }]);

    const dropSource = prepare.mock.calls.map(([source]) => source).find((source) => /^update .* set "sealed_replay" = \?.* where "session_id" = \? and "replay_expires_at" is not null$/.test(source));
    expect(dropSource).toBeDefined();
    const plan = own.database.prepare(`explain query plan ${dropSource!}`).all(null, null, record.id) as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toContain(`USING INDEX ${names.tables.rotatedRefreshTokens}_session_id_replay_idx`);
  });

  it('go through Kysely while an application transaction is open, and roll back with it', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const now = Date.now();
    const kept = sessionRecord(now, { userId: 'transaction-user' });
    await storage.createSession(kept, singleLogin);
    const login = sessionRecord(now + 1, { userId: 'transaction-user' });
    let pendingLogin: Promise<unknown> | undefined;
    let pendingRefresh: Promise<unknown> | undefined;
    let pendingRead: Promise<RefreshTokenMatch | null> | undefined;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`update ${sql.table(names.tables.sessions)} set last_ip = 'inside' where id = ${kept.id}`.execute(trx);
        expect(database.database.inTransaction).toBe(true);
        // Run now, these would join the open transaction; on the Kysely path they wait for it.
        // Nor may a read see the open transaction's writes: it waits for the connection too.
        pendingRead = storage.findSessionByRefreshDigest(kept.refreshDigest!);
        pendingLogin = storage.createSession(login, singleLogin);
        pendingRefresh = storage.rotateTokens(kept.id, kept.refreshDigest!, rotationOf(now + 2));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await pendingRead)?.session.lastIp).toBe(kept.lastIp);
    expect(await pendingLogin).toEqual({ created: true, revokedSessionIds: [kept.id] });
    // The refresh ran after the login had ended the session it refreshes.
    expect(await pendingRefresh).toBeNull();
    expect((await storage.findSessionById(kept.id))?.lastIp).toBe(kept.lastIp);

    const logout = { at: new Date(now + 3), reason: 'logout', retain: true } as const;
    const activity = { lastUsedAt: new Date(now + 3), lastIp: 'x', lastUserAgent: 'x', accessExpiresAt: null, refreshExpiresAt: null, expiresAt: null };
    let pending: Promise<unknown>[] = [];
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`update ${sql.table(names.tables.sessions)} set last_ip = 'inside' where id = ${login.id}`.execute(trx);
        pending = [
          storage.recordActivity(login.id, login.accessDigest, activity),
          storage.revokeSession(login.id, logout, {}),
          storage.revokeSessionsOfUser('transaction-user', logout, {}),
        ];
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // In call order, each after the rollback: the write, then the revocation, then nothing left to revoke.
    expect(await Promise.all(pending)).toEqual([true, expect.objectContaining({ id: login.id, lastIp: 'x' }), []]);
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
        failures.push(await storage.revokeSession(record.id, revocation, {}).catch((error: unknown) => error));
        failures.push(await storage.revokeSessionsOfUser(record.userId, revocation, {}).catch((error: unknown) => error));
        const activity = { lastUsedAt: new Date(), lastIp: 'x', lastUserAgent: 'x', accessExpiresAt: null, refreshExpiresAt: null, expiresAt: null };
        failures.push(await storage.recordActivity(record.id, record.accessDigest, activity).catch((error: unknown) => error));
        // A write lock does not stop readers in WAL mode: the refresh path's reads still answer.
        expect(await storage.findSessionByRefreshDigest(record.refreshDigest!)).toMatchObject({ state: 'current' });
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
    expect(await fast.revokeSession(record.id, revocation, {})).toMatchObject({ id: record.id });
  });
});
