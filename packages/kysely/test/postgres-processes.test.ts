import { createAuthentify } from '@authentify/core';
import { randomDigest, uniqueUserId } from '@authentify/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { postgresServer, serverAvailable } from './support/database-servers.js';
import { type StorageWorker, startStorageWorker } from './support/start-storage-worker.js';
import { dropTables, freshTables, postgresDb, testTables } from './support/test-databases.js';

/** Two Node processes — app instances — sharing one Postgres database. */
const available = await serverAvailable(postgresServer);

describe.skipIf(!available)('two Node processes on one Postgres database', () => {
  const names = testTables('afy_pg_processes');
  let database: ReturnType<typeof postgresDb>;
  let other: StorageWorker;
  const storage = () => createKyselySessionStorage({ db: database.db, tables: names.tables });

  beforeAll(async () => {
    database = postgresDb();
    await freshTables(database.db, names);
    other = await startStorageWorker({ database: { kind: 'postgres', url: postgresServer.url }, tables: names.tables });
    expect(other.pid).not.toBe(process.pid);
  });
  afterAll(async () => {
    await other?.stop();
    await dropTables(database.db, names);
    await database.db.destroy();
  });

  it('a session revoked by this process is refused by the other on its next request', async () => {
    const auth = createAuthentify({ storage: storage() });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await other.request({ op: 'authenticate', token: issued.accessToken })).toEqual({ ok: true, sessionId: issued.session.id });

    expect(await auth.revokeSession(issued.session.id, { reason: 'logout' })).toBe(true);
    expect(await other.request({ op: 'authenticate', token: issued.accessToken })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a session revoked by the other process is refused by this one on its next request', async () => {
    const auth = createAuthentify({ storage: storage() });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });

    expect(await other.request({ op: 'revoke', sessionId: issued.session.id })).toBe(true);
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('of refreshes racing in both processes, exactly one wins', async () => {
    const auth = createAuthentify({ storage: storage() });
    const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
    const expected = (await storage().findSessionById(issued.session.id))!.refreshDigest!;

    const rotate = () =>
      storage().rotateTokens(issued.session.id, expected, {
        accessDigest: randomDigest(),
        refreshDigest: randomDigest(),
        accessExpiresAt: new Date(Date.now() + 60_000),
        refreshExpiresAt: new Date(Date.now() + 86_400_000),
        expiresAt: new Date(Date.now() + 86_400_000),
        lastUsedAt: new Date(),
        lastIp: null,
        lastUserAgent: null,
        rotatedAt: new Date(),
        replay: null,
      });
    const [here, there] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, rotate)),
      other.request<{ succeeded: number; declined: number; errors: string[] }>({
        op: 'rotateRace',
        sessionId: issued.session.id,
        expectedRefreshDigest: expected,
        count: 10,
      }),
    ]);
    expect(there.errors).toEqual([]);
    expect(here.filter((result) => result !== null).length + there.succeeded).toBe(1);
  });
});
