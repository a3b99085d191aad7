import axios from 'axios';
import { type AxiosAuthRefreshOptions, createAuthRefresh } from 'axios-auth-refresh';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type LoginPair, startServer, type Timing } from './support/server.js';

/**
 * Why axios-client.ts sets the options it sets: the textbook set-up (refresh on any 401, with
 * the token held now) under each option, against the same server and the same two races.
 */
async function burstWithTextbookSetUp(timing: Timing, options: AxiosAuthRefreshOptions) {
  const server = await startServer({ timing });
  onTestFinished(() => server.close());
  let tokens: LoginPair = await server.login('ada');
  server.clock.advance('16m');

  const api = axios.create({ baseURL: server.url });
  api.interceptors.request.use((config) => {
    config.headers.set('authorization', `Bearer ${tokens.accessToken}`);
    return config;
  });
  createAuthRefresh(
    api as unknown as Parameters<typeof createAuthRefresh>[0], // see AuthRefreshInstance in src/axios-client.ts
    async () => {
      const { data } = await axios.post<LoginPair>(`${server.url}/auth/refresh`, { refreshToken: tokens.refreshToken });
      tokens = data;
    },
    options,
  );

  const outcomes = await Promise.all(
    Array.from({ length: 20 }, () =>
      api.get('/data').then(
        (response) => response.status,
        (error: unknown) => (axios.isAxiosError(error) ? (error.response?.status ?? error.code) : 'error'),
      ),
    ),
  );
  return { outcomes, refreshCalls: server.calls.refresh, liveSessions: (await server.auth.listSessionsOfUser('ada')).length };
}

const count = (outcomes: unknown[], outcome: unknown) => outcomes.filter((candidate) => candidate === outcome).length;

describe('axios-auth-refresh 5 with rotating refresh tokens', () => {
  it('default options (deduplicateRefresh: true): the 401s that arrive during the refresh are rejected, not retried', async () => {
    const { outcomes, refreshCalls } = await burstWithTextbookSetUp('refresh-held', {});
    expect(refreshCalls).toBe(1);
    expect(count(outcomes, 200)).toBe(1);
    expect(count(outcomes, 401)).toBe(19);
  });

  it('deduplicateRefresh: false: they wait for the one refresh in flight and are retried with the new token', async () => {
    const { outcomes, refreshCalls, liveSessions } = await burstWithTextbookSetUp('refresh-held', { deduplicateRefresh: false });
    expect(refreshCalls).toBe(1);
    expect(count(outcomes, 200)).toBe(20);
    expect(liveSessions).toBe(1);
  });

  it('deduplicateRefresh: false alone: a 401 arriving after the refresh finished starts another rotation', async () => {
    // Hence the recipe's check that the failed request carried the current token before refreshing.
    const { outcomes, refreshCalls } = await burstWithTextbookSetUp('requests-late', { deduplicateRefresh: false });
    expect(refreshCalls).toBeGreaterThan(1);
    expect(count(outcomes, 200)).toBeLessThanOrEqual(20);
  });
});
