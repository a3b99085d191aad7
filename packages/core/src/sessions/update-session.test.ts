import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createTestClock } from '../testing/test-clock.js';
import { isFresh } from './update-session.js';

const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });

function setup(options: { contextSchema?: Parameters<typeof createAuthentify>[0]['contextSchema']; maxContextBytes?: number } = {}) {
  const clock = createTestClock(Date.UTC(2031, 3, 1, 10, 0, 0));
  const storage = new MemorySessionStorage();
  const auth = createAuthentify({ storage, clock, accessTtl: '15m', refreshTtl: '30d', ...options });
  return { auth, clock, storage };
}

describe('auth.updateSession', () => {
  it('records a second factor in the context: the next request sees it, the tokens keep working', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: 'u', transport: 'header', context: { device: 'phone' } });
    expect(issued.session.context).toEqual({ device: 'phone' });
    const updated = await auth.updateSession(issued.session.id, { context: { device: 'phone', twoFactor: true } });
    expect(updated).toMatchObject({ id: issued.session.id, context: { device: 'phone', twoFactor: true }, status: 'active' });
    expect(await auth.authenticate(bearer(issued.accessToken))).toMatchObject({ ok: true, session: { context: { twoFactor: true } } });
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    expect(refreshed).toMatchObject({ ok: true, session: { context: { twoFactor: true } } });
  });

  it('renames a device, own sessions only, and clears the label with null', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: 'u', transport: 'header' });
    expect(issued.session.label).toBeNull();
    expect(await auth.updateSession(issued.session.id, { label: 'Work laptop' }, { userId: 'someone-else' })).toBeNull();
    expect(await auth.updateSession(issued.session.id, { label: 'Work laptop' }, { userId: 'u' })).toMatchObject({ label: 'Work laptop' });
    expect((await auth.listSessionsOfUser('u'))[0]).toMatchObject({ label: 'Work laptop' });
    expect(await auth.updateSession(issued.session.id, { label: null })).toMatchObject({ label: null });
  });

  it('validates the context through contextSchema and maxContextBytes, as at login', async () => {
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: (value: unknown) =>
          typeof (value as { device?: unknown }).device === 'string'
            ? { value: { device: (value as { device: string }).device.trim() } }
            : { issues: [{ message: 'device must be a string', path: ['device'] }] },
      },
    };
    const { auth } = setup({ contextSchema: schema, maxContextBytes: 64 });
    const issued = await auth.issueSession({ userId: 'u', transport: 'header', context: { device: 'phone' } });
    await expect(auth.updateSession(issued.session.id, { context: { device: 42 } as never })).rejects.toMatchObject({ code: 'invalid_context' });
    await expect(auth.updateSession(issued.session.id, { context: { device: 'x'.repeat(100) } })).rejects.toMatchObject({ code: 'invalid_context' });
    // The schema's output is what is stored.
    expect(await auth.updateSession(issued.session.id, { context: { device: '  tablet  ' } })).toMatchObject({ context: { device: 'tablet' } });
    expect((await auth.findSession(issued.session.id))?.context).toEqual({ device: 'tablet' });
  });

  it('refuses bad labels and unknown fields with invalid_argument, and writes nothing', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: 'u', transport: 'header' });
    for (const label of ['', 'x'.repeat(101), 'two\nlines', 'nul\u0000', 42, '\uD800']) {
      await expect(auth.updateSession(issued.session.id, { label: label as never })).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await expect(auth.updateSession(issued.session.id, { authenticatedAt: new Date() } as never)).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(await auth.updateSession(issued.session.id, { label: '📱'.repeat(100) })).toMatchObject({ label: '📱'.repeat(100) });
  });

  it('returns null for unknown, malformed, revoked and expired sessions', async () => {
    const { auth, clock } = setup();
    expect(await auth.updateSession('a'.repeat(22), { label: 'x' })).toBeNull();
    expect(await auth.updateSession('not a session id', { label: 'x' })).toBeNull();
    const revoked = await auth.issueSession({ userId: 'u', transport: 'header' });
    await auth.revokeSession(revoked.session.id);
    expect(await auth.updateSession(revoked.session.id, { label: 'x' })).toBeNull();
    const expiring = await auth.issueSession({ userId: 'u', transport: 'header', refreshTtl: null });
    clock.advance('16m');
    expect(await auth.updateSession(expiring.session.id, { label: 'x' })).toBeNull();
    expect(await auth.reauthenticate(expiring.session.id)).toBeNull();
  });
});

describe('auth.reauthenticate and authenticatedAt', () => {
  it('is the login time at issue, moves to now on re-authentication, and survives refresh', async () => {
    const { auth, clock } = setup();
    const issued = await auth.issueSession({ userId: 'u', transport: 'header' });
    expect(issued.session.authenticatedAt).toEqual(issued.session.createdAt);
    clock.advance('20m');
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    expect(refreshed.ok && refreshed.session.authenticatedAt).toEqual(issued.session.createdAt);
    expect(isFresh(issued.session, 10 * 60_000, clock())).toBe(false);
    const stepped = await auth.reauthenticate(issued.session.id, { userId: 'u' });
    expect(stepped?.authenticatedAt).toEqual(new Date(clock()));
    expect(isFresh(stepped!, 10 * 60_000, clock())).toBe(true);
    clock.advance('10m');
    expect(isFresh(stepped!, 10 * 60_000, clock())).toBe(false); // exactly 10 minutes: stale
    expect(await auth.reauthenticate(issued.session.id, { userId: 'other' })).toBeNull();
  });

  it('after a password change, one call ends the other sessions as credentials_changed and keeps this one', async () => {
    const revocations: unknown[] = [];
    const clock = createTestClock();
    const auth = createAuthentify({ storage: new MemorySessionStorage(), clock, auditRetention: '30d', hooks: { afterRevoke: (event) => void revocations.push(event) } });
    const current = await auth.issueSession({ userId: 'u', transport: 'cookie' });
    const others = [await auth.issueSession({ userId: 'u', transport: 'header' }), await auth.issueSession({ userId: 'u', transport: 'header' })];
    const stranger = await auth.issueSession({ userId: 'v', transport: 'header' });
    expect(await auth.revokeOtherSessionsOfUser('u', current.session.id, { reason: 'credentials_changed' })).toBe(2);
    for (const other of others) {
      expect(await auth.findSession(other.session.id)).toMatchObject({ status: 'revoked', revocationReason: 'credentials_changed' });
    }
    expect(await auth.findSession(current.session.id)).toMatchObject({ status: 'active' });
    expect(await auth.findSession(stranger.session.id)).toMatchObject({ status: 'active' });
    expect(revocations).toMatchObject([{ userId: 'u', reason: 'credentials_changed' }]);
  });
});
