import { type AuthentifyLogger, resolveLogger } from '../diagnostics/logger.js';
import { configurationError } from '../errors.js';
import { CLIENT_CHANGE_RULES, type ClientChangeRule } from '../sessions/client-change.js';
import type { TrustProxy } from '../sessions/client-request.js';
import type { AuthentifyHooks } from '../sessions/hooks.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { TOKEN_PREFIX_PATTERN } from '../tokens/token-format.js';
import { TOKEN_HASH_ALGORITHMS, type TokenHashAlgorithm } from '../tokens/token-hasher.js';
import { describeType, parseDuration, parseOptionalDuration } from './duration.js';
import type { AuthentifyOptions, Clock } from './options.js';

/**
 * The options after validation, durations in milliseconds. Readable as `auth.settings` by
 * adapters (cookie names, header prefixes) and by applications (to show TTLs).
 */
export interface AuthentifySettings {
  readonly accessTtlMs: number | null;
  readonly refreshTtlMs: number | null;
  readonly sliding: { readonly intervalMs: number; readonly maxLifetimeMs: number | null } | null;
  readonly absoluteLifetimeMs: number | null;
  readonly lastUsedIntervalMs: number | null;
  readonly singleLogin: boolean;
  readonly sessionLimit: { readonly max: number; readonly onLimit: 'refuse' | 'evict_oldest' } | null;
  readonly transportRestriction: boolean;
  readonly hashAlgorithm: TokenHashAlgorithm;
  readonly tokenPrefix: string;
  /** Lower-cased, for case-insensitive scheme matching. */
  readonly headerPrefixes: readonly string[];
  readonly cookieNames: { readonly access: string; readonly refresh: string };
  readonly auditRetentionMs: number | null;
  readonly refreshReuseGraceMs: number;
  readonly strictContext: boolean;
  readonly maxContextBytes: number;
  readonly trustProxy: TrustProxy;
}

/** The validated options plus the parts that are functions or objects. */
export interface ResolvedOptions<Context extends object, User> extends AuthentifySettings {
  readonly storage: SessionStorage;
  readonly resolveUser: AuthentifyOptions<Context, User>['resolveUser'];
  readonly hooks: AuthentifyHooks<Context, User>;
  /** `null` for `logger: false`. */
  readonly logger: AuthentifyLogger | null;
  readonly contextSchema: AuthentifyOptions<Context, User>['contextSchema'];
  readonly clientChange: ClientChangeRule;
  readonly clock: Clock;
}

/** Every option name createAuthentify accepts (exported for the docs check). */
export const OPTION_NAMES: ReadonlySet<string> = new Set<string>([
  'storage', 'accessTtl', 'refreshTtl', 'sliding', 'absoluteLifetime', 'lastUsedInterval',
  'singleLogin', 'sessionLimit', 'transportRestriction', 'hashAlgorithm', 'tokenPrefix',
  'headerPrefixes', 'cookieNames', 'auditRetention', 'refreshReuseGrace', 'resolveUser', 'hooks',
  'contextSchema', 'strictContext', 'maxContextBytes', 'clock', 'trustProxy', 'clientChange', 'logger',
]);

const STORAGE_METHODS = [
  'createSession', 'findSessionByAccessDigest', 'findSessionByRefreshDigest', 'findSessionById',
  'rotateTokens', 'findRefreshReplay', 'recordActivity', 'revokeSession', 'revokeSessionsOfUser',
  'listSessionsOfUser', 'deleteEndedSessions', 'deleteExpiredRotatedTokens', 'deleteExpiredRefreshReplays',
  'updateSession', 'searchSessions', 'countSessionsByState', 'revokeMatchingSessions',
] as const;

const HOOK_NAMES = new Set<string>([
  'afterAuthenticate', 'afterLogin', 'afterSlidingExtension', 'afterRefresh', 'afterRevoke',
  'onRefreshReuse', 'onClientChange', 'onFailure', 'onStorageFailure',
]);

/** An HTTP token: the characters RFC 9110 allows in an auth scheme and a cookie name. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Validates every option and fills in defaults. Throws `invalid_configuration` naming the first
 * option at fault; unknown option names throw too, so a typo never silently falls back to a
 * default.
 */
