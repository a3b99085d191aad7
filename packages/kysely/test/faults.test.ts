import { type Authentify, AuthentifyError, createAuthentify, type IssuedSession } from '@authentify/core';
import { uniqueUserId } from '@authentify/core/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { type DatabaseServer, mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { dropTables, freshTables, mysqlDb, postgresDb, testTables } from './support/test-databases.js';

/**
 * The database becomes unreachable behind a TCP proxy: authentication must fail with
 * `storage_unavailable` — never pass as anonymous, never be allowed — within the pool's timeouts,
 * and work again, without a restart, once the database is back.
 */
const available = { postgres: await serverAvailable(postgresServer), mysql: await serverAvailable(mysqlServer) };

/** Bound on every wait in this file, well above the pools' timeouts: a hang fails, not stalls. */
const TEST_BOUND_MS = 10_000;
const POOL_TIMEOUT_MS = 1_500;

const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });

describe.each([
  ['Postgres', 'postgres', postgresServer],
  ['MariaDB/MySQL', 'mysql', mysqlServer],
] as const)('%s outage through a TCP proxy', (_name, dialect, server: DatabaseServer) => {
  describe.skipIf(!available[dialect])('', () => {
    const names = testTables(`afy_faults_${dialect}`);
    let proxy: TcpProxy;
    let direct: Kysely<unknown>;
    let throughProxy: Kysely<unknown>;
    let auth: Authentify<Record<string, unknown>, undefined>;
    let issued: IssuedSession<Record<string, unknown>>;

    beforeAll(async () => {
      const target = new URL(server.url);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
      direct = dialect === 'postgres' ? postgresDb({ pool: { max: 1 } }).db : mysqlDb({ pool: { connectionLimit: 1 } }).db;
      await freshTables(direct, names);
      throughProxy =
        dialect === 'postgres'
          ? postgresDb({
              url: proxy.urlThrough(server.url),
              pool: { max: 4, connectionTimeoutMillis: POOL_TIMEOUT_MS, query_timeout: POOL_TIMEOUT_MS },
            }).db
          : mysqlDb({ url: proxy.urlThrough(server.url), pool: { connectionLimit: 4, connectTimeout: POOL_TIMEOUT_MS } }).db;
      // pg's query_timeout bounds a stalled query; mysql2 has no such pool option, so on MySQL
      // the storage's own timeoutMs does.
      const timeout = dialect === 'mysql' ? { timeoutMs: POOL_TIMEOUT_MS } : {};
      auth = createAuthentify({ storage: createKyselySessionStorage({ db: throughProxy, tables: names.tables, ...timeout }) });
      issued = await bounded(auth.issueSession({ userId: uniqueUserId(), transport: 'header' }));
    });
    afterAll(async () => {
      proxy?.restore();
      await throughProxy?.destroy();
      await proxy?.close();
      await dropTables(direct, names);
      await direct.destroy();
    });

    it('authenticates while the database is reachable', async () => {
      expect(await bounded(auth.authenticate(bearer(issued.accessToken)))).toMatchObject({ ok: true });
    });

    const outages = {
      cut: 'connections are reset',
      blackHole: 'new connections hang unanswered',
      freeze: 'open connections stall in the middle of a query',
    } as const;
    for (const [outage, description] of Object.entries(outages) as [keyof typeof outages, string][]) {
      it(`fails with storage_unavailable while ${description}, and recovers without a restart`, async () => {
        expect(await bounded(auth.authenticate(bearer(issued.accessToken)))).toMatchObject({ ok: true });
        proxy[outage]();

        for (let attempt = 0; attempt < 3; attempt++) {
          const failure = await bounded(auth.authenticate(bearer(issued.accessToken))).then(
            (result) => ({ resolvedWith: result }),
            (error: unknown) => error,
          );
          expect(failure).toBeInstanceOf(AuthentifyError);
          expect(failure).toMatchObject({ code: 'storage_unavailable' });
          expect((failure as AuthentifyError).cause).toBeInstanceOf(Error);
        }
        await expect(bounded(auth.refresh(issued.refreshToken!, 'header'))).rejects.toMatchObject({ code: 'storage_unavailable' });
        await expect(bounded(auth.issueSession({ userId: uniqueUserId(), transport: 'header' }))).rejects.toMatchObject({
          code: 'storage_unavailable',
        });

        proxy.restore();
        expect(await bounded(auth.authenticate(bearer(issued.accessToken)))).toMatchObject({ ok: true, session: { id: issued.session.id } });
        const refreshed = await bounded(auth.refresh(issued.refreshToken!, 'header'));
        expect(refreshed.ok).toBe(true);
        if (refreshed.ok) issued = refreshed;
      });
    }
  });
});

function bounded<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TEST_BOUND_MS} ms: the storage hung`)), TEST_BOUND_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
