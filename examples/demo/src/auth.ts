import { type Authentify, createAuthentify, type IssueSessionInput } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
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
 * - API clients (header sessions): a 15-minute access token and a 30-day refresh token.
 * - Browsers (cookie sessions, see {@link BROWSER_SESSION}): no refresh token; the access
 *   cookie's 12 hours slide forward while the person uses the site.
 * - Sliding expiry writes at most once a minute; no session outlives 30 days from its login.
 */
export function createDemoAuth(database: DemoDatabase, users: UserDirectory): Authentify<DeviceContext, DemoUser> {
  return createAuthentify<DeviceContext, DemoUser>({
    // `sqliteDatabase` lets verification run one statement prepared once (the fast path).
    storage: createKyselySessionStorage({ db: database.db, sqliteDatabase: database.database }),
    accessTtl: '15m',
    refreshTtl: '30d',
    sliding: { interval: '1m' },
    absoluteLifetime: '30d',
    resolveUser: (userId) => users.findActive(userId),
  });
}

/**
 * The lifetimes of a browser session. Server-rendered pages cannot use a refresh token (its
 * cookie is scoped to `/auth/refresh`, and nothing on the page would call it), so a browser
 * session is one longer-lived access token that sliding expiry keeps alive while it is used:
 * twelve idle hours end it.
 */
export const BROWSER_SESSION = { accessTtl: '12h', refreshTtl: null } as const satisfies Partial<IssueSessionInput<DeviceContext>>;
