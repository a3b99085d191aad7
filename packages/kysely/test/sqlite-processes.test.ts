import { createAuthentify } from '@authentify/core';
import { sessionRecord, uniqueUserId } from '@authentify/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { type StorageWorker, startStorageWorker } from './support/start-storage-worker.js';
import { freshTables, sqliteDb, testTables } from './support/test-databases.js';

/**
 * Several Node processes on one SQLite file in WAL mode. Kysely's plain `BEGIN` would let two
 * processes read, then fail one of them with SQLITE_BUSY when it tries to write; the storage's
 * `BEGIN IMMEDIATE` makes them take turns instead — no errors, and no limit exceeded. All of it
 * runs twice: without and with the session cache in every process, which must still refuse a
 * session revoked by another process on the very next request.
 */
for (const sessionCache of [false, true]) describe(`several Node processes on one SQLite WAL file${sessionCache ? ', with the session cache' : ''}`, () => {
  const names = testTables(sessionCache ? 'afy_sqlite_processes_cached' : 'afy_sqlite_processes');
  let database: ReturnType<typeof sqliteDb>;
  let workers: StorageWorker[] = [];
  type Tally = { succeeded: number; declined: number; errors: string[] };

  beforeAll(async () => {
    database = sqliteDb();
    await freshTables(database.db, names);
    const config = { database: { kind: 'sqlite' as const, file: database.file }, tables: names.tables, sessionCache };
    // A generous start bound: tsx compiles the worker in each process, on a shared, busy machine.
    workers = await Promise.all([startStorageWorker(config, 90_000), startStorageWorker(config, 90_000), startStorageWorker(config, 90_000)]);
    expect(new Set(workers.map((worker) => worker.pid)).size).toBe(3);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await database.db.destroy();
    database.remove();
  });

  it('concurrent logins of one user from three processes never exceed the session limit, and none fails', async () => {
    const userId = uniqueUserId();
    const tallies = await Promise.all(workers.map((worker) => worker.request<Tally>({ op: 'loginRace', userId, count: 10, max: 3 })));
    expect(tallies.flatMap((tally) => tally.errors)).toEqual([]);
    expect(tallies.reduce((sum, tally) => sum + tally.succeeded, 0)).toBe(3);
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables });
    expect(await storage.listSessionsOfUser(userId, { now: new Date(), includeEnded: false })).toHaveLength(3);
  });

  const storage = () =>
    createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database, ...(sessionCache ? { sessionCache: {} } : {}) });

  it('a session revoked by this process is refused by the others on their next request', async () => {
    const auth = createAuthentify({ storage: storage() });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    for (const worker of workers) {
      // Twice: the second answer comes from the worker's cache, when it has one.
      for (let round = 0; round < 2; round++) {
        expect(await worker.request({ op: 'authenticate', token: issued.accessToken })).toEqual({ ok: true, sessionId: issued.session.id });
      }
    }
    expect(await auth.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
    for (const worker of workers) {
      expect(await worker.request({ op: 'authenticate', token: issued.accessToken })).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('a session revoked by another process is refused by this one and the rest on their next request', async () => {
    const auth = createAuthentify({ storage: storage() });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    for (const worker of workers) expect(await worker.request({ op: 'authenticate', token: issued.accessToken })).toMatchObject({ ok: true });

    expect(await workers[0]!.request({ op: 'revoke', sessionId: issued.session.id })).toBe(true);
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
    for (const worker of workers) expect(await worker.request({ op: 'authenticate', token: issued.accessToken })).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('of refreshes racing in three processes, exactly one wins, and none fails', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const record = sessionRecord(Date.now());
    await storage.createSession(record, { singleLogin: false, sessionLimit: null, revocation: { at: new Date(), reason: 'revoked', retain: false } });
    const tallies = await Promise.all(
      workers.map((worker) =>
        worker.request<Tally>({ op: 'rotateRace', sessionId: record.id, expectedRefreshDigest: record.refreshDigest!, count: 10 }),
      ),
    );
    expect(tallies.flatMap((tally) => tally.errors)).toEqual([]);
    expect(tallies.reduce((sum, tally) => sum + tally.succeeded, 0)).toBe(1);
  });
});
