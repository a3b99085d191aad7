import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createAuthentify } from '@authentify/core';
import { createTestClock, sessionRecord, uniqueUserId } from '@authentify/core/testing';
import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgeBoundedAccessLookup } from '../src/cache/age-bounded-access-lookup.js';
import { SessionCache } from '../src/cache/session-cache.js';
import { createKyselySessionStorage } from '../src/index.js';
import { createAccessDigestLookup } from '../src/operations/access-digest-lookup.js';
import type { StorageDb } from '../src/schema/authentify-tables.js';
import { TableNamesPlugin } from '../src/schema/table-names-plugin.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { describeWindows, measureRefusalWindow } from './support/refusal-window.js';
import { dropTables, freshTables, mysqlDb, postgresDb, testTables } from './support/test-databases.js';

/**
 * The session cache on Postgres and MariaDB/MySQL: exact within the process (every write through
 * a storage on the same Kysely instance drops what it changed), bounded by `maxStalenessMs`
 * across instances (another Kysely instance = another instance of the app).
 */
const available = { postgres: await serverAvailable(postgresServer), mysql: await serverAvailable(mysqlServer) };
const servers = [
  ['Postgres', 'postgres'],
  ['MariaDB/MySQL', 'mysql'],
] as const;
type Server = (typeof servers)[number][1];
const connect = (server: Server, poolSize = 5) =>
  server === 'postgres' ? postgresDb({ pool: { max: poolSize } }) : mysqlDb({ pool: { connectionLimit: poolSize } });
/** A window long enough that age never decides within a test: what is refused there is refused by a drop. */
const LONG_MS = 60_000;
/** A window short enough to wait out. */
const SHORT_MS = 200;
/**
 * How late past the bound the first refusal may come: time to answer, not staleness (that is the
 * exact check above it). Generous, because the suite runs files side by side on two busy cores,
 * where an event loop can stall for a few hundred milliseconds; the measured figures are printed.
 */
const ANSWER_MARGIN_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const run = promisify(execFile);

