import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { type ClientUnderTest, RECIPES } from './support/recipes.js';
import { type LoginPair, startServer, type TestServer, type Timing } from './support/server.js';

const BURST = 20;
const TIMINGS: Timing[] = ['natural', 'refresh-held', 'requests-late'];
/** What the server answered the burst's first attempts, which shows the timing took effect. */
const EXPECTED_REFUSALS = {
  'refresh-held': Array.from({ length: BURST }, () => 'expired'),
  'requests-late': ['expired', ...Array.from({ length: BURST - 1 }, () => 'invalid')],
};

/** A server, a client of `recipe` signed in as `userId`, and what the client reported. */
async function setUp(recipe: (typeof RECIPES)[number], timing: Timing = 'natural') {
  const server = await startServer({ timing, burst: BURST });
  onTestFinished(() => server.close());
  const rotated: LoginPair[] = [];
  const onLoggedOut = vi.fn<(code: string | null) => void>();
  const client = recipe.create(server.url, { onTokens: (tokens) => rotated.push(tokens), onLoggedOut });
  return { server, client, rotated, onLoggedOut };
}

const burstOf = (client: ClientUnderTest, count = BURST) => Promise.all(Array.from({ length: count }, () => client.getData()));
const statuses = (results: { status: number }[]) => results.map((result) => result.status);
const everyStatus = (status: number, count = BURST) => Array.from({ length: count }, () => status);

describe.each(RECIPES)('$file', (recipe) => {
  describe.each(TIMINGS)('20 parallel requests just after the access token expired, answers %s', (timing) => {
    it('all end 200 after one refresh; the pair is rotated and stored; one live session; the old refresh token is refused', async () => {
      const { server, client, rotated, onLoggedOut } = await setUp(recipe, timing);
      const login = await server.login('ada');
      client.signIn(login);
      expect((await client.getData()).status).toBe(200);

      server.clock.advance('16m'); // past the 15-minute access TTL
      const results = await burstOf(client);

      expect(statuses(results)).toEqual(everyStatus(200));
      expect(server.calls.refresh).toBe(1);
      if (timing !== 'natural') expect(server.dataRefusals).toEqual(EXPECTED_REFUSALS[timing]);
      expect(server.calls.data).toBeLessThanOrEqual(1 + 2 * BURST); // each request retried once at most
      expect(rotated).toHaveLength(1);
      expect(client.tokens).toEqual(rotated[0]);
      expect(client.tokens?.accessToken).not.toBe(login.accessToken);
      expect(client.tokens?.refreshToken).not.toBe(login.refreshToken);
      const sessions = await server.auth.listSessionsOfUser('ada');
      expect(sessions).toHaveLength(1);
      expect(new Set(results.map((result) => (result.body as { sessionId: string }).sessionId))).toEqual(new Set([sessions[0]?.id]));
      expect(onLoggedOut).not.toHaveBeenCalled();

      server.clock.advance('11s'); // past the 10-second grace window
      expect(await server.refresh(login.refreshToken)).toMatchObject({ status: 401, body: { error: 'refresh_token_reused' } });
    });
  });

  it('requests started while the refresh is in flight wait for it and go out with the new token', async () => {
    const { server, client, rotated } = await setUp(recipe, 'refresh-held');
    const login = await server.login('ada');
    client.signIn(login);
    server.clock.advance('16m');

    const first = burstOf(client);
    await server.refreshStarted;
    const late = await burstOf(client, 5);
    expect(statuses(await first)).toEqual(everyStatus(200));
    expect(statuses(late)).toEqual(everyStatus(200, 5));
    expect(server.calls.refresh).toBe(1);
    expect(rotated).toHaveLength(1);
    // The burst's 20 first attempts carried the old token; its 20 retries and the 5 late requests
    // (each sent once) carried the new one.
    const sent = server.dataAuthorizations;
    expect(sent.filter((header) => header === `Bearer ${login.accessToken}`)).toHaveLength(BURST);
    expect(sent.filter((header) => header === `Bearer ${rotated[0]?.accessToken}`)).toHaveLength(BURST + 5);
    expect(sent).toHaveLength(2 * BURST + 5);
  });

  it('a refused refresh (refresh token expired) logs out once and retries nothing', async () => {
    const { server, client, onLoggedOut } = await setUp(recipe);
    client.signIn(await server.login('ada'));
    server.clock.advance('2h'); // past the 1-hour refresh TTL as well

    expect(statuses(await burstOf(client))).toEqual(everyStatus(401));
    expect(server.calls.refresh).toBe(1);
    expect(server.calls.data).toBe(BURST);
    expect(onLoggedOut.mock.calls).toEqual([['expired']]);
    expect(client.tokens).toBeNull();

    // Logged out: the next request goes out without a token and is not refreshed either.
    expect(await client.getData()).toMatchObject({ status: 401, body: { error: 'missing' } });
    expect(server.calls.refresh).toBe(1);
    expect(onLoggedOut).toHaveBeenCalledTimes(1);
  });

  it('a refused refresh (refresh token rotated away: only the access token was stored) logs out once; the session is revoked', async () => {
    const { server, client, onLoggedOut } = await setUp(recipe);
    const login = await server.login('ada');
    const rotated = await server.refresh(login.refreshToken);
    expect(rotated.status).toBe(200);
    server.clock.advance('16m'); // past the access TTL and the grace window
    client.signIn({ accessToken: rotated.body.accessToken!, refreshToken: login.refreshToken });

    expect(statuses(await burstOf(client))).toEqual(everyStatus(401));
    expect(server.calls.refresh).toBe(2); // the test's own rotation, then the client's one attempt
    expect(server.calls.data).toBe(BURST);
    expect(onLoggedOut.mock.calls).toEqual([['refresh_token_reused']]);
    expect(await server.auth.listSessionsOfUser('ada')).toEqual([]);
  });

  it('a 401 that is not an expiry (revoked) is neither refreshed nor retried, and logs out once', async () => {
    const { server, client, onLoggedOut } = await setUp(recipe);
    client.signIn(await server.login('ada'));
    await server.auth.revokeAllSessionsOfUser('ada');

    const results = await burstOf(client);
    expect(statuses(results)).toEqual(everyStatus(401));
    expect(results[0]?.body).toMatchObject({ error: 'revoked' });
    expect(server.calls.refresh).toBe(0);
    expect(server.calls.data).toBe(BURST);
    expect(onLoggedOut.mock.calls).toEqual([['revoked']]);
  });
});
