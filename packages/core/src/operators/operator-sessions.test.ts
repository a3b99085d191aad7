import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createTestClock } from '../testing/test-clock.js';

const start = Date.UTC(2030, 3, 1, 9, 0, 0);

function setup() {
  const clock = createTestClock(start);
  const storage = new MemorySessionStorage();
  const events: { userId: string; sessionIds: string[]; reason: string }[] = [];
  const auth = createAuthentify({
    storage,
    clock,
    accessTtl: '15m',
    refreshTtl: '1h',
    auditRetention: '30d',
    hooks: { afterRevoke: (event) => void events.push(event) },
  });
  return { auth, clock, events };
}

describe('operator queries on the Authentify instance', () => {
  it('searchSessions pages across users with an opaque cursor, and never shows a token or digest', async () => {
    const { auth, clock } = setup();
    const issued = [];
    for (let index = 0; index < 7; index++) {
      issued.push(await auth.issueSession({ userId: `user-${index % 3}`, transport: index % 2 === 0 ? 'header' : 'cookie' }));
      clock.advance('1s');
    }
    const seen: string[] = [];
    const output: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof auth.searchSessions>> = await auth.searchSessions({ limit: 3, cursor });
      expect(page.sessions.length).toBeLessThanOrEqual(3);
      seen.push(...page.sessions.map((session) => session.id));
      output.push(JSON.stringify(page));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(issued.map((session) => session.session.id).reverse());
    const everything = output.join('\n');
    expect(everything).not.toMatch(/Digest/);
    for (const session of issued) {
      expect(everything).not.toContain(session.accessToken);
      expect(everything).not.toContain(session.refreshToken!);
    }
    expect((await auth.searchSessions({ userId: 'user-1', transport: 'cookie' })).sessions.map((s) => s.id)).toEqual([
      issued[1]!.session.id,
    ]);
  });

  it('counts by state at the clock’s now, and searches by state', async () => {
    const { auth, clock } = setup();
    const old = await auth.issueSession({ userId: 'u', transport: 'header' });
    clock.advance('2h'); // the first one's refresh token (1h) has lapsed: expired
    const current = await auth.issueSession({ userId: 'u', transport: 'header' });
    const revoked = await auth.issueSession({ userId: 'v', transport: 'header' });
    await auth.revokeSession(revoked.session.id, { reason: 'admin', actor: 'ops', note: 'test' });
    expect(await auth.countSessionsByState()).toEqual({ live: 1, expired: 1, revoked: 1 });
    expect(await auth.countSessionsByState({ userId: 'u' })).toEqual({ live: 1, expired: 1, revoked: 0 });
    expect((await auth.searchSessions({ states: ['expired'] })).sessions.map((s) => [s.id, s.status])).toEqual([
      [old.session.id, 'expired'],
    ]);
    expect((await auth.searchSessions({ states: ['live'] })).sessions.map((s) => [s.id, s.status])).toEqual([
      [current.session.id, 'active'],
    ]);
    expect(await auth.findSession(revoked.session.id)).toMatchObject({
      status: 'revoked',
      revocationReason: 'admin',
      revokedBy: 'ops',
      revocationNote: 'test',
    });
  });

  it('revokeSessions ends what matches, audited, one afterRevoke per user, and the tokens stop working', async () => {
    const { auth, events } = setup();
    const a1 = await auth.issueSession({ userId: 'a', transport: 'cookie' });
    const a2 = await auth.issueSession({ userId: 'a', transport: 'header' });
    const b1 = await auth.issueSession({ userId: 'b', transport: 'cookie' });
    const c1 = await auth.issueSession({ userId: 'c', transport: 'header' });
    expect(await auth.revokeSessions({ transport: 'cookie' }, { actor: 'alice@ops', note: 'incident 42' })).toBe(2);
    // All four were issued in the same millisecond, so the order of users is by session id: any.
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        { userId: 'b', sessionIds: [b1.session.id], reason: 'admin', request: null },
        { userId: 'a', sessionIds: [a1.session.id], reason: 'admin', request: null },
      ]),
    );
    expect(await auth.authenticateToken(a1.accessToken, 'cookie')).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await auth.authenticateToken(a2.accessToken, 'header')).toMatchObject({ ok: true });
    expect(await auth.findSession(b1.session.id)).toMatchObject({ revokedBy: 'alice@ops', revocationNote: 'incident 42' });
    expect(await auth.revokeSessions({ userId: 'a' }, { reason: 'credentials_changed', exceptSessionId: a2.session.id })).toBe(0);
    expect(await auth.revokeSessions({ userId: 'c' }, { reason: 'credentials_changed' })).toBe(1);
    expect(await auth.findSession(c1.session.id)).toMatchObject({ revocationReason: 'credentials_changed', revokedBy: null });
  });

  it('refuses what cannot be a query: no criteria for a bulk revocation, unknown criteria, bad values, foreign cursors', async () => {
    const { auth } = setup();
    const refused = async (call: () => Promise<unknown>, message: RegExp) =>
      expect(call()).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(message) });
    await refused(() => auth.revokeSessions({}), /at least one criterion/);
    await refused(() => auth.searchSessions({ user: 'x' } as never), /unknown criterion "user"/);
    await refused(() => auth.searchSessions({ states: [] }), /states/);
    await refused(() => auth.searchSessions({ states: ['active' as never] }), /states/);
    await refused(() => auth.searchSessions({ transport: 'carrier-pigeon' as never }), /transport/);
    await refused(() => auth.searchSessions({ createdFrom: new Date('nope') }), /createdFrom/);
    await refused(() => auth.searchSessions({ limit: 0 }), /limit/);
    await refused(() => auth.searchSessions({ limit: 1001 }), /limit/);
    await refused(() => auth.searchSessions({ cursor: 'not-a-cursor' }), /cursor/);
    await refused(() => auth.revokeSessions({ userId: 'u' }, { reason: 'bored' as never }), /reason must be one of/);
    await refused(() => auth.revokeSessions({ userId: 'u' }, { actor: '' }), /actor/);
    await refused(() => auth.revokeSession('abc', { note: 'x'.repeat(1001) }), /note/);
    expect(await auth.findSession('../etc/passwd')).toBeNull();
    expect(await auth.findSession('unknownsession')).toBeNull();
  });
});
