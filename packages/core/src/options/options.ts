import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { AuthentifyLogger } from '../diagnostics/logger.js';
import type { ClientChangeRule } from '../sessions/client-change.js';
import type { TrustProxy } from '../sessions/client-request.js';
import type { AuthentifyHooks } from '../sessions/hooks.js';
import type { SessionStorage } from '../storage/session-storage.js';
import type { TokenHashAlgorithm } from '../tokens/token-hasher.js';
import type { Duration } from './duration.js';

/** A source of the current time in epoch milliseconds; `Date.now` unless a test supplies one. */
export type Clock = () => number;

/**
 * Everything {@link createAuthentify} accepts. Every option is validated when the instance is
 * created: anything invalid throws an `AuthentifyError` with code `invalid_configuration` whose
 * message starts with the option's name.
 *
 * Durations are seconds (`900`) or readable strings (`'15m'`, `'12h'`, `'30d'`).
 *
 * @typeParam Context - the shape of the JSON context stored with each session.
 * @typeParam User - what `resolveUser` returns.
 */
export interface AuthentifyOptions<Context extends object, User> {
  /** Where sessions are kept. Required. */
  storage: SessionStorage;

  /** How long an access token works after issue or refresh; `null` = never expires. [`'15m'`] */
  accessTtl?: Duration | null;

  /**
   * How long a refresh token works; `null` = sessions get no refresh token. Must exceed
   * `accessTtl`. [`'30d'`]
   */
  refreshTtl?: Duration | null;

  /**
   * Sliding expiry: each successful authentication pushes the access (and refresh) expiry out by
   * its TTL again, writing at most once per `interval` (`0` = on every request) and only after
   * the request was accepted. `maxLifetime` caps how far sliding alone can carry a session from
   * its login; beyond it the session must refresh or log in again. Needs a finite `accessTtl`.
   * [`false`]
   */
  sliding?: false | { interval: Duration; maxLifetime?: Duration | null };

  /**
   * The hard cap on a session's life from login: neither sliding nor refreshing passes it.
   * `null` = no cap. Must be at least `accessTtl`. [`null`]
   */
  absoluteLifetime?: Duration | null;

  /**
   * How often the last-used time of a session is written when sliding expiry is off, so a
   * "your devices" page can show it without a write on every request. `null` = never. With
   * sliding on, `sliding.interval` governs instead. [`'5m'`]
   */
  lastUsedInterval?: Duration | null;

  /** A new login revokes the user's other sessions. Race-safe. [`false`] */
  singleLogin?: boolean;

  /**
   * At most `max` live sessions per user. When a login would exceed it, `refuse` throws
   * `session_limit_reached`; `evict_oldest` revokes the oldest. Race-safe. Cannot be combined
   * with `singleLogin`. [`null`]
   */
  sessionLimit?: { max: number; onLimit: 'refuse' | 'evict_oldest' } | null;

  /**
   * Refuse a cookie session's token presented in a header and a header session's token presented
   * in a cookie, so a token stolen from one channel cannot be replayed through the other. [`true`]
   */
  transportRestriction?: boolean;

  /** Digest used to store tokens. Changing it invalidates every session. [`'SHA-256'`] */
  hashAlgorithm?: TokenHashAlgorithm;

  /**
   * Lower-case identifier at the start of every token (`afy_at_…`), 2–16 characters `[a-z0-9]`
   * starting with a letter. Choose your own so that secret scanners can tell your tokens apart.
   * Changing it invalidates every session. [`'afy'`]
   */
  tokenPrefix?: string;

  /**
   * The `Authorization` schemes that carry our tokens, compared case-insensitively. Other schemes
   * (`Basic`, …) are left alone for other middleware. [`['Bearer', 'Token']`]
   */
  headerPrefixes?: readonly string[];

  /** Cookie names of the access and refresh tokens. [`{ access: 'afy_access', refresh: 'afy_refresh' }`] */
  cookieNames?: { access?: string; refresh?: string };

  /**
   * Keep revoked and expired sessions this long (with when and why) instead of deleting them;
   * they stay refused and can be listed with `includeEnded`. `null` = delete on revocation and
   * on prune. [`null`]
   */
  auditRetention?: Duration | null;

  /**
   * The grace window after a rotation. A refresh with the token it replaced, less than this long
   * afterwards, is a client retry or two tabs racing: it gets the same new token pair again (a
   * lost response costs nothing), or `refresh_token_superseded` once that pair has itself been
   * rotated. Later, the reuse is treated as theft, which revokes the session. Must be shorter
   * than `accessTtl`; `0` treats every reuse as theft. [`'10s'`, or half of `accessTtl` when
   * that is shorter]
   */
  refreshReuseGrace?: Duration;

  /**
   * Loads the user of a session on authentication and refresh. Returning `null` (deleted,
   * disabled) refuses the request with `user_inactive`. Without it, `user` is `undefined`.
   */
  resolveUser?: (userId: string) => User | null | Promise<User | null>;

  /**
   * Functions called on authentication, login, extension, refresh, revocation, reuse, a move to
   * a new client, and failure. Each gets the request (`event.request`).
   */
  hooks?: AuthentifyHooks<Context, User>;

  /**
   * Where a client's IP address comes from, for hooks (`event.request.ip`) and each session's
   * `lastIp`: `false` — the connection's peer; a number `n` — `n` proxies of yours in front,
   * each appending to `X-Forwarded-For`, so the address `n` hops from its right end; or
   * `{ header: 'cf-connecting-ip' }` — a header your platform sets and clients cannot. Trust
   * only what your deployment guarantees: anything further left in `X-Forwarded-For` is
   * written by the client. [`false`]
   */
  trustProxy?: TrustProxy;

  /**
   * When a session's use counts as coming from somewhere new, which writes the new place at
   * once and calls `hooks.onClientChange`: `'network'` (another IPv4 /24 or IPv6 /64), `'ip'`
   * (any other address), `'network_or_user_agent'`, or your own function of the previous and
   * current `{ ip, userAgent }`. Only asked when `onClientChange` is set. [`'network'`]
   */
  clientChange?: ClientChangeRule;

  /**
   * Where the operator is told what clients are not: the cause of each storage failure (the
   * first of each failure code at once, then at most a line a minute per code with a count) and
   * development warnings such as a `Secure` cookie sent over plain http. Any object with
   * `error(message)` and `warn(message)`; `false` silences it (`hooks.onStorageFailure` still
   * sees every failure). See docs/observability.md. [`console`]
   */
  logger?: AuthentifyLogger | false;

  /**
   * A Standard Schema (zod, valibot, arktype, …) that validates — and may transform — the context
   * at issue. A failure throws `invalid_context`.
   */
  contextSchema?: StandardSchemaV1<unknown, Context>;

  /** Reading a key the context does not have throws `context_key_missing`. [`false`] */
  strictContext?: boolean;

  /** Largest context accepted at issue, in bytes of JSON. [`8192`] */
  maxContextBytes?: number;

  /** The time source; for tests that move time. [`Date.now`] */
  clock?: Clock;
}
