import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createTestClock } from '../testing/test-clock.js';
import type { AuthentifyOptions } from '../options/options.js';
import type { IssueSessionInput } from './issue-session.js';

const setup = (options: Partial<AuthentifyOptions<Record<string, unknown>, undefined>> = {}) => {
  const clock = createTestClock(Date.UTC(2030, 4, 5));
  const storage = new MemorySessionStorage();
  return { clock, storage, auth: createAuthentify({ storage, clock, ...options }) };
};

describe('issueSession', () => {
  it('returns the plaintext tokens once, and stores only their digests', async () => {
    const { auth, storage } = setup();
    const issued = await auth.issueSession({ userId: 'u1', transport: 'header' });
    expect(issued.accessToken).toMatch(/^afy_at_/);
    expect(issued.refreshToken).toMatch(/^afy_rt_/);
    const stored = await storage.findSessionById(issued.session.id);
    expect(JSON.stringify(stored)).not.toContain(issued.accessToken);
    expect(JSON.stringify(stored)).not.toContain(issued.refreshToken);
    expect(stored?.accessDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hides the tokens from console.log / util.inspect', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: 'u1', transport: 'header' });
    const shown = inspect(issued, { depth: 5 });
    expect(shown).not.toContain(issued.accessToken);
    expect(shown).toContain('[redacted]');
    expect(issued.accessToken).toBeTypeOf('string');
  });

  it('gives each session a stable 22-character id and distinct tokens', async () => {
    const { auth } = setup();
    const a = await auth.issueSession({ userId: 'u1', transport: 'header' });
    const b = await auth.issueSession({ userId: 'u1', transport: 'header' });
    expect(a.session.id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(a.session.id).not.toBe(b.session.id);
    expect(a.accessToken).not.toBe(b.accessToken);
  });

  it('issues no refresh token when refreshTtl is null, globally or for one session', async () => {
    expect((await setup({ refreshTtl: null }).auth.issueSession({ userId: 'u', transport: 'header' })).refreshToken).toBeNull();
    const perSession = await setup().auth.issueSession({ userId: 'u', transport: 'header', refreshTtl: null });
    expect(perSession.refreshToken).toBeNull();
    expect(perSession.session.refreshExpiresAt).toBeNull();
  });

  it('applies per-session TTL overrides, and later extensions and refreshes respect them', async () => {
    const { auth, clock } = setup({ sliding: { interval: 0 } });
    const issued = await auth.issueSession({ userId: 'u', transport: 'header', accessTtl: '2m', refreshTtl: '1h' });
    expect(issued.session.accessExpiresAt).toEqual(new Date(clock() + 120_000));
    clock.advance('1m');
    const used = await auth.authenticateToken(issued.accessToken, 'header');
    expect(used.ok && used.session.accessExpiresAt).toEqual(new Date(clock() + 120_000));
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    expect(refreshed.ok && refreshed.session.accessExpiresAt).toEqual(new Date(clock() + 120_000));
    expect(refreshed.ok && refreshed.session.refreshExpiresAt).toEqual(new Date(clock() + 3_600_000));
  });

  it('issues a never-expiring token on request (accessTtl: null) and drops the default refresh token', async () => {
    const { auth, clock } = setup();
    const issued = await auth.issueSession({ userId: 'cli', transport: 'header', accessTtl: null });
    expect(issued.refreshToken).toBeNull();
    clock.advance('3650d');
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
  });

  it.each([
    ['an empty user id', { userId: '' }],
    ['a numeric user id', { userId: 42 as never }],
    ['a 256-character user id', { userId: 'x'.repeat(256) }],
    ['an unknown transport', { transport: 'query' as never }],
    ['a zero access TTL', { accessTtl: 0 }],
    ['an unreadable TTL', { refreshTtl: 'soon' as never }],
    ['a refresh TTL shorter than the access TTL', { accessTtl: '1d', refreshTtl: '1h' }],
    ['an access TTL beyond the default refresh TTL', { accessTtl: '60d' }],
  ] satisfies [string, Partial<IssueSessionInput<object>>][])('refuses %s with invalid_argument', async (_label, override) => {
    const { auth } = setup();
    await expect(auth.issueSession({ userId: 'u', transport: 'header', ...override })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('single-login revokes the other sessions and reports them to afterRevoke', async () => {
    const events: unknown[] = [];
    const { auth } = setup({ singleLogin: true, hooks: { afterRevoke: (event) => void events.push(event) } });
    const first = await auth.issueSession({ userId: 'u', transport: 'cookie' });
    await auth.issueSession({ userId: 'u', transport: 'header' });
    expect(await auth.authenticateToken(first.accessToken, 'cookie')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(events).toEqual([{ userId: 'u', sessionIds: [first.session.id], reason: 'single_login', request: null }]);
  });

  it('a session limit with evict_oldest ends the oldest session; with refuse it throws session_limit_reached', async () => {
    const evicting = setup({ sessionLimit: { max: 2, onLimit: 'evict_oldest' } });
    const oldest = await evicting.auth.issueSession({ userId: 'u', transport: 'header' });
    evicting.clock.advance(1);
    await evicting.auth.issueSession({ userId: 'u', transport: 'header' });
    evicting.clock.advance(1);
    await evicting.auth.issueSession({ userId: 'u', transport: 'header' });
    expect(await evicting.auth.authenticateToken(oldest.accessToken, 'header')).toMatchObject({ ok: false });
    expect(await evicting.auth.listSessionsOfUser('u')).toHaveLength(2);

    const refusing = setup({ sessionLimit: { max: 1, onLimit: 'refuse' } });
    await refusing.auth.issueSession({ userId: 'u', transport: 'header' });
    await expect(refusing.auth.issueSession({ userId: 'u', transport: 'header' })).rejects.toMatchObject({
      name: 'AuthentifyError',
      code: 'session_limit_reached',
    });
  });

  it('uses the configured token prefix', async () => {
    const issued = await setup({ tokenPrefix: 'acme' }).auth.issueSession({ userId: 'u', transport: 'header' });
    expect(issued.accessToken).toMatch(/^acme_at_/);
  });
});