export function resolveOptions<Context extends object, User>(
  options: AuthentifyOptions<Context, User>,
): ResolvedOptions<Context, User> {
  if (typeof options !== 'object' || options === null) {
    throw configurationError('options', `expected an object, got ${describeType(options)}.`);
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) throw configurationError(name, 'is not an option of createAuthentify.');
  }

  const storage = resolveStorage(options.storage);
  const accessTtlMs = positive(
    parseOptionalDuration(options.accessTtl === undefined ? '15m' : options.accessTtl, 'accessTtl'),
    'accessTtl',
  );
  const refreshTtlMs = positive(
    parseOptionalDuration(options.refreshTtl === undefined ? '30d' : options.refreshTtl, 'refreshTtl'),
    'refreshTtl',
  );
  if (refreshTtlMs !== null) {
    if (accessTtlMs === null) {
      throw configurationError('refreshTtl', 'must be null when accessTtl is null (an access token that never expires needs no refresh).');
    }
    if (refreshTtlMs <= accessTtlMs) throw configurationError('refreshTtl', 'must be longer than accessTtl.');
  }
  const absoluteLifetimeMs = positive(
    parseOptionalDuration(options.absoluteLifetime ?? null, 'absoluteLifetime'),
    'absoluteLifetime',
  );
  if (absoluteLifetimeMs !== null && accessTtlMs !== null && absoluteLifetimeMs < accessTtlMs) {
    throw configurationError('absoluteLifetime', 'must be at least accessTtl.');
  }

  return {
    storage,
    accessTtlMs,
    refreshTtlMs,
    sliding: resolveSliding(options.sliding, accessTtlMs),
    absoluteLifetimeMs,
    lastUsedIntervalMs: parseOptionalDuration(
      options.lastUsedInterval === undefined ? '5m' : options.lastUsedInterval,
      'lastUsedInterval',
    ),
    singleLogin: booleanOption(options.singleLogin, 'singleLogin', false),
    sessionLimit: resolveSessionLimit(options.sessionLimit, options.singleLogin === true),
    transportRestriction: booleanOption(options.transportRestriction, 'transportRestriction', true),
    hashAlgorithm: resolveHashAlgorithm(options.hashAlgorithm),
    tokenPrefix: resolveTokenPrefix(options.tokenPrefix),
    headerPrefixes: resolveHeaderPrefixes(options.headerPrefixes),
    cookieNames: resolveCookieNames(options.cookieNames),
    auditRetentionMs: parseOptionalDuration(options.auditRetention ?? null, 'auditRetention'),
    refreshReuseGraceMs: resolveReuseGrace(options.refreshReuseGrace, accessTtlMs),
    resolveUser: functionOption(options.resolveUser, 'resolveUser'),
    hooks: resolveHooks(options.hooks),
    logger: resolveLogger(options.logger),
    contextSchema: resolveContextSchema(options.contextSchema),
    strictContext: booleanOption(options.strictContext, 'strictContext', false),
    maxContextBytes: resolveMaxContextBytes(options.maxContextBytes),
    trustProxy: resolveTrustProxy(options.trustProxy),
    clientChange: resolveClientChange(options.clientChange),
    clock: functionOption(options.clock, 'clock') ?? Date.now,
  };
}

function resolveStorage(storage: unknown): SessionStorage {
  if (typeof storage !== 'object' || storage === null) {
    throw configurationError('storage', `is required: pass a SessionStorage such as new MemorySessionStorage() or a Kysely storage, got ${describeType(storage)}.`);
  }
  for (const method of STORAGE_METHODS) {
    if (typeof (storage as Record<string, unknown>)[method] !== 'function') {
      throw configurationError('storage', `does not implement SessionStorage: method ${method}() is missing.`);
    }
  }
  return storage as SessionStorage;
}

function positive(milliseconds: number | null, option: string): number | null {
  if (milliseconds === 0) throw configurationError(option, 'must be longer than zero (use null for "none").');
  return milliseconds;
}

function resolveSliding(
  sliding: AuthentifyOptions<object, unknown>['sliding'],
  accessTtlMs: number | null,
): AuthentifySettings['sliding'] {
  if (sliding === undefined || sliding === false) return null;
  if (typeof sliding !== 'object' || sliding === null) {
    throw configurationError('sliding', `expected false or { interval, maxLifetime? }, got ${describeType(sliding)}.`);
  }
  if (accessTtlMs === null) {
    throw configurationError('sliding', 'needs a finite accessTtl: there is nothing to extend when access tokens never expire.');
  }
  const intervalMs = parseDuration(sliding.interval, 'sliding.interval');
  if (intervalMs >= accessTtlMs) {
    throw configurationError('sliding.interval', 'must be shorter than accessTtl, or a token would expire before it is ever extended.');
  }
  const maxLifetimeMs = positive(
    parseOptionalDuration(sliding.maxLifetime ?? null, 'sliding.maxLifetime'),
    'sliding.maxLifetime',
  );
  if (maxLifetimeMs !== null && maxLifetimeMs <= accessTtlMs) {
    throw configurationError('sliding.maxLifetime', 'must be longer than accessTtl, or sliding could never extend a session.');
  }
  return { intervalMs, maxLifetimeMs };
}

