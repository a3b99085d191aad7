import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import type { AuthentifyOptions } from '../options/options.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createTestClock } from '../testing/test-clock.js';

const active = new Set(['alice']);
const setup = (options: Partial<AuthentifyOptions<object, { id: string }>> = {}) => {
  const clock = createTestClock(Date.UTC(2030, 4, 5));
  const auth = createAuthentify<object, { id: string }>({
    storage: new MemorySessionStorage(),
    clock,
    resolveUser: (id) => (active.has(id) ? { id } : null),
    ...options,
  });
  return { auth, clock };
};

describe('refresh', () => {
  it('refuses malformed, unknown and access tokens without touching a session', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await auth.refresh('nonsense', 'header')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await auth.refresh(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'malformed' });
    const stranger = await setup().auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await auth.refresh(stranger.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
  });

  it('refuses an expired refresh token, and a rotated one once its own expiry passed (not as reuse)', async () => {
    const { auth, clock } = setup({ accessTtl: '1m', refreshTtl: '1h', refreshReuseGrace: 0 });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    if (!refreshed.ok) throw new Error(refreshed.reason);
    clock.advance('2h');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'expired' });
    expect(await auth.refresh(refreshed.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a user resolveUser no longer finds, and keeps the session for when they return', async () => {
    const { auth } = setup();
    active.add('bob');
    const issued = await auth.issueSession({ userId: 'bob', transport: 'header' });
    active.delete('bob');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'user_inactive' });
    active.add('bob');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: true });
  });

  it('refuses a refresh of a revoked session kept for audit', async () => {
    const { auth } = setup({ auditRetention: '1d' });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    await auth.revokeSession(issued.session.id);
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('returns the same shape as issueSession, plus ok, user and replayed, with the tokens redacted in logs', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    expect(Object.keys(refreshed).sort()).toEqual([...Object.keys(issued), 'ok', 'replayed', 'user'].sort());
    if (!refreshed.ok) throw new Error(refreshed.reason);
    const { accessToken, refreshToken, session } = refreshed;
    expect(session.id).toBe(issued.session.id);
    expect(await auth.authenticateToken(accessToken, 'header')).toMatchObject({ ok: true });
    const shown = inspect(refreshed);
    expect(shown).not.toContain(accessToken);
    expect(shown).not.toContain(refreshToken);
    expect(shown).toContain('[redacted]');
  });

  it('with refreshReuseGrace 0, treats a reuse in the same millisecond as theft', async () => {
    const { auth } = setup({ refreshReuseGrace: 0 });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: true });
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refresh_token_reused' });
  });

  it('replays just inside the grace window and treats the reuse at its end as theft', async () => {
    const { auth, clock } = setup({ refreshReuseGrace: '10s' });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    if (!refreshed.ok) throw new Error(refreshed.reason);
    clock.advance('9999ms');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: true, replayed: true, accessToken: refreshed.accessToken });
    clock.advance('1ms');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refresh_token_reused' });
  });

  it('answers superseded, without tokens, when the storage kept no replay', async () => {
    const storage = new MemorySessionStorage();
    storage.findRefreshReplay = async () => null;
    const { auth } = setup({ storage });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    await auth.refresh(issued.refreshToken!, 'header');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toEqual({
      ok: false,
      reason: 'refresh_token_superseded',
      sessionId: issued.session.id,
      userId: 'alice',
    });
  });

  it('calls afterRefresh with the rotated session and the user, once per rotation (not for a replay)', async () => {
    const seen: string[] = [];
    const { auth } = setup({ hooks: { afterRefresh: ({ session, user }) => void seen.push(`${session.id}:${user.id}`) } });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    await auth.refresh(issued.refreshToken!, 'header');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: true, replayed: true });
    expect(seen).toEqual([`${issued.session.id}:alice`]);
  });

  it('on reuse fires onRefreshReuse and afterRevoke, and keeps the reason with audit retention', async () => {
    const events: string[] = [];
    const { auth, clock } = setup({
      auditRetention: '30d',
      hooks: {
        onRefreshReuse: ({ sessionId }) => void events.push(`reuse:${sessionId}`),
        afterRevoke: ({ reason }) => void events.push(`revoke:${reason}`),
      },
    });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    await auth.refresh(issued.refreshToken!, 'header');
    clock.advance('1m');
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refresh_token_reused' });
    expect(events).toEqual([`reuse:${issued.session.id}`, 'revoke:refresh_token_reuse']);
    const [listed] = await auth.listSessionsOfUser('alice', { includeEnded: true });
    expect(listed).toMatchObject({ status: 'revoked', revocationReason: 'refresh_token_reuse' });
  });
});
