import { statSync } from 'node:fs';
import { AuthentifyError, createAuthentify, type PruneProgress, type SessionRecord, type SessionStorage, type TokenRotation } from '@authentify/core';
import { expiredSessionRecord, randomDigest, sessionRecord, uniqueUserId } from '@authentify/core/testing';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKyselySessionStorage, type KyselySessionStorage } from '../src/index.js';
import { toSessionRow } from '../src/schema/session-row.js';
import { beginSqlitePrune } from '../src/sqlite/sqlite-prune-scope.js';
import { liveCheckpointerCount } from '../src/sqlite/wal-checkpointer.js';
import { freshTables, sqliteDb, testTables } from './support/test-databases.js';

/**
 * Pruning on SQLite with `sqliteDatabase`: batches bounded by time on prepared statements, and a
 * worker thread that checkpoints the WAL while they run — on real files, measured by what is in
 * them (rows, pragmas, the -wal file's size), never by time.
 */
const DAY = 86_400_000;
const names = testTables('afy_sqlite_pruning');
const now = Date.now();

let database: Database.Database;
let db: Kysely<unknown>;
let file: string;
let remove: () => void;
let storage: KyselySessionStorage;

beforeEach(async () => {
  ({ database, db, file, remove } = sqliteDb());
  await freshTables(db, names);
  storage = createKyselySessionStorage({ db, sqliteDatabase: database, tables: names.tables });
});
afterEach(async () => {
  await db.destroy();
  remove();
});

/** Inserts `records` in multi-row statements, far faster than one login at a time. */
async function bulkInsert(records: SessionRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += 500) {
    const rows = records.slice(start, start + 500).map(toSessionRow);
    await db.withTables<Record<string, ReturnType<typeof toSessionRow>>>().insertInto(names.tables.sessions).values(rows).execute();
  }
}

function count(table: string, where = '1 = 1'): number {
  return (database.prepare(`select count(*) as n from ${table} where ${where}`).get() as { n: number }).n;
}

/** Rotated digests whose session is gone: a half-deleted session. */
function orphanedDigests(): number {
  return count(names.tables.rotatedRefreshTokens, `session_id not in (select id from ${names.tables.sessions})`);
}

function rotation(at: number): TokenRotation {
  return {
    accessDigest: randomDigest(),
    refreshDigest: randomDigest(),
    accessExpiresAt: new Date(at + DAY),
    refreshExpiresAt: new Date(at + 2 * DAY),
    expiresAt: new Date(at + 2 * DAY),
    lastUsedAt: new Date(at),
    lastIp: '192.0.2.1',
    lastUserAgent: 'Pruning/1.0',
    rotatedAt: new Date(at),
    replay: null,
  };
}

/** What a prune leaves behind on the connection: the pragmas it changes, and its worker threads. */
function leftBehind(): { autocheckpoint: unknown; journalSizeLimit: unknown; workers: number } {
  return {
    autocheckpoint: database.pragma('wal_autocheckpoint', { simple: true }),
    journalSizeLimit: database.pragma('journal_size_limit', { simple: true }),
    workers: liveCheckpointerCount(),
  };
}

