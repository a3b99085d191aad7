import { type Authentify, createAuthentify } from '../../authentify.js';
import type { AuthentifyHttpOptions, LoginOptions, RequestAuth } from '../../http/index.js';
import type { ClientRequest } from '../../sessions/client-request.js';
import type { IssueSessionInput } from '../../sessions/issue-session.js';
import type { SessionStorage } from '../../storage/session-storage.js';
import { MemorySessionStorage } from '../../storage/memory-storage.js';
import { createTestClock, type TestClock } from '../test-clock.js';

/**
 * The application every adapter hosts for {@link describeHttpAdapterConformance}. It is built
 * from this fixture, so the suite can drive everything over HTTP — also on runtimes in another
 * process (Bun, Deno, workerd). This module imports neither vitest nor `node:` modules.
 *
 * The routes the test app must have (JSON bodies, 200 answers unless said otherwise):
 *
 * | route | what it does |
 * |---|---|
 * | the adapter's ready-made routes | mounted with `fixture.httpOptions` (base path `/auth`) |
 * | `POST /__test/login` | `const { input, options } = fixture.loginRequest(body)`, then the adapter's login helper |
 * | `POST /__test/control` | answers `fixture.control(body)` (its `status` and `body`) |
 * | any method `/__test/optional` | optional authentication, then `fixture.describe(auth, authorizationHeader)` |
 * | any method `/__test/required` | required authentication, then the same |
 * | any method `/__test/fresh` | `required({ freshWithin: CONFORMANCE_SETTINGS.freshWithin })`, then the same |
 * | any method `/__test/scoped` | `required({ scopes: CONFORMANCE_SETTINGS.requiredScopes })`, then the same |
 *
 * Anything else answers the framework's own 404. Application errors go to the framework's
 * default error handling (a 500).
 */