function resolveSessionLimit(
  limit: AuthentifyOptions<object, unknown>['sessionLimit'],
  singleLogin: boolean,
): AuthentifySettings['sessionLimit'] {
  if (limit === undefined || limit === null) return null;
  if (typeof limit !== 'object') {
    throw configurationError('sessionLimit', `expected null or { max, onLimit }, got ${describeType(limit)}.`);
  }
  if (singleLogin) {
    throw configurationError('sessionLimit', 'cannot be combined with singleLogin (single-login already means one session).');
  }
  if (!Number.isInteger(limit.max) || limit.max < 1 || limit.max > 10_000) {
    throw configurationError('sessionLimit.max', `must be a whole number from 1 to 10000, got ${String(limit.max)}.`);
  }
  if (limit.onLimit !== 'refuse' && limit.onLimit !== 'evict_oldest') {
    throw configurationError('sessionLimit.onLimit', `must be 'refuse' or 'evict_oldest', got ${JSON.stringify(limit.onLimit)}.`);
  }
  return { max: limit.max, onLimit: limit.onLimit };
}

function resolveHashAlgorithm(algorithm: unknown): TokenHashAlgorithm {
  if (algorithm === undefined) return 'SHA-256';
  if (!TOKEN_HASH_ALGORITHMS.includes(algorithm as TokenHashAlgorithm)) {
    throw configurationError('hashAlgorithm', `must be one of ${TOKEN_HASH_ALGORITHMS.join(', ')}, got ${JSON.stringify(algorithm)}.`);
  }
  return algorithm as TokenHashAlgorithm;
}

function resolveTokenPrefix(prefix: unknown): string {
  if (prefix === undefined) return 'afy';
  if (typeof prefix !== 'string' || !TOKEN_PREFIX_PATTERN.test(prefix)) {
    throw configurationError('tokenPrefix', `must be 2–16 lower-case letters or digits starting with a letter, got ${JSON.stringify(prefix)}.`);
  }
  return prefix;
}

function resolveHeaderPrefixes(prefixes: unknown): readonly string[] {
  if (prefixes === undefined) return ['bearer', 'token'];
  if (!Array.isArray(prefixes) || prefixes.length === 0) {
    throw configurationError('headerPrefixes', 'must be a non-empty array of scheme names such as [\'Bearer\'].');
  }
  return prefixes.map((prefix: unknown, index) => {
    if (typeof prefix !== 'string' || !HTTP_TOKEN.test(prefix)) {
      throw configurationError(`headerPrefixes[${index}]`, `must be an HTTP auth scheme name (letters, digits, !#$%&'*+.^_\`|~-), got ${JSON.stringify(prefix)}.`);
    }
    return prefix.toLowerCase();
  });
}

function resolveCookieNames(names: unknown): AuthentifySettings['cookieNames'] {
  if (names !== undefined && (typeof names !== 'object' || names === null)) {
    throw configurationError('cookieNames', `expected { access?, refresh? }, got ${describeType(names)}.`);
  }
  const given = (names ?? {}) as { access?: unknown; refresh?: unknown };
  const access = cookieName(given.access ?? 'afy_access', 'cookieNames.access');
  const refresh = cookieName(given.refresh ?? 'afy_refresh', 'cookieNames.refresh');
  if (access === refresh) throw configurationError('cookieNames.refresh', 'must differ from cookieNames.access.');
  return { access, refresh };
}

function cookieName(name: unknown, option: string): string {
  if (typeof name !== 'string' || !HTTP_TOKEN.test(name)) {
    throw configurationError(option, `must be a cookie name (letters, digits, !#$%&'*+.^_\`|~-), got ${JSON.stringify(name)}.`);
  }
  return name;
}

/** The default grace window, shortened to half the access TTL when that is shorter still. */
const DEFAULT_REUSE_GRACE_MS = 10_000;