/** `storage` with every call but those in `overrides` passed to it as is. */
function withOverrides(base: SessionStorage, overrides: Partial<SessionStorage>): SessionStorage {
  return new Proxy(base, {
    get(target, key, receiver) {
      if (key in overrides) return overrides[key as keyof SessionStorage];
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('pruning on SQLite with sqliteDatabase', () => {
  it('deletes every ended session in batches of at most 100, each stopping short of the batch size', async () => {
    const live = Array.from({ length: 50 }, () => sessionRecord(now));
    const ended = Array.from({ length: 2_500 }, (_, index) =>
      index % 10 === 0 ? sessionRecord(now, { revokedAt: new Date(now - DAY), revocationReason: 'logout' }) : expiredSessionRecord(now, DAY),
    );
    await bulkInsert([...live, ...ended]);
    // Rotated digests of ended sessions go with them.
    for (const record of ended.filter((record) => record.revokedAt === null).slice(0, 20)) await storage.rotateTokens(record.id, record.refreshDigest!, rotation(now - 3 * DAY));
    expect(count(names.tables.rotatedRefreshTokens)).toBe(20);

    const first = await storage.deleteEndedSessions({ endedBefore: new Date(now), limit: 1_000 });
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(100);

    const batches: number[] = [];
    let previous = 0;
    const auth = createAuthentify({ storage, accessTtl: '1h', refreshTtl: null });
    const report = await auth.pruneSessions({
      batchSize: 1_000,
      onProgress: (progress) => {
        batches.push(progress.deletedSessions - previous);
        previous = progress.deletedSessions;
      },
    });
    expect(first + report.deletedSessions).toBe(2_500);
    const sessionBatches = batches.slice(0, batches.indexOf(0) + 1);
    expect(sessionBatches.length).toBeGreaterThanOrEqual(24);
    expect(Math.max(...sessionBatches)).toBeLessThanOrEqual(100);
    expect(sessionBatches.at(-1)).toBe(0);
    expect(count(names.tables.sessions)).toBe(50);
    expect(count(names.tables.rotatedRefreshTokens)).toBe(0);
    for (const record of live) expect(await storage.findSessionById(record.id)).not.toBeNull();
  });

  it('scoped to one user, deletes only that user’s ended sessions', async () => {
    const userId = uniqueUserId();
    await bulkInsert([
      ...Array.from({ length: 150 }, () => expiredSessionRecord(now, DAY, { userId })),
      ...Array.from({ length: 30 }, () => expiredSessionRecord(now, DAY)),
    ]);
    const auth = createAuthentify({ storage, accessTtl: '1h', refreshTtl: null });
    expect((await auth.pruneSessions({ userId })).deletedSessions).toBe(150);
    expect(count(names.tables.sessions)).toBe(30);
  });

  it('checkpoints from a worker thread during the prune, and restores the connection after it', async () => {
    database.pragma('wal_autocheckpoint = 500');
    const before = leftBehind();
    await bulkInsert(Array.from({ length: 2_000 }, () => expiredSessionRecord(now, DAY)));
    const during: ReturnType<typeof leftBehind>[] = [];
    // The worker starts in the background after the first batch; the third waits until it is up,
    // so that what follows does not depend on how fast a thread starts on a loaded machine.
    let calls = 0;
    const patient = withOverrides(storage, {
      deleteEndedSessions: async (options) => {
        if (++calls === 3) {
          for (let poll = 0; poll < 2_000 && database.pragma('wal_autocheckpoint', { simple: true }) !== 0; poll++) {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        }
        return storage.deleteEndedSessions(options);
      },
    });
    const auth = createAuthentify({ storage: patient, accessTtl: '1h', refreshTtl: null });
    const report = await auth.pruneSessions({ onProgress: () => void during.push(leftBehind()) });
    expect(report.deletedSessions).toBe(2_000);
    // Once the worker (started in the background after the first batch) is up: SQLite's own
    // checkpoints off, the WAL cut back when it restarts — until the end.
    const on = during.findIndex((state) => state.autocheckpoint === 0);
    expect(on).toBeGreaterThan(0);
    expect(on).toBeLessThanOrEqual(2);
    expect(during.slice(on).every((state) => state.workers === 1 && state.autocheckpoint === 0)).toBe(true);
    expect(during.slice(0, on).every((state) => state.autocheckpoint === 500)).toBe(true);
    expect(during.at(-1)!.journalSizeLimit).toBe(32 * 1024 * 1024);
    expect(leftBehind()).toEqual({ autocheckpoint: 500, journalSizeLimit: -1, workers: 0 });
    expect(before).toEqual({ autocheckpoint: 500, journalSizeLimit: -1, workers: 0 });
    // The last checkpoint truncated the WAL: nothing else was writing.
    expect(statSync(`${file}-wal`).size).toBe(0);
  });

  it('stops between batches when aborted, and still restores the connection and stops the worker', async () => {
    await bulkInsert(Array.from({ length: 2_000 }, () => expiredSessionRecord(now, DAY)));
    const stop = new AbortController();
    const reason = new Error('enough for now');
    let reported: PruneProgress | undefined;
    const auth = createAuthentify({ storage, accessTtl: '1h', refreshTtl: null });
    const prune = auth.pruneSessions({
      signal: stop.signal,
      onProgress: (progress) => {
        reported = progress;
        if (progress.batches === 3) stop.abort(reason);
      },
    });
    await expect(prune).rejects.toBe(reason);
    expect(reported!.batches).toBe(3);
    expect(count(names.tables.sessions)).toBe(2_000 - reported!.deletedSessions);
    expect(leftBehind()).toEqual({ autocheckpoint: 1000, journalSizeLimit: -1, workers: 0 });
  });

  it('restores the connection and stops the worker when a batch throws', async () => {
    await bulkInsert(Array.from({ length: 1_000 }, () => expiredSessionRecord(now, DAY)));
    let calls = 0;
    const failing = withOverrides(storage, {
      deleteEndedSessions: async (options) => {
        if (++calls === 4) throw new Error('disk on fire');
        return storage.deleteEndedSessions(options);
      },
    });
    const auth = createAuthentify({ storage: failing, accessTtl: '1h', refreshTtl: null });
    const error: unknown = await auth.pruneSessions().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthentifyError);
    expect((error as AuthentifyError).code).toBe('storage_unavailable');
    expect(calls).toBe(4);
    expect(leftBehind()).toEqual({ autocheckpoint: 1000, journalSizeLimit: -1, workers: 0 });
  });

  it('keeps the -wal file bounded during a large prune by waiting for the checkpoint past the bound', async () => {
    await bulkInsert(Array.from({ length: 10_000 }, () => expiredSessionRecord(now, DAY)));
    database.pragma('wal_checkpoint(TRUNCATE)');
    const MiB = 1024 * 1024;
    // The default (64 MiB) scaled down, so that a test-sized prune passes the bound many times.
    const bounded = withOverrides(storage, { beginPrune: () => Promise.resolve(beginSqlitePrune(database, { walWaitBytes: 2 * MiB })) });
    let largestWal = 0;
    let written = 0;
    let lastSize = 0;
    const auth = createAuthentify({ storage: bounded, accessTtl: '1h', refreshTtl: null });
    const report = await auth.pruneSessions({
      onProgress: () => {
        const size = statSync(`${file}-wal`).size;
        // A smaller file than before is a restarted, cut-back WAL.
        written += size >= lastSize ? size - lastSize : size;
        lastSize = size;
        largestWal = Math.max(largestWal, size);
      },
    });
    expect(report.deletedSessions).toBe(10_000);
    // The prune wrote many times the bound, yet the file never held more than a few bounds.
    expect(written).toBeGreaterThan(20 * MiB);
    // The bound and one batch: at most 100 sessions, each a row and its index entries on up to
    // seven pages — 2.8 MiB of 4 KiB pages.
    expect(largestWal).toBeLessThan(5 * MiB);
    expect(leftBehind().workers).toBe(0);
  });

  it('never half-deletes a session that is rotated or revoked between the batches', async () => {
    const ended = Array.from({ length: 3_000 }, () => expiredSessionRecord(now, DAY));
    const live = Array.from({ length: 20 }, () => sessionRecord(now));
    await bulkInsert([...ended, ...live]);
    let pruning = true;
    const auth = createAuthentify({ storage, accessTtl: '1h', refreshTtl: null });
    const prune = auth.pruneSessions().finally(() => (pruning = false));
    let rotated = 0;
    let revoked = 0;
    for (let index = 0; pruning; index++) {
      await new Promise((resolve) => setImmediate(resolve));
      // Rotating an expired session (storage does not judge expiry) writes a rotated digest the
      // prune must delete with it; rotating a live one keeps both.
      const target = index % 3 === 2 ? live[index % live.length]! : ended[(index * 7919) % ended.length]!;
      const row = database.prepare(`select refresh_digest from ${names.tables.sessions} where id = ?`).get(target.id) as { refresh_digest: string } | undefined;
      if (row === undefined) continue;
      if (index % 5 === 4) {
        if ((await storage.revokeSession(target.id, { at: new Date(now - DAY), reason: 'logout', retain: true })) !== null) revoked++;
      } else if ((await storage.rotateTokens(target.id, row.refresh_digest, rotation(index % 3 === 2 ? now : now - 3 * DAY))) !== null) {
        rotated++;
      }
    }
    await prune;
    expect(rotated + revoked).toBeGreaterThan(10);
    expect(orphanedDigests()).toBe(0);
    // A session revoked (or rotated while expired) after the sessions' phase is the next prune's.
    await auth.pruneSessions();
    expect(orphanedDigests()).toBe(0);
    expect(count(names.tables.sessions, `expires_at <= ${now} or revoked_at <= ${now}`)).toBe(0);
    expect(count(names.tables.sessions)).toBeGreaterThanOrEqual(live.length - revoked);
  });

  it('on an in-memory database, prunes with time-bounded batches alone: no worker, SQLite’s checkpoints untouched', async () => {
    const memory = new Database(':memory:');
    const memoryDb = new Kysely<unknown>({ dialect: new SqliteDialect({ database: memory }) });
    try {
      await freshTables(memoryDb, names);
      const memoryStorage = createKyselySessionStorage({ db: memoryDb, sqliteDatabase: memory, tables: names.tables });
      const rows = Array.from({ length: 600 }, () => toSessionRow(expiredSessionRecord(now, DAY)));
      for (let start = 0; start < rows.length; start += 300) {
        await memoryDb.withTables<Record<string, ReturnType<typeof toSessionRow>>>().insertInto(names.tables.sessions).values(rows.slice(start, start + 300)).execute();
      }
      const workers: number[] = [];
      const auth = createAuthentify({ storage: memoryStorage, accessTtl: '1h', refreshTtl: null });
      const report = await auth.pruneSessions({ onProgress: () => void workers.push(liveCheckpointerCount()) });
      expect(report.deletedSessions).toBe(600);
      expect(report.batches).toBeGreaterThanOrEqual(7);
      expect(workers.every((live) => live === 0)).toBe(true);
      expect(memory.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await memoryDb.destroy();
    }
  });
});
