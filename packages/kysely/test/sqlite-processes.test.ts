import { sessionRecord, uniqueUserId } from '@authentify/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { type StorageWorker, startStorageWorker } from './support/start-storage-worker.js';
import { freshTables, sqliteDb, testTables } from './support/test-databases.js';

/**
 * Several Node processes on one SQLite file in WAL mode. Kysely's plain `BEGIN` would let two
 * processes read, then fail one of them with SQLITE_BUSY when it tries to write; the storage's
 * `BEGIN IMMEDIATE` makes them take turns instead — no errors, and no limit exceeded.
 */
describe('several Node processes on one SQLite WAL file', () => {
  const names = testTables('afy_sqlite_processes');
  let database: ReturnType<typeof sqliteDb>;
  let workers: StorageWorker[] = [];
  type Tally = { succeeded: number; declined: number; errors: string[] };

  beforeAll(async () => {
    database = sqliteDb();
    await freshTables(database.db, names);
    const config = { database: { kind: 'sqlite' as const, file: database.file }, tables: names.tables };
    workers = await Promise.all([startStorageWorker(config), startStorageWorker(config), startStorageWorker(config)]);
    expect(new Set(workers.map((worker) => worker.pid)).size).toBe(3);
  }, 60_000);
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
