import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createAuthentify } from '@authentify/core';
import { createTestClock, uniqueUserId } from '@authentify/core/testing';
import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { freshTables, sqliteDb, testTables } from './support/test-databases.js';

/** The core conformance suite on SQLite with the session cache on. */
{
  let database: ReturnType<typeof sqliteDb> | undefined;
  describeSessionStorageConformance({
    name: 'KyselySessionStorage on SQLite (WAL file, session cache)',
    parallelism: 20,
    async setup() {
      database = sqliteDb();
      const names = testTables('afy_sqlite_cache_conformance');
      await freshTables(database.db, names);
      return createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database, sessionCache: { maxEntries: 50 } });
    },
    async teardown() {
      await database?.db.destroy();
      database?.remove();
    },
  });
}

describe('the session cache on SQLite, in one process', () => {
  const names = testTables('afy_sqlite_cache');
  let database: ReturnType<typeof sqliteDb>;
  const storage = (maxEntries = 100) =>
    createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database, sessionCache: { maxEntries } });
  const setup = (options: Parameters<typeof createAuthentify>[0] extends infer O ? Partial<O> : never = {}) => {
    const clock = createTestClock(Date.UTC(2032, 2, 3, 4, 5, 6, 789));
    return { auth: createAuthentify({ storage: storage(), clock, ...options }), clock };
  };
  /** Deletes a session's row behind the storage's back, on its own connection: only a cache still answers. */
  const deleteBehindTheBack = (sessionId: string) =>
    database.database.prepare(`delete from "${names.tables.sessions}" where id = ?`).run(sessionId);

  beforeAll(async () => {
    database = sqliteDb();
    await freshTables(database.db, names);
  });
  afterAll(async () => {
    await database.db.destroy();
    database.remove();
  });

  it('answers a repeated verification from memory (shown by a row deleted behind its back)', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    deleteBehindTheBack(issued.session.id);
    // The same connection committed, so data_version did not move: the cached row answers. This is
    // why every write must go through the storage (documented).
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    // Without the cache, the deleted row is gone.
    const uncached = createAuthentify({ storage: createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database }) });
    expect(await uncached.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses a revoked session on the very next request', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await auth.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses every session after logout-all, and the others after logout-others', async () => {
    const { auth } = setup();
    const userId = uniqueUserId();
    const sessions = [];
    for (let index = 0; index < 3; index++) sessions.push(await auth.issueSession({ userId, transport: 'header' }));
    for (const issued of sessions) expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await auth.revokeOtherSessionsOfUser(userId, sessions[0]!.session.id)).toBe(2);
    expect(await auth.authenticateToken(sessions[0]!.accessToken, 'header')).toMatchObject({ ok: true });
    for (const issued of sessions.slice(1)) expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false });
    expect(await auth.revokeAllSessionsOfUser(userId)).toBe(1);
    expect(await auth.authenticateToken(sessions[0]!.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses the old access token right after a refresh, and accepts the new one', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    expect(refreshed.ok).toBe(true);
    if (!refreshed.ok) return;
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false });
    expect(await auth.authenticateToken(refreshed.accessToken, 'header')).toMatchObject({ ok: true, session: { id: issued.session.id } });
  });

  it('shows an update (label, context) on the very next request', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header', context: { mfa: false } });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true, session: { context: { mfa: false } } });
    await auth.updateSession(issued.session.id, { label: 'Work laptop', context: { mfa: true } });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({
      ok: true,
      session: { label: 'Work laptop', context: { mfa: true } },
    });
  });

  it('refuses sessions ended by a login policy (single-login, eviction) on the very next request', async () => {
    const { auth } = setup({ singleLogin: true });
    const userId = uniqueUserId();
    const first = await auth.issueSession({ userId, transport: 'header' });
    expect(await auth.authenticateToken(first.accessToken, 'header')).toMatchObject({ ok: true });
    const second = await auth.issueSession({ userId, transport: 'header' });
    expect(await auth.authenticateToken(first.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await auth.authenticateToken(second.accessToken, 'header')).toMatchObject({ ok: true });

    const limited = setup({ sessionLimit: { max: 1, onLimit: 'evict_oldest' } }).auth;
    const other = uniqueUserId();
    const oldest = await limited.issueSession({ userId: other, transport: 'header' });
    expect(await limited.authenticateToken(oldest.accessToken, 'header')).toMatchObject({ ok: true });
    await limited.issueSession({ userId: other, transport: 'header' });
    expect(await limited.authenticateToken(oldest.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses sessions revoked by an operator filter, and pruned ones, on the very next request', async () => {
    const { auth, clock } = setup({ accessTtl: '15m', refreshTtl: '1h' });
    const userId = uniqueUserId();
    const issued = await auth.issueSession({ userId, transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await auth.revokeSessions({ userId })).toBe(1);
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });

    const pruned = await auth.issueSession({ userId, transport: 'header' });
    expect(await auth.authenticateToken(pruned.accessToken, 'header')).toMatchObject({ ok: true });
    clock.advance('2h');
    expect(await auth.authenticateToken(pruned.accessToken, 'header')).toMatchObject({ ok: false, reason: 'expired' });
    await auth.pruneSessions();
    // Pruned: now unknown, as without a cache, not "expired" from a stale copy.
    expect(await auth.authenticateToken(pruned.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('checks expiry against the clock on every request, with the row in memory', async () => {
    const { auth, clock } = setup({ accessTtl: '15m' });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    clock.advance('14m');
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    clock.advance('2m');
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('still writes sliding expiry and last-used times when due, and only then', async () => {
    const { auth, clock } = setup({ accessTtl: '15m', sliding: { interval: '1m' } });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    const lastUsed = async () => (await auth.findSession(issued.session.id))!.lastUsedAt.getTime();
    const issuedAt = clock();
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await lastUsed()).toBe(issuedAt);
    clock.advance('10m');
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await lastUsed()).toBe(issuedAt + 600_000);
    clock.advance('30s');
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    // Inside the interval: no write, which the cached copy must know (it was refreshed by the write).
    expect(await lastUsed()).toBe(issuedAt + 600_000);
    // Slid: 14 minutes after the write, but 24.5 after issue, the session still works.
    clock.advance('13m');
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await lastUsed()).toBe(issuedAt + 600_000 + 30_000 + 780_000);
  });

  it('keeps at most maxEntries rows and still answers every session', async () => {
    const auth = createAuthentify({ storage: storage(2) });
    const sessions = [];
    for (let index = 0; index < 5; index++) sessions.push(await auth.issueSession({ userId: uniqueUserId(), transport: 'header' }));
    for (let round = 0; round < 2; round++) {
      for (const issued of sessions) expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    }
    // Only the two most recently used are still in memory: the others, deleted behind the
    // storage's back, are gone.
    for (const issued of sessions) deleteBehindTheBack(issued.session.id);
    const answers = [];
    for (const issued of sessions) answers.push((await auth.authenticateToken(issued.accessToken, 'header')).ok);
    expect(answers).toEqual([false, false, false, true, true]);
  });

  it('drops what a write through one storage changed from the caches of the other storages on the connection', async () => {
    const first = setup().auth;
    const second = setup().auth;
    const issued = await first.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await first.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await second.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await second.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
    expect(await first.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('drops what a write through a storage without a cache on the connection changed', async () => {
    const { auth } = setup();
    const uncached = createAuthentify({ storage: createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database }) });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await uncached.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });

    // Also one created without sqliteDatabase, on the same Kysely instance.
    const throughKysely = createAuthentify({ storage: createKyselySessionStorage({ db: database.db, tables: names.tables }) });
    const second = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(second.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await throughKysely.revokeSession(second.session.id, { reason: 'logout' })).toBe(true);
    expect(await auth.authenticateToken(second.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('sees the commits of another connection to the file on the very next request', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    const other = new Database(database.file);
    try {
      other.prepare(`update "${names.tables.sessions}" set revoked_at = ?, revocation_reason = 'logout' where id = ?`).run(Date.now(), issued.session.id);
    } finally {
      other.close();
    }
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('fails with storage_unavailable, never from memory, when the change log cannot be read', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    const log = `${names.tables.sessions}_changes`;
    const other = new Database(database.file);
    try {
      other.exec(`alter table "${log}" rename to "${log}_away"`);
      await expect(auth.authenticateToken(issued.accessToken, 'header')).rejects.toMatchObject({ code: 'storage_unavailable' });
      other.exec(`alter table "${log}_away" rename to "${log}"`);
    } finally {
      other.close();
    }
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
  });
});

describe('the SQLite sample of docs/storage.md', () => {
  it('runs: a repeated verification, then a revocation refused on the very next request', async () => {
    const database = sqliteDb();
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--conditions=@authentify/source', '--import', 'tsx', join(import.meta.dirname, 'docs-samples', 'session-cache-sqlite.ts')],
        { cwd: join(import.meta.dirname, '..'), env: { ...process.env, DATABASE_FILE: `${database.file}.sample` }, timeout: 30_000 },
      );
      expect(stdout).toBe('{"authenticated":true,"refusedAfterRevocation":true}\n');
    } finally {
      await database.db.destroy();
      database.remove();
    }
  });
});

describe('the change log of migration 0007', () => {
  it('stays bounded: the triggers prune it to its last 10,000 entries', async () => {
    const database = sqliteDb();
    const names = testTables('afy_sqlite_change_log');
    try {
      await freshTables(database.db, names);
      const auth = createAuthentify({ storage: createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database }) });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
      const update = database.database.prepare(`update "${names.tables.sessions}" set last_used_at = last_used_at + 1 where id = ?`);
      database.database.transaction(() => {
        for (let index = 0; index < 12_500; index++) update.run(issued.session.id);
      })();
      const { rows } = await sql<{ n: number; low: number; high: number }>`select count(*) as n, min(seq) as low, max(seq) as high from ${sql.table(`${names.tables.sessions}_changes`)}`.execute(database.db);
      expect(rows[0]).toEqual({ n: 10_500, low: 2_001, high: 12_500 });
    } finally {
      await database.db.destroy();
      database.remove();
    }
  });
});
