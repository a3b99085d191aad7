import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import type { RequestView } from '../credentials/request-view.js';
import type { AuthentifyOptions } from '../options/options.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createTestClock } from '../testing/test-clock.js';
import { MAX_USER_AGENT_LENGTH } from './client-activity.js';
import type { ClientChangeEvent } from './hooks.js';

type Context = { pinnedIp?: string };
type User = { id: string };

const setup = (options: Partial<AuthentifyOptions<Context, User>> = {}) => {
  const clock = createTestClock(Date.UTC(2030, 6, 1));
  const storage = new MemorySessionStorage();
  const auth = createAuthentify<Context, User>({
    storage,
    clock,
    accessTtl: '15m',
    lastUsedInterval: '5m',
    resolveUser: (id) => ({ id }),
    ...options,
  });
  return { auth, clock, storage };
};

/** A request from `ip` (the socket's peer) with a user agent, optionally carrying a token. */
const from = (ip: string, userAgent = 'Phone/1.0', token?: string): RequestView => ({
  method: 'GET',
  url: 'https://app.example/feed?page=2',
  remoteAddress: ip,
  header: (name) => (name === 'user-agent' ? userAgent : name === 'authorization' && token ? `Bearer ${token}` : null),
});

describe('where a session was used from', () => {
  it('starts with the login request, and the throttled last-used write records the latest', async () => {
    const { auth, clock, storage } = setup();
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', request: from('::ffff:192.0.2.10', 'Laptop/3') });
    expect(issued.session).toMatchObject({ lastIp: '192.0.2.10', lastUserAgent: 'Laptop/3' });

    // Inside the interval nothing is written, not even a new address (no hook listens).
    clock.advance('1m');
    await auth.authenticate(from('198.51.100.4', 'Phone/1.0', issued.accessToken));
    expect(await storage.findSessionById(issued.session.id)).toMatchObject({ lastIp: '192.0.2.10', lastUserAgent: 'Laptop/3' });

    clock.advance('5m');
    const result = await auth.authenticate(from('198.51.100.4', 'Phone/1.0', issued.accessToken));
    expect(result).toMatchObject({ ok: true, session: { lastIp: '198.51.100.4', lastUserAgent: 'Phone/1.0' } });
    expect(await storage.findSessionById(issued.session.id)).toMatchObject({ lastIp: '198.51.100.4', lastUserAgent: 'Phone/1.0' });
    expect(await auth.listSessionsOfUser('ada')).toMatchObject([{ lastIp: '198.51.100.4', lastUserAgent: 'Phone/1.0' }]);
  });

  it('a refresh records it with the rotation; a token checked without a request keeps what was known', async () => {
    const { auth, clock, storage } = setup();
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', request: from('192.0.2.10') });
    clock.advance('20m');
    const refreshed = await auth.refresh(issued.refreshToken!, 'header', { request: from('203.0.113.8', 'Tablet/2') });
    expect(refreshed).toMatchObject({ ok: true, session: { lastIp: '203.0.113.8', lastUserAgent: 'Tablet/2' } });
    clock.advance('6m');
    expect(await auth.authenticateToken(refreshed.ok ? refreshed.accessToken : '', 'header')).toMatchObject({ ok: true });
    expect(await storage.findSessionById(issued.session.id)).toMatchObject({ lastIp: '203.0.113.8', lastUserAgent: 'Tablet/2' });
  });

  it(`keeps at most ${MAX_USER_AGENT_LENGTH} characters of a user agent, never half a character`, async () => {
    const { auth } = setup();
    const longAgent = `${'a'.repeat(MAX_USER_AGENT_LENGTH - 1)}😀tail`;
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', request: from('192.0.2.1', longAgent) });
    expect(issued.session.lastUserAgent).toBe('a'.repeat(MAX_USER_AGENT_LENGTH - 1));
  });

  it('behind proxies, takes the address trustProxy points to', async () => {
    const { auth } = setup({ trustProxy: 1 });
    const request: RequestView = { remoteAddress: '10.0.0.1', header: (name) => (name === 'x-forwarded-for' ? '6.6.6.6, 203.0.113.50' : null) };
    expect((await auth.issueSession({ userId: 'ada', transport: 'header', request })).session.lastIp).toBe('203.0.113.50');
  });
});

