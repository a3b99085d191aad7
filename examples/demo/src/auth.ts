import { type Authentify, createAuthentify, type Duration, type IssueSessionInput, type TrustProxy } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
import type { ClientMoves } from './client-changes.js';
import type { DemoDatabase } from './database.js';
import type { DemoUser, UserDirectory } from './users.js';

/** What each session remembers about the login that started it, shown on the devices page. */
export type DeviceContext = {
  /** "Mac", "iPhone", "Command line"… (from the User-Agent) */
  device: string;
  /** "Firefox 133", "curl 8.5.0"… (from the User-Agent) */
  browser: string;
  /** The address the login came from. */
  ip: string | null;
};

/**
 * The demo's Authentify instance on its SQLite file.
 *
 * - Every session, API client or browser, gets a 15-minute access token and a 30-day refresh
 *   token. A browser holds both as HttpOnly cookies; when its access cookie has run out, its next
 *   page load goes through the refresh route and back (`navigationRefresh`, see app.ts), so no
 *   script on the page ever refreshes anything.
 * - Sliding expiry writes at most once a minute; no session outlives 30 days from its login.
 * - Revoked and expired sessions are kept 30 days (`auditRetention`) with when, why and by
 *   whom they ended, for the admin console; the hourly prune deletes them after that.
 * - Each session keeps where it was last used from (IP, User-Agent); a use from another network
 *   is written at once and recorded in `moves` for the devices page. `trustProxy` says where the
 *   client's IP comes from (the socket's peer unless the demo runs behind proxies).
 */
export function createDemoAuth(
  database: DemoDatabase,
  users: UserDirectory,
  options: { moves: ClientMoves; trustProxy?: TrustProxy },
): Authentify<DeviceContext, DemoUser> {
  return createAuthentify<DeviceContext, DemoUser>({
    // `sqliteDatabase` lets verification run one statement prepared once (the fast path).
    storage: createKyselySessionStorage({ db: database.db, sqliteDatabase: database.database }),
    accessTtl: '15m',
    refreshTtl: '30d',
    sliding: { interval: '1m' },
    absoluteLifetime: '30d',
    auditRetention: '30d',
    resolveUser: (userId) => users.findActive(userId),
    trustProxy: options.trustProxy ?? false,
    clientChange: 'network',
    hooks: { onClientChange: options.moves.record },
  });
}

/** Per-session lifetimes a browser login is issued with. */
export type BrowserSessionInput = Pick<IssueSessionInput<DeviceContext>, 'accessTtl'>;

/**
 * What a browser session is issued with beyond the instance's defaults: nothing, unless
 * `DEMO_BROWSER_ACCESS_TTL` (e.g. `3s`) shortens its access token — the browser test uses it to
 * see an access cookie run out within seconds.
 */
export function browserSession(accessTtl: string | undefined): BrowserSessionInput {
  return accessTtl === undefined || accessTtl === '' ? {} : { accessTtl: accessTtl as Duration };
}