export interface HttpConformanceFixture {
  /** The instance under test: memory storage that can be made to fail, a test clock. */
  readonly auth: Authentify<ConformanceContext, ConformanceUser>;
  /** The options to create the adapter with. */
  readonly httpOptions: AuthentifyHttpOptions;
  /** Turns the body of `POST /__test/login` into the login helper's arguments. */
  loginRequest(body: unknown): { input: IssueSessionInput<ConformanceContext>; options: LoginOptions };
  /**
   * Moves the clock, switches the storage outage, hands over (and forgets) the hook events
   * recorded so far, or re-authenticates a session (as the application does after a password
   * re-check): `{ advanceClockMs?, storageFailing?, takeHookEvents?, reauthenticateSessionId? }`.
   */
  control(body: unknown): { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
  /** What `/__test/optional` and `/__test/required` answer. */
  describe(auth: RequestAuth<ConformanceContext, ConformanceUser> | null, authorization: string | null | undefined): unknown;
}

/** The session context of the conformance app: `refuse: true` makes `afterAuthenticate` refuse. */
export type ConformanceContext = { device?: string; refuse?: boolean };
/** The user `resolveUser` returns. */
export type ConformanceUser = { id: string };

/**
 * A hook call as the conformance app records it: which hook, and the request it saw — with the
 * value of the `x-conformance-probe` header, so a test finds the events of its own requests.
 */
export interface RecordedHookEvent {
  hook: 'afterAuthenticate' | 'afterLogin' | 'afterRefresh' | 'afterRevoke' | 'onFailure';
  /** `afterAuthenticate`: `authenticate` or `refresh`; `onFailure`: the failure's operation. */
  operation: string | null;
  request: { method: string | null; path: string | null; ip: string | null; userAgent: string | null; probe: string | null } | null;
}

/** The header a test sets to find the hook events of its own requests. */
export const CONFORMANCE_PROBE_HEADER = 'x-conformance-probe';

/** Paths of the conformance app's own routes. */
export const CONFORMANCE_PATHS = Object.freeze({
  login: '/__test/login',
  control: '/__test/control',
  optional: '/__test/optional',
  required: '/__test/required',
  fresh: '/__test/fresh',
  scoped: '/__test/scoped',
});

/** The one extra origin the app's CSRF check trusts. */
export const CONFORMANCE_TRUSTED_ORIGIN = 'https://trusted.example';

/**
 * User-id prefixes with special behaviour in `resolveUser`: `inactive-` users resolve to `null`
 * (refused as `user_inactive`), and `throws-` users make it throw (an application error).
 */
export const CONFORMANCE_USER_PREFIXES = Object.freeze({ inactive: 'inactive-', throws: 'throws-' });

/** The core options of the conformance app, so a suite can state its expectations from them. */
export const CONFORMANCE_SETTINGS = Object.freeze({
  accessTtlSeconds: 900,
  refreshTtlSeconds: 30 * 86_400,
  slidingIntervalMs: 60_000,
  refreshReuseGraceMs: 10_000,
  sessionLimit: 5,
  /**
   * The refresh cookie's Max-Age: sliding expiry is on and nothing caps the session's lifetime,
   * so the refresh token can outlive any fixed date: the cookie gets the 400 days browsers keep.
   */
  refreshCookieMaxAgeSeconds: 400 * 86_400,
  /** `navigationRefresh.loginPath`: where a navigation that cannot be refreshed is sent (not a route of the app). */
  loginPage: '/login',
  /** The `freshWithin` of the `/__test/fresh` route. */
  freshWithin: '10m',
  freshWithinMs: 600_000,
  /** The scopes a user may put on their API keys (`apiKeys.scopes`). */
  grantableScopes: Object.freeze(['repo:read', 'repo:write']),
  /** The `scopes` of the `/__test/scoped` route. */
  requiredScopes: Object.freeze(['repo:read']),
});

/**
 * Creates the conformance app's state. Call it once per server (in the process that serves).
 *
 * @example
 * ```ts
 * const fixture = createHttpConformanceFixture();
 * const authentify = createAuthentifyExpress(fixture.auth, fixture.httpOptions);
 * ```
 */
export function createHttpConformanceFixture(): HttpConformanceFixture {
  const clock = createTestClock();
  const storage = new SwitchableStorage(new MemorySessionStorage());
  const hookEvents: RecordedHookEvent[] = [];
  const record = (hook: RecordedHookEvent['hook'], request: ClientRequest | null, operation: string | null = null) => {
    // Only the requests of tests that look: the rest of the suite would fill memory for nothing.
    const probe = request?.header(CONFORMANCE_PROBE_HEADER) ?? null;
    if (probe === null) return;
    hookEvents.push({
      hook,
      operation,
      request: request && { method: request.method, path: request.path, ip: request.ip, userAgent: request.userAgent, probe },
    });
  };
  const auth = createAuthentify<ConformanceContext, ConformanceUser>({
    storage,
    clock,
    accessTtl: CONFORMANCE_SETTINGS.accessTtlSeconds,
    refreshTtl: CONFORMANCE_SETTINGS.refreshTtlSeconds,
    sliding: { interval: `${CONFORMANCE_SETTINGS.slidingIntervalMs}ms` },
    refreshReuseGrace: `${CONFORMANCE_SETTINGS.refreshReuseGraceMs}ms`,
    auditRetention: '30d',
    sessionLimit: { max: CONFORMANCE_SETTINGS.sessionLimit, onLimit: 'refuse' },
    resolveUser: (userId) => {
      if (userId.startsWith(CONFORMANCE_USER_PREFIXES.inactive)) return null;
      if (userId.startsWith(CONFORMANCE_USER_PREFIXES.throws)) throw new Error('resolveUser failed (conformance app error)');
      return { id: userId };
    },
    hooks: {
      afterAuthenticate: ({ session, request, operation }) => {
        record('afterAuthenticate', request, operation);
        return session.context.refuse === true ? { refuse: true } : undefined;
      },
      afterLogin: ({ request }) => record('afterLogin', request),
      afterRefresh: ({ request }) => record('afterRefresh', request),
      afterRevoke: ({ request }) => record('afterRevoke', request),
      onFailure: ({ request, operation }) => record('onFailure', request, operation),
    },
  });

  return {
    auth,
    httpOptions: {
      csrf: { allowedOrigins: [CONFORMANCE_TRUSTED_ORIGIN] },
      navigationRefresh: { loginPath: CONFORMANCE_SETTINGS.loginPage },
      apiKeys: { scopes: CONFORMANCE_SETTINGS.grantableScopes },
    },
    loginRequest: (body) => parseLoginBody(body),
    control: async (body) => {
      const { reauthenticateSessionId } = (body ?? {}) as Record<string, unknown>;
      if (reauthenticateSessionId === undefined) return applyControl(body, clock, storage, hookEvents);
      if (typeof reauthenticateSessionId !== 'string') return { status: 400, body: { error: 'reauthenticateSessionId' } };
      const session = await auth.reauthenticate(reauthenticateSessionId);
      return { status: 200, body: { reauthenticated: session !== null } };
    },
    describe: (requestAuth, authorization) => ({
      authorization: authorization ?? null,
      auth:
        requestAuth === null
          ? null
          : {
              sessionId: requestAuth.session.id,
              userId: requestAuth.session.userId,
              transport: requestAuth.session.transport,
              context: requestAuth.session.context,
              accessExpiresAt: requestAuth.session.accessExpiresAt?.toISOString() ?? null,
              user: requestAuth.user,
            },
    }),
  };
}

function parseLoginBody(body: unknown): { input: IssueSessionInput<ConformanceContext>; options: LoginOptions } {
  const { userId, transport, context, redirectTo } = (body ?? {}) as Record<string, unknown>;
  if (typeof userId !== 'string' || (transport !== 'header' && transport !== 'cookie')) {
    throw new TypeError('POST /__test/login expects { userId: string, transport: "header" | "cookie" }.');
  }
  return {
    input: { userId, transport, ...(context === undefined ? {} : { context: context as ConformanceContext }) },
    options: typeof redirectTo === 'string' ? { redirectTo } : {},
  };
}

function applyControl(
  body: unknown,
  clock: TestClock,
  storage: SwitchableStorage,
  hookEvents: RecordedHookEvent[],
): { status: number; body: unknown } {
  const { advanceClockMs, storageFailing, takeHookEvents } = (body ?? {}) as Record<string, unknown>;
  if (takeHookEvents === true) return { status: 200, body: { hookEvents: hookEvents.splice(0) } };
  if (advanceClockMs !== undefined) {
    if (typeof advanceClockMs !== 'number' || !(advanceClockMs >= 0)) return { status: 400, body: { error: 'advanceClockMs' } };
    clock.advanceMs(advanceClockMs);
  }
  if (storageFailing !== undefined) {
    if (typeof storageFailing !== 'boolean') return { status: 400, body: { error: 'storageFailing' } };
    storage.failing = storageFailing;
  }
  return { status: 200, body: { now: clock(), storageFailing: storage.failing } };
}

/** Delegates to a real storage, or throws as a database that is down would. */
class SwitchableStorage implements SessionStorage {
  failing = false;
  readonly #inner: SessionStorage;