describe('onClientChange', () => {
  const watched = (rule?: AuthentifyOptions<Context, User>['clientChange']) => {
    const events: ClientChangeEvent<Context, User>[] = [];
    const world = setup({ hooks: { onClientChange: (event) => void events.push(event) }, ...(rule === undefined ? {} : { clientChange: rule }) });
    return { ...world, events };
  };

  it('fires once when the session moves to another network, writing the new place at once', async () => {
    const { auth, clock, storage, events } = watched();
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', request: from('192.0.2.10', 'Laptop/3') });
    clock.advance('10s'); // well inside the last-used interval
    await auth.authenticate(from('192.0.2.99', 'Laptop/3', issued.accessToken)); // same /24: quiet
    expect(events).toEqual([]);
    await auth.authenticate(from('198.51.100.4', 'Laptop/3', issued.accessToken));
    await auth.authenticate(from('198.51.100.4', 'Laptop/3', issued.accessToken)); // already recorded
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      previous: { ip: '192.0.2.10', userAgent: 'Laptop/3' },
      current: { ip: '198.51.100.4', userAgent: 'Laptop/3' },
      session: { id: issued.session.id, lastIp: '198.51.100.4' },
      user: { id: 'ada' },
      request: { method: 'GET', path: '/feed', ip: '198.51.100.4' },
    });
    expect(await storage.findSessionById(issued.session.id)).toMatchObject({ lastIp: '198.51.100.4' });
  });

  it('follows the configured rule, and says nothing about a session that never recorded a place', async () => {
    const { auth, events } = watched('network_or_user_agent');
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header' });
    await auth.authenticate(from('192.0.2.10', 'Laptop/3', issued.accessToken)); // first known place
    await auth.authenticate(from('192.0.2.10', 'Laptop/4', issued.accessToken)); // another browser
    expect(events.map((event) => [event.previous, event.current])).toEqual([
      [{ ip: '192.0.2.10', userAgent: 'Laptop/3' }, { ip: '192.0.2.10', userAgent: 'Laptop/4' }],
    ]);
  });

  it('fires on a refresh from another network too', async () => {
    const { auth, clock, events } = watched('ip');
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', request: from('192.0.2.10') });
    clock.advance('20m');
    await auth.refresh(issued.refreshToken!, 'header', { request: from('192.0.2.11') });
    expect(events.map((event) => event.current.ip)).toEqual(['192.0.2.11']);
  });
});

describe('afterAuthenticate', () => {
  it('sees the request, and can refuse a session used from another address than its login pinned', async () => {
    const { auth } = setup({
      hooks: { afterAuthenticate: ({ session, request }) => (session.context.pinnedIp !== undefined && request?.ip !== session.context.pinnedIp ? { refuse: true } : undefined) },
    });
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', context: { pinnedIp: '192.0.2.10' } });
    expect(await auth.authenticate(from('192.0.2.10', 'Laptop/3', issued.accessToken))).toMatchObject({ ok: true });
    expect(await auth.authenticate(from('198.51.100.4', 'Laptop/3', issued.accessToken))).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('gates refresh: a refused refresh rotates nothing, and a retry inside the grace window is refused too', async () => {
    let refusing = false;
    const operations: string[] = [];
    const { auth, clock } = setup({
      refreshReuseGrace: '10s',
      hooks: {
        afterAuthenticate: ({ operation }) => {
          operations.push(operation);
          return refusing ? { refuse: true } : undefined;
        },
      },
    });
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header' });
    refusing = true;
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refused' });
    refusing = false;
    const refreshed = await auth.refresh(issued.refreshToken!, 'header'); // the same token still works: nothing rotated
    expect(refreshed).toMatchObject({ ok: true, replayed: false });

    // A retry with the replaced token, inside the grace window, would get the same pair — unless refused.
    clock.advance('1s');
    refusing = true;
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refused' });
    refusing = false;
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: true, replayed: true });
    expect(operations).toEqual(['refresh', 'refresh', 'refresh', 'refresh']);
  });

  it('may replace the user on refresh as on authentication', async () => {
    const { auth } = setup({ hooks: { afterAuthenticate: ({ user }) => ({ user: { id: `${user.id}-as-admin` } }) } });
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header' });
    expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: true, user: { id: 'ada-as-admin' } });
  });
});

describe('afterLogin and the other hooks', () => {
  it('afterLogin gets the new session and the login request; revocations and reuse get theirs', async () => {
    const seen: [string, string | null][] = [];
    const { auth, clock } = setup({
      refreshReuseGrace: '10s',
      hooks: {
        afterLogin: ({ session, request }) => void seen.push([`login ${session.userId}`, request?.ip ?? null]),
        afterRevoke: ({ reason, request }) => void seen.push([`revoke ${reason}`, request?.ip ?? null]),
        onRefreshReuse: ({ request }) => void seen.push(['reuse', request?.ip ?? null]),
      },
    });
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', request: from('192.0.2.1') });
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    clock.advance('11s');
    await auth.refresh(issued.refreshToken!, 'header', { request: from('6.6.6.6') }); // a thief, after the window
    const other = await auth.issueSession({ userId: 'ada', transport: 'header' });
    await auth.revokeSession(other.session.id, { request: from('192.0.2.2') });
    expect(refreshed.ok).toBe(true);
    expect(seen).toEqual([
      ['login ada', '192.0.2.1'],
      ['reuse', '6.6.6.6'],
      ['revoke refresh_token_reuse', '6.6.6.6'],
      ['login ada', null],
      ['revoke revoked', '192.0.2.2'],
    ]);
  });
});
