import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Authentify, createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock, type TestClock } from '@authentify/core/testing';
import { createAuthentifyHono } from '@authentify/hono';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The pair the login route answers with (the rest of its answer is not needed here). */
export interface LoginPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * When the answers reach the client, to pin down the two races a client must survive:
 * - `natural`: as they come;
 * - `refresh-held`: the refresh is answered only after every request of the burst got its 401,
 *   so all of those 401s arrive while the refresh is in flight;
 * - `requests-late`: every request of the burst but the first is handled only after the refresh
 *   rotated the pair, so their 401s (`invalid`: the token was rotated away) arrive after it.
 */
export type Timing = 'natural' | 'refresh-held' | 'requests-late';

export interface TestServer {
  url: string;
  auth: Authentify<Record<string, never>, { id: string }>;
  clock: TestClock;
  /** Requests that reached the server, per route. */
  calls: { refresh: number; data: number };
  /** The `Authorization` header of each `/data` request, in arrival order. */
  dataAuthorizations: (string | undefined)[];
  /** The error code of each 401 answer of `/data`, in answer order. */
  dataRefusals: (string | undefined)[];
  /** Settles when the first refresh request reaches the server. */
  refreshStarted: Promise<void>;
  /** Logs `userId` in over HTTP with header tokens. */
  login(userId: string): Promise<LoginPair>;
  /** POST /auth/refresh with a refresh token, as any client would. */
  refresh(refreshToken: string): Promise<{ status: number; body: { error?: string } & Partial<LoginPair> }>;
  close(): Promise<void>;
}

export const ACCESS_TTL = '15m';
export const REFRESH_TTL = '1h';

/** A Hono app with Authentify on 127.0.0.1 (port 0): `/login`, a protected `/data`, `/auth/*`. */
export async function startServer(options: { timing?: Timing; burst?: number } = {}): Promise<TestServer> {
  const timing = options.timing ?? 'natural';
  const burst = options.burst ?? 20;
  const clock = createTestClock();
  const auth = createAuthentify<Record<string, never>, { id: string }>({
    storage: new MemorySessionStorage(),
    clock,
    accessTtl: ACCESS_TTL,
    refreshTtl: REFRESH_TTL,
    auditRetention: '30d', // keeps revoked sessions, so their tokens are refused as `revoked`
    resolveUser: (userId) => ({ id: userId }),
  });
  const authentify = createAuthentifyHono(auth);
  const calls = { refresh: 0, data: 0 };
  const dataAuthorizations: (string | undefined)[] = [];
  const dataRefusals: (string | undefined)[] = [];
  let unauthorizedAnswers = 0;
  let dataInProgress = 0;
  let refreshAnswered = false;
  const refreshStarted = withResolvers();
  const refreshDone = withResolvers();

  const app = new Hono()
    .use('/auth/refresh', async (_c, next) => {
      calls.refresh += 1;
      refreshStarted.resolve();
      if (timing === 'refresh-held') {
        await until(() => unauthorizedAnswers >= burst);
        await sleep(25); // let those 401s reach the client first
      }
      await next();
      refreshAnswered = true;
      refreshDone.resolve();
    })
    .use(authentify.routes)
    .use('/data', async (c, next) => {
      calls.data += 1;
      dataAuthorizations.push(c.req.header('authorization'));
      // requests-late: one request at a time until the first 401; the rest wait for the refresh.
      if (timing === 'requests-late' && !refreshAnswered && (dataInProgress > 0 || unauthorizedAnswers > 0)) {
        await Promise.race([refreshDone.promise, sleep(2_000)]);
        await sleep(25);
      }
      dataInProgress += 1;
      try {
        await next();
      } finally {
        dataInProgress -= 1;
      }
      if (c.res.status === 401) {
        dataRefusals.push(((await c.res.clone().json()) as { error?: string }).error);
        unauthorizedAnswers += 1;
      }
    })
    .post('/login', async (c) => {
      const { userId } = (await c.req.json()) as { userId: string };
      return authentify.login(c, { userId, transport: 'header', context: {} });
    })
    .get('/data', authentify.required, (c) => c.json({ userId: c.var.auth.user.id, sessionId: c.var.auth.session.id }));

  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve({ server: started, port: info.port }));
  });
  const url = `http://127.0.0.1:${port}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { error?: string } & Partial<LoginPair> };
  };

  return {
    url,
    auth,
    clock,
    calls,
    dataAuthorizations,
    dataRefusals,
    refreshStarted: refreshStarted.promise,
    async login(userId) {
      const { status, body } = await post('/login', { userId });
      if (status !== 200 || body.accessToken === undefined || body.refreshToken === undefined) throw new Error(`login failed: ${status}`);
      return { accessToken: body.accessToken, refreshToken: body.refreshToken };
    },
    refresh: (refreshToken) => post('/auth/refresh', { refreshToken }),
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `Promise.withResolvers`, which Node 20 lacks. */
function withResolvers(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Waits until `condition` holds, or 2 s at most (a client that never refreshes must not hang the suite). */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 2_000; waited += 5) await sleep(5);
}