  constructor(inner: SessionStorage) {
    this.#inner = inner;
  }

  #use(): SessionStorage {
    if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated outage)');
    return this.#inner;
  }

  createSession: SessionStorage['createSession'] = async (...args) => this.#use().createSession(...args);
  findSessionByAccessDigest: SessionStorage['findSessionByAccessDigest'] = async (...args) => this.#use().findSessionByAccessDigest(...args);
  findSessionByRefreshDigest: SessionStorage['findSessionByRefreshDigest'] = async (...args) => this.#use().findSessionByRefreshDigest(...args);
  findSessionById: SessionStorage['findSessionById'] = async (...args) => this.#use().findSessionById(...args);
  rotateTokens: SessionStorage['rotateTokens'] = async (...args) => this.#use().rotateTokens(...args);
  findRefreshReplay: SessionStorage['findRefreshReplay'] = async (...args) => this.#use().findRefreshReplay(...args);
  recordActivity: SessionStorage['recordActivity'] = async (...args) => this.#use().recordActivity(...args);
  updateSession: SessionStorage['updateSession'] = async (...args) => this.#use().updateSession(...args);
  revokeSession: SessionStorage['revokeSession'] = async (...args) => this.#use().revokeSession(...args);
  revokeSessionsOfUser: SessionStorage['revokeSessionsOfUser'] = async (...args) => this.#use().revokeSessionsOfUser(...args);
  listSessionsOfUser: SessionStorage['listSessionsOfUser'] = async (...args) => this.#use().listSessionsOfUser(...args);
  deleteEndedSessions: SessionStorage['deleteEndedSessions'] = async (...args) => this.#use().deleteEndedSessions(...args);
  deleteExpiredRotatedTokens: SessionStorage['deleteExpiredRotatedTokens'] = async (...args) => this.#use().deleteExpiredRotatedTokens(...args);
  deleteExpiredRefreshReplays: SessionStorage['deleteExpiredRefreshReplays'] = async (...args) => this.#use().deleteExpiredRefreshReplays(...args);
  searchSessions: SessionStorage['searchSessions'] = async (...args) => this.#use().searchSessions(...args);
  countSessionsByState: SessionStorage['countSessionsByState'] = async (...args) => this.#use().countSessionsByState(...args);
  revokeMatchingSessions: SessionStorage['revokeMatchingSessions'] = async (...args) => this.#use().revokeMatchingSessions(...args);
}
