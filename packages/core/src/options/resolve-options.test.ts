import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import type { AuthentifyOptions } from './options.js';

const storage = new MemorySessionStorage();
const create = (options: Partial<AuthentifyOptions<object, unknown>>) =>
  createAuthentify({ storage, ...options } as AuthentifyOptions<object, unknown>);

describe('createAuthentify options', () => {
  it('has documented defaults', () => {
    expect(create({}).settings).toEqual({
      accessTtlMs: 15 * 60_000,
      refreshTtlMs: 30 * 86_400_000,
      sliding: null,
      absoluteLifetimeMs: null,
      lastUsedIntervalMs: 5 * 60_000,
      singleLogin: false,
      sessionLimit: null,
      transportRestriction: true,
      hashAlgorithm: 'SHA-256',
      tokenPrefix: 'afy',
      headerPrefixes: ['bearer', 'token'],
      cookieNames: { access: 'afy_access', refresh: 'afy_refresh' },
      auditRetentionMs: null,
      refreshReuseGraceMs: 10_000,
      strictContext: false,
      maxContextBytes: 8192,
      trustProxy: false,
    });
  });

  it('accepts a full, valid configuration', () => {
    const auth = create({
      accessTtl: '10m',
      refreshTtl: '14d',
      sliding: { interval: 0, maxLifetime: '1d' },
      absoluteLifetime: '90d',
      lastUsedInterval: null,
      sessionLimit: { max: 5, onLimit: 'evict_oldest' },
      transportRestriction: false,
      hashAlgorithm: 'SHA-512',
      tokenPrefix: 'acme',
      headerPrefixes: ['Bearer'],
      cookieNames: { access: 'sid', refresh: 'rid' },
      auditRetention: '30d',
      refreshReuseGrace: 30,
      resolveUser: async () => null,
      hooks: { onFailure: () => {} },
      contextSchema: z.object({ device: z.string() }),
      strictContext: true,
      maxContextBytes: 1024,
      clock: () => 0,
    });
    expect(auth.settings.sliding).toEqual({ intervalMs: 0, maxLifetimeMs: 86_400_000 });
    expect(auth.settings.headerPrefixes).toEqual(['bearer']);
  });

  it('accepts null TTLs: never-expiring access tokens without refresh tokens', () => {
    expect(create({ accessTtl: null, refreshTtl: null }).settings).toMatchObject({ accessTtlMs: null, refreshTtlMs: null });
  });

  const invalid: [string, Partial<AuthentifyOptions<object, unknown>>, string][] = [
    ['a missing storage', { storage: undefined as never }, 'storage'],
    ['a storage lacking a method', { storage: { createSession() {} } as never }, 'storage'],
    ['an unknown option (typo)', { acessTtl: '1m' } as never, 'acessTtl'],
    ['a zero access TTL', { accessTtl: 0 }, 'accessTtl'],
    ['an unreadable access TTL', { accessTtl: '15 minutes' as never }, 'accessTtl'],
    ['a negative refresh TTL', { refreshTtl: -5 }, 'refreshTtl'],
    ['a refresh TTL not longer than the access TTL', { accessTtl: '1h', refreshTtl: '1h' }, 'refreshTtl'],
    ['a refresh TTL with never-expiring access', { accessTtl: null, refreshTtl: '1d' }, 'refreshTtl'],
    ['sliding without access expiry', { accessTtl: null, refreshTtl: null, sliding: { interval: '1m' } }, 'sliding'],
    ['sliding that is not an object', { sliding: true as never }, 'sliding'],
    ['a sliding interval not shorter than the access TTL', { accessTtl: '5m', sliding: { interval: '5m' } }, 'sliding.interval'],
    ['a missing sliding interval', { sliding: {} as never }, 'sliding.interval'],
    ['a sliding maximum not beyond the access TTL', { accessTtl: '1h', sliding: { interval: '1m', maxLifetime: '30m' } }, 'sliding.maxLifetime'],
    ['an absolute lifetime shorter than the access TTL', { accessTtl: '1h', absoluteLifetime: '10m' }, 'absoluteLifetime'],
    ['a bad last-used interval', { lastUsedInterval: '5 mins' as never }, 'lastUsedInterval'],
    ['a non-boolean singleLogin', { singleLogin: 'yes' as never }, 'singleLogin'],
    ['a session limit with single-login', { singleLogin: true, sessionLimit: { max: 2, onLimit: 'refuse' } }, 'sessionLimit'],
    ['a session limit of zero', { sessionLimit: { max: 0, onLimit: 'refuse' } }, 'sessionLimit.max'],
    ['a fractional session limit', { sessionLimit: { max: 2.5, onLimit: 'refuse' } }, 'sessionLimit.max'],
    ['an unknown limit policy', { sessionLimit: { max: 2, onLimit: 'evict' as never } }, 'sessionLimit.onLimit'],
    ['a non-boolean transport restriction', { transportRestriction: 1 as never }, 'transportRestriction'],
    ['an insecure hash', { hashAlgorithm: 'MD5' as never }, 'hashAlgorithm'],
    ['SHA-1', { hashAlgorithm: 'SHA-1' as never }, 'hashAlgorithm'],
    ['a lower-case algorithm name', { hashAlgorithm: 'sha256' as never }, 'hashAlgorithm'],
    ['a token prefix with an underscore', { tokenPrefix: 'my_app' }, 'tokenPrefix'],
    ['an upper-case token prefix', { tokenPrefix: 'Acme' }, 'tokenPrefix'],
    ['an empty list of header prefixes', { headerPrefixes: [] }, 'headerPrefixes'],
    ['a header prefix with a space', { headerPrefixes: ['Bearer', 'My Scheme'] }, 'headerPrefixes[1]'],
    ['a cookie name with a semicolon', { cookieNames: { access: 'a;b' } }, 'cookieNames.access'],
    ['equal cookie names', { cookieNames: { access: 'sid', refresh: 'sid' } }, 'cookieNames.refresh'],
    ['a bad audit retention', { auditRetention: 'forever' as never }, 'auditRetention'],
    ['a reuse grace as long as the access TTL', { accessTtl: '1m', refreshReuseGrace: '1m' }, 'refreshReuseGrace'],
    ['a resolveUser that is not a function', { resolveUser: 'users' as never }, 'resolveUser'],
    ['an unknown hook', { hooks: { beforeLogin: () => {} } as never }, 'hooks.beforeLogin'],
    ['a trustProxy of zero proxies', { trustProxy: 0 as never }, 'trustProxy'],
    ['a trustProxy of true', { trustProxy: true as never }, 'trustProxy'],
    ['a trustProxy header that is no header name', { trustProxy: { header: 'x forwarded' } }, 'trustProxy'],
    ['an unknown clientChange rule', { clientChange: 'country' as never }, 'clientChange'],
    ['a hook that is not a function', { hooks: { onFailure: 'log' as never } }, 'hooks.onFailure'],
    ['a context schema that is not a Standard Schema', { contextSchema: { parse() {} } as never }, 'contextSchema'],
    ['a non-boolean strict context', { strictContext: 'on' as never }, 'strictContext'],
    ['a context limit of one byte', { maxContextBytes: 1 }, 'maxContextBytes'],
    ['a clock that is not a function', { clock: 42 as never }, 'clock'],
  ];

  it.each(invalid)('refuses %s at construction, naming the option', (_label, options, option) => {
    let thrown: unknown;
    try {
      create(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'AuthentifyError', code: 'invalid_configuration', option });
    expect((thrown as Error).message).toContain(`\`${option}\``);
  });

  it('shortens the default grace window to half a short accessTtl instead of refusing to start', () => {
    expect(create({ accessTtl: '2s' }).settings.refreshReuseGraceMs).toBe(1_000);
    expect(create({ accessTtl: '15s' }).settings.refreshReuseGraceMs).toBe(7_500);
    expect(create({ accessTtl: '1m' }).settings.refreshReuseGraceMs).toBe(10_000);
    expect(create({ accessTtl: null, refreshTtl: null }).settings.refreshReuseGraceMs).toBe(10_000);
  });

  it('says what to set when an explicit grace window is not shorter than accessTtl', () => {
    expect(() => create({ accessTtl: '2s', refreshReuseGrace: '10s' })).toThrow(
      "Invalid option `refreshReuseGrace`: is 10s but must be shorter than accessTtl (2s), so that a replayed token pair still works when it arrives. Set refreshReuseGrace: '1s' (or anything below 2s), or leave it out to get min(10s, accessTtl / 2).",
    );
  });

  it('refuses a non-object options argument', () => {
    expect(() => createAuthentify(undefined as never)).toThrow(/`options`/);
  });
});