for (const [name, server] of servers) {
  describe.skipIf(!available[server])(`the session cache on ${name}`, () => {
    /** The core conformance suite with the cache on (on Postgres, on the named lookup of `postgresPool`). */
    {
      const names = testTables(`afy_${server}_cache_conformance`);
      let database: ReturnType<typeof connect> | undefined;
      describeSessionStorageConformance({
        name: `KyselySessionStorage on ${name} (session cache, maxStalenessMs ${SHORT_MS})`,
        parallelism: 20,
        async setup() {
          database = connect(server, 10);
          await freshTables(database.db, names);
          return createKyselySessionStorage({
            db: database.db,
            tables: names.tables,
            ...(server === 'postgres' ? { postgresPool: (database as ReturnType<typeof postgresDb>).pool } : {}),
            sessionCache: { maxEntries: 50, maxStalenessMs: SHORT_MS },
          });
        },
        async teardown() {
          if (database === undefined) return;
          await dropTables(database.db, names);
          await database.db.destroy();
        },
      });
    }

    describe('in one process, and against another instance', () => {
      const names = testTables(`afy_${server}_cache`);
      const table = names.tables.sessions;
      /** This app instance's Kysely instance, and another instance's. */
      let here: ReturnType<typeof connect>;
      let there: ReturnType<typeof connect>;
      const storage = (options: { maxEntries?: number; maxStalenessMs?: number } = {}) =>
        createKyselySessionStorage({
          db: here.db,
          tables: names.tables,
          sessionCache: { maxEntries: options.maxEntries ?? 100, maxStalenessMs: options.maxStalenessMs ?? LONG_MS },
        });
      const setup = (options: Parameters<typeof createAuthentify>[0] extends infer O ? Partial<O> : never = {}) => {
        const clock = createTestClock(Date.UTC(2032, 2, 3, 4, 5, 6, 789));
        return { auth: createAuthentify({ storage: storage(), clock, ...options }), clock };
      };
      /** Authentify on the other instance, without a cache. */
      const otherInstance = () => createAuthentify({ storage: createKyselySessionStorage({ db: there.db, tables: names.tables }) });
      const deleteBehindTheBack = (sessionId: string) => sql`delete from ${sql.table(table)} where id = ${sessionId}`.execute(there.db);

      beforeAll(async () => {
        here = connect(server);
        there = connect(server);
        await freshTables(here.db, names);
      });
      afterAll(async () => {
        await dropTables(here.db, names);
        await here.db.destroy();
        await there.db.destroy();
      });

      it('answers a repeated verification from memory (shown by a row deleted by another instance)', async () => {
        const { auth } = setup();
        const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        await deleteBehindTheBack(issued.session.id);
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        const uncached = createAuthentify({ storage: createKyselySessionStorage({ db: here.db, tables: names.tables }) });
        expect(await uncached.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
      });

      it('refuses a session revoked in this process on the very next request', async () => {
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
        expect(await lastUsed()).toBe(issuedAt + 600_000);
        clock.advance('13m');
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        expect(await lastUsed()).toBe(issuedAt + 600_000 + 30_000 + 780_000);
      });

      it('keeps at most maxEntries rows and still answers every session', async () => {
        const auth = createAuthentify({ storage: storage({ maxEntries: 2 }) });
        const sessions = [];
        for (let index = 0; index < 5; index++) sessions.push(await auth.issueSession({ userId: uniqueUserId(), transport: 'header' }));
        for (let round = 0; round < 2; round++) {
          for (const issued of sessions) expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        }
        for (const issued of sessions) await deleteBehindTheBack(issued.session.id);
        const answers = [];
        for (const issued of sessions) answers.push((await auth.authenticateToken(issued.accessToken, 'header')).ok);
        expect(answers).toEqual([false, false, false, true, true]);
      });

      it('drops what a write through one storage changed from the caches of the other storages on the Kysely instance', async () => {
        const first = setup().auth;
        const second = setup().auth;
        const issued = await first.issueSession({ userId: uniqueUserId(), transport: 'header' });
        expect(await first.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        expect(await second.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        expect(await second.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
        expect(await first.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
      });

      it('drops what a write through a storage without a cache on the Kysely instance changed', async () => {
        const { auth } = setup();
        const uncached = createAuthentify({ storage: createKyselySessionStorage({ db: here.db, tables: names.tables }) });
        const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        expect(await uncached.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
      });

      it('reads a row again once it is older than maxStalenessMs', async () => {
        const auth = createAuthentify({ storage: storage({ maxStalenessMs: SHORT_MS }) });
        const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        await deleteBehindTheBack(issued.session.id);
        // Waited out (setTimeout waits at least that long, and the age is measured on a monotonic clock).
        await sleep(SHORT_MS + 20);
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
      });

      it('fails with storage_unavailable, never from memory, when the re-read fails', async () => {
        const auth = createAuthentify({ storage: storage({ maxStalenessMs: SHORT_MS }) });
        const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
        const rename = (from: string, to: string) =>
          server === 'postgres'
            ? sql`alter table ${sql.table(from)} rename to ${sql.table(to)}`.execute(there.db)
            : sql`rename table ${sql.table(from)} to ${sql.table(to)}`.execute(there.db);
        await rename(table, `${table}_away`);
        try {
          await sleep(SHORT_MS + 20);
          await expect(auth.authenticateToken(issued.accessToken, 'header')).rejects.toMatchObject({ code: 'storage_unavailable' });
          // Still not from memory on the next try: the stale row was forgotten.
          await expect(auth.authenticateToken(issued.accessToken, 'header')).rejects.toMatchObject({ code: 'storage_unavailable' });
        } finally {
          await rename(`${table}_away`, table);
        }
        expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
      });

      it(`refuses a session revoked by another instance within maxStalenessMs (${SHORT_MS} ms)`, async () => {
        const auth = createAuthentify({ storage: storage({ maxStalenessMs: SHORT_MS }) });
        const other = otherInstance();
        const windows = [];
        for (let round = 0; round < 5; round++) {
          const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
          for (let read = 0; read < 2; read++) expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
          expect(await other.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
          const committedAt = performance.now();
          windows.push(
            await measureRefusalWindow(() => auth.authenticateToken(issued.accessToken, 'header'), committedAt, { stepMs: 10, giveUpMs: 10 * SHORT_MS }),
          );
        }
        console.info(`[session cache] ${name}, another instance revokes, maxStalenessMs ${SHORT_MS}: refused after ${describeWindows(windows)}`);
        for (const window of windows) {
          // Exact: no request sent after the bound was accepted.
          if (window.lastAcceptedSentMs !== null) expect(window.lastAcceptedSentMs).toBeLessThan(SHORT_MS);
          // The bound, plus one poll step, plus a margin for answering on a busy shared machine.
          expect(window.windowMs).toBeLessThanOrEqual(SHORT_MS + 10 + ANSWER_MARGIN_MS);
        }
      });
    });

    describe('the age, on an injected monotonic clock', () => {
      const names = testTables(`afy_${server}_cache_age`);
      let here: ReturnType<typeof connect>;
      let clock = 0;
      /** A real lookup on the database; `readTakesMs` moves the clock while it runs, as a slow read would. */
      let readTakesMs = 0;
      const cached = () => {
        let db = here.db.withoutPlugins() as unknown as StorageDb;
        db = db.withPlugin(new TableNamesPlugin(names.tables));
        const { lookUp } = createAccessDigestLookup(db, { sqliteDatabase: undefined, postgresPool: undefined });
        const slowLookUp = async (digest: string) => {
          const row = await lookUp(digest);
          clock += readTakesMs;
          return row;
        };
        const cache = new SessionCache(10);
        return {
          lookUp: createAgeBoundedAccessLookup(slowLookUp, cache, { maxStalenessMs: 1_000, clock: () => clock }),
          drop: (sessionId: string) => cache.drop(sessionId),
        };
      };
      const storage = () => createKyselySessionStorage({ db: here.db, tables: names.tables });
      const policy = { singleLogin: false, sessionLimit: null, revocation: { at: new Date(), reason: 'revoked', retain: false } } as const;

      beforeAll(async () => {
        here = connect(server);
        await freshTables(here.db, names);
      });
      afterAll(async () => {
        await dropTables(here.db, names);
        await here.db.destroy();
      });

      it('answers from memory up to maxStalenessMs after the read started, and reads again after', async () => {
        clock = 0;
        readTakesMs = 0;
        const cache = cached();
        const record = sessionRecord(Date.now());
        await storage().createSession(record, policy);
        expect((await cache.lookUp(record.accessDigest))?.id).toBe(record.id);
        await sql`delete from ${sql.table(names.tables.sessions)} where id = ${record.id}`.execute(here.db);
        clock = 1_000;
        expect((await cache.lookUp(record.accessDigest))?.id).toBe(record.id);
        clock = 1_001;
        expect(await cache.lookUp(record.accessDigest)).toBeUndefined();
      });

      it('counts the age from when the read started, not from when it answered', async () => {
        clock = 0;
        readTakesMs = 600;
        const cache = cached();
        const record = sessionRecord(Date.now());
        await storage().createSession(record, policy);
        expect((await cache.lookUp(record.accessDigest))?.id).toBe(record.id);
        expect(clock).toBe(600);
        await sql`delete from ${sql.table(names.tables.sessions)} where id = ${record.id}`.execute(here.db);
        clock = 1_000;
        expect((await cache.lookUp(record.accessDigest))?.id).toBe(record.id);
        clock = 1_001; // 401 ms after the read answered, but 1,001 after it started
        expect(await cache.lookUp(record.accessDigest)).toBeUndefined();
      });

      it('keeps no misses: a session created after a lookup found nothing is found at once', async () => {
        clock = 0;
        readTakesMs = 0;
        const cache = cached();
        const record = sessionRecord(Date.now());
        expect(await cache.lookUp(record.accessDigest)).toBeUndefined();
        await storage().createSession(record, policy);
        expect((await cache.lookUp(record.accessDigest))?.id).toBe(record.id);
      });

      it('does not keep a row read before a drop that came while the read was running', async () => {
        clock = 0;
        readTakesMs = 0;
        const cache = cached();
        const record = sessionRecord(Date.now());
        await storage().createSession(record, policy);
        const reading = cache.lookUp(record.accessDigest);
        cache.drop(record.id);
        expect((await reading)?.id).toBe(record.id);
        await sql`delete from ${sql.table(names.tables.sessions)} where id = ${record.id}`.execute(here.db);
        expect(await cache.lookUp(record.accessDigest)).toBeUndefined();
      });
    });

    describe('the sample of docs/storage.md', () => {
      // It uses the default table names: it runs in a schema (Postgres) or database (MySQL) of its
      // own, named after the test database, so that nothing else on the server can meet it.
      const url = new URL(server === 'postgres' ? postgresServer.url : mysqlServer.url);
      const isolated = `${url.pathname.slice(1)}_afy_cache_docs`;
      let db: ReturnType<typeof connect>['db'];
      const recreate = async (create: boolean) => {
        const drop = server === 'postgres' ? `drop schema if exists ${isolated} cascade` : `drop database if exists ${isolated}`;
        await sql.raw(drop).execute(db);
        if (create) await sql.raw(server === 'postgres' ? `create schema ${isolated}` : `create database ${isolated}`).execute(db);
      };
      beforeAll(async () => {
        db = connect(server, 1).db;
        await recreate(true);
      });
      afterAll(async () => {
        await recreate(false);
        await db.destroy();
      });

      it('runs: a repeated verification, then a revocation refused on the very next request', async () => {
        const sampleUrl = new URL(url);
        if (server === 'postgres') sampleUrl.searchParams.set('options', `-c search_path=${isolated}`);
        else sampleUrl.pathname = `/${isolated}`;
        const { stdout } = await run(
          process.execPath,
          ['--conditions=@authentify/source', '--import', 'tsx', join(import.meta.dirname, 'docs-samples', `session-cache-${server}.ts`)],
          { cwd: join(import.meta.dirname, '..'), env: { ...process.env, DATABASE_URL: sampleUrl.toString() }, timeout: 30_000 },
        );
        expect(stdout).toBe('{"authenticated":true,"refusedAfterRevocation":true}\n');
      });
    });
  });
}
