import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import type { AuthentifyOptions } from '../options/options.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { createTestClock } from '../testing/test-clock.js';
import type { FailureEvent } from './hooks.js';

type User = { id: string; name: string };
const users = new Map<string, User | null>([['alice', { id: 'alice', name: 'Alice' }], ['gone', null]]);

const setup = (options: Partial<AuthentifyOptions<{ device: string }, User>> = {}) => {
  const clock = createTestClock(Date.UTC(2030, 4, 5));
  const storage = new MemorySessionStorage();
  const failures: FailureEvent[] = [];
  const auth = createAuthentify<{ device: string }, User>({
    storage,
    clock,
    resolveUser: (userId) => users.get(userId) ?? null,
    hooks: { onFailure: (event) => void failures.push(event) },
    ...options,
  });
  return { auth, clock, storage, failures };
};
const bearer = (value: string) => ({ header: (name: string) => (name === 'authorization' ? value : null) });

describe('authenticate', () => {
  it('resolves the user and exposes session and user', async () => {
    const { auth } = setup();
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header', context: { device: 'd' } });
    const result = await auth.authenticate(bearer(`Bearer ${issued.accessToken}`));
    expect(result).toMatchObject({ ok: true, user: { name: 'Alice' }, session: { userId: 'alice', status: 'active' } });
  });

  it('reports every refusal reason to onFailure, except a missing credential', async () => {
    const { auth, clock, failures } = setup();
    const live = await auth.issueSession({ userId: 'alice', transport: 'header', context: { device: 'd' } });
    const ghost = await auth.issueSession({ userId: 'gone', transport: 'header', context: { device: 'd' } });
    const cookieOnly = await auth.issueSession({ userId: 'alice', transport: 'cookie', context: { device: 'd' } });
    const reasons = async (request: ReturnType<typeof bearer>) => {
      const result = await auth.authenticate(request);
      return result.ok ? 'ok' : result.reason;
    };
    expect(await reasons(bearer(''))).toBe('missing');
    expect(await reasons(bearer('Basic dXNlcg=='))).toBe('missing');
    expect(await reasons(bearer('Bearer a b'))).toBe('invalid_request');
    expect(await reasons(bearer('Bearer not-a-token'))).toBe('malformed');
    expect(await reasons(bearer(`Bearer ${live.accessToken.slice(0, 7)}${'A'.repeat(50)}`))).toBe('malformed');
    expect(await reasons(bearer(`Bearer ${live.refreshToken}`))).toBe('malformed');
    expect(await reasons(bearer(`Bearer ${cookieOnly.accessToken}`))).toBe('wrong_transport');
    expect(await reasons(bearer(`Bearer ${ghost.accessToken}`))).toBe('user_inactive');
    clock.advance('16m');
    expect(await reasons(bearer(`Bearer ${live.accessToken}`))).toBe('expired');
    expect(failures.map((f) => f.reason)).toEqual(['invalid_request', 'malformed', 'malformed', 'malformed', 'wrong_transport', 'user_inactive', 'expired']);
    expect(failures.at(-1)).toEqual({ operation: 'authenticate', reason: 'expired', transport: 'header', sessionId: live.session.id, userId: 'alice', request: expect.objectContaining({ method: null, path: null }) });
  });

  it('reports an unknown but well-formed token as invalid', async () => {
    const other = setup();
    const foreign = await other.auth.issueSession({ userId: 'alice', transport: 'header' });
    const { auth } = setup();
    expect(await auth.authenticate(bearer(`Bearer ${foreign.accessToken}`))).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('accepts a cookie session’s token in a header when transport restriction is off', async () => {
    const { auth } = setup({ transportRestriction: false });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'cookie' });
    expect(await auth.authenticate(bearer(`Bearer ${issued.accessToken}`))).toMatchObject({ ok: true });
  });

  it('lets afterAuthenticate replace the user or refuse the request', async () => {
    const refusing = setup({ hooks: { afterAuthenticate: () => ({ refuse: true }) } });
    const a = await refusing.auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await refusing.auth.authenticateToken(a.accessToken, 'header')).toMatchObject({ ok: false, reason: 'refused' });

    const replacing = setup({ hooks: { afterAuthenticate: ({ user }) => ({ user: { ...user, name: 'Alice (impersonated)' } }) } });
    const b = await replacing.auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await replacing.auth.authenticateToken(b.accessToken, 'header')).toMatchObject({ ok: true, user: { name: 'Alice (impersonated)' } });
  });

  it('writes a sliding extension only after the request was accepted, and reports it', async () => {
    const extensions: string[] = [];
    let refuse = true;
    const { auth, clock, storage } = setup({
      accessTtl: '10m',
      sliding: { interval: '1m' },
      hooks: {
        afterAuthenticate: () => (refuse ? { refuse: true } : undefined),
        afterSlidingExtension: ({ session }) => void extensions.push(session.id),
      },
    });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'cookie' });
    clock.advance('2m');
    expect(await auth.authenticateToken(issued.accessToken, 'cookie')).toMatchObject({ ok: false, reason: 'refused' });
    expect((await storage.findSessionById(issued.session.id))?.accessExpiresAt).toEqual(issued.session.accessExpiresAt);
    refuse = false;
    expect(await auth.authenticateToken(issued.accessToken, 'cookie')).toMatchObject({ ok: true, extended: true });
    expect((await storage.findSessionById(issued.session.id))?.accessExpiresAt).toEqual(new Date(clock() + 600_000));
    expect(await auth.authenticateToken(issued.accessToken, 'cookie')).toMatchObject({ ok: true, extended: false });
    expect(extensions).toEqual([issued.session.id]);
  });

  it('updates last-used time at most once per lastUsedInterval without sliding', async () => {
    const { auth, clock, storage } = setup({ lastUsedInterval: '5m' });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    clock.advance('4m');
    await auth.authenticateToken(issued.accessToken, 'header');
    expect((await storage.findSessionById(issued.session.id))?.lastUsedAt).toEqual(issued.session.createdAt);
    clock.advance('2m');
    const result = await auth.authenticateToken(issued.accessToken, 'header');
    expect(result).toMatchObject({ ok: true, extended: false });
    expect((await storage.findSessionById(issued.session.id))?.lastUsedAt).toEqual(new Date(clock()));
  });

  it('turns any storage failure into storage_unavailable — never anonymous, never allowed', async () => {
    const healthy = new MemorySessionStorage();
    let down = false;
    const flaky = new Proxy(healthy, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as SessionStorage;
    const auth = createAuthentify({ storage: flaky });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    down = true;
    const failure = await auth.authenticateToken(issued.accessToken, 'header').catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'AuthentifyError', code: 'storage_unavailable', cause: { message: expect.stringContaining('ECONNREFUSED') } });
    await expect(auth.refresh(issued.refreshToken!, 'header')).rejects.toMatchObject({ code: 'storage_unavailable' });
    await expect(auth.issueSession({ userId: 'alice', transport: 'header' })).rejects.toMatchObject({ code: 'storage_unavailable' });
    await expect(auth.revokeSession(issued.session.id)).rejects.toMatchObject({ code: 'storage_unavailable' });
    down = false;
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
  });

  it('a malformed token never reaches storage', async () => {
    let lookups = 0;
    const storage = new MemorySessionStorage();
    const counting = Object.assign(Object.create(storage) as SessionStorage, {
      findSessionByAccessDigest: (digest: string) => {
        lookups++;
        return storage.findSessionByAccessDigest(digest);
      },
    });
    const auth = createAuthentify({ storage: counting });
    await auth.authenticate(bearer('Bearer afy_at_0000000000000000000000000000000000000000000000000'));
    await auth.authenticate(bearer('Bearer garbage'));
    expect(lookups).toBe(0);
  });
});