function resolveReuseGrace(grace: unknown, accessTtlMs: number | null): number {
  if (grace === undefined) {
    // A short accessTtl alone (a test, a demo) must not refuse to start over an option the
    // application never set: the window shrinks with it, still long enough for a retry.
    return accessTtlMs === null ? DEFAULT_REUSE_GRACE_MS : Math.min(DEFAULT_REUSE_GRACE_MS, Math.floor(accessTtlMs / 2));
  }
  const graceMs = parseDuration(grace, 'refreshReuseGrace');
  if (accessTtlMs !== null && graceMs >= accessTtlMs) {
    throw configurationError(
      'refreshReuseGrace',
      `is ${graceMs / 1000}s but must be shorter than accessTtl (${accessTtlMs / 1000}s), so that a replayed token pair still works when it arrives. Set refreshReuseGrace: '${Math.floor(accessTtlMs / 2) / 1000}s' (or anything below ${accessTtlMs / 1000}s), or leave it out to get min(10s, accessTtl / 2).`,
    );
  }
  return graceMs;
}

function resolveHooks<Context extends object, User>(hooks: unknown): AuthentifyHooks<Context, User> {
  if (hooks === undefined) return {};
  if (typeof hooks !== 'object' || hooks === null) {
    throw configurationError('hooks', `expected an object of functions, got ${describeType(hooks)}.`);
  }
  for (const [name, hook] of Object.entries(hooks)) {
    if (!HOOK_NAMES.has(name)) throw configurationError(`hooks.${name}`, `is not a hook; the hooks are ${[...HOOK_NAMES].join(', ')}.`);
    if (typeof hook !== 'function' && hook !== undefined) {
      throw configurationError(`hooks.${name}`, `must be a function, got ${describeType(hook)}.`);
    }
  }
  return hooks as AuthentifyHooks<Context, User>;
}

function resolveContextSchema<Context extends object, User>(
  schema: unknown,
): AuthentifyOptions<Context, User>['contextSchema'] {
  if (schema === undefined) return undefined;
  const standard = (schema as { '~standard'?: { validate?: unknown } } | null)?.['~standard'];
  if (typeof standard?.validate !== 'function') {
    throw configurationError('contextSchema', 'must be a Standard Schema (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2, …): it has no ~standard.validate.');
  }
  return schema as AuthentifyOptions<Context, User>['contextSchema'];
}

/** At most this many proxies in a chain: more is a misreading of the option. */
const MAX_TRUSTED_HOPS = 32;

function resolveTrustProxy(trustProxy: unknown): TrustProxy {
  if (trustProxy === undefined || trustProxy === false) return false;
  if (Number.isInteger(trustProxy) && (trustProxy as number) >= 1 && (trustProxy as number) <= MAX_TRUSTED_HOPS) return trustProxy as number;
  const header = (trustProxy as { header?: unknown } | null)?.header;
  if (typeof trustProxy === 'object' && trustProxy !== null && typeof header === 'string' && HTTP_TOKEN.test(header)) {
    return Object.freeze({ header: header.toLowerCase() });
  }
  throw configurationError(
    'trustProxy',
    `must be false, the number of proxies in front of the server (1–${MAX_TRUSTED_HOPS}), or { header: 'cf-connecting-ip' } naming a header your platform sets; got ${describeType(trustProxy)}.`,
  );
}

function resolveClientChange(rule: unknown): ClientChangeRule {
  if (rule === undefined) return 'network';
  if (typeof rule === 'function' || CLIENT_CHANGE_RULES.includes(rule as string)) return rule as ClientChangeRule;
  throw configurationError('clientChange', `must be one of ${CLIENT_CHANGE_RULES.map((name) => `'${name}'`).join(', ')} or a function (previous, current) => boolean; got ${describeType(rule)}.`);
}

function resolveMaxContextBytes(bytes: unknown): number {
  if (bytes === undefined) return 8192;
  if (!Number.isInteger(bytes) || (bytes as number) < 2 || (bytes as number) > 1_048_576) {
    throw configurationError('maxContextBytes', `must be a whole number of bytes from 2 to 1048576, got ${String(bytes)}.`);
  }
  return bytes as number;
}

function booleanOption(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw configurationError(option, `must be true or false, got ${describeType(value)}.`);
  return value;
}

function functionOption<F>(value: F | undefined, option: string): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw configurationError(option, `must be a function, got ${describeType(value)}.`);
  return value;
}
