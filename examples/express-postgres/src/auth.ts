import { type Authentify, createAuthentify, type Duration } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppTables } from './database.js';
import type { AppUser, Users } from './users.js';

/**
 * What the app tells about itself at login, kept with the session. It comes from the client, so
 * it is validated (any Standard Schema library works; this is zod): a login with a context that
 * does not fit is refused with 400 `invalid_context`, and nothing oversized reaches the database.
 */
export const deviceContextSchema = z.object({
  deviceName: z.string().trim().min(1).max(80),
  platform: z.enum(['ios', 'android', 'other']),
  appVersion: z.string().regex(/^\d{1,4}(\.\d{1,4}){0,3}$/),
});
export type DeviceContext = z.infer<typeof deviceContextSchema>;

/** Lifetimes; `ACCESS_TTL` and `REFRESH_REUSE_GRACE` shorten them to watch refreshes happen. */
export interface Lifetimes {
  accessTtl: Duration;
  refreshReuseGrace: Duration;
}

/**
 * Authentify for a mobile app's API:
 * - header tokens: a short access token, a 60-day refresh token the app rotates, nothing lives
 *   past 180 days;
 * - at most five devices per user: a sixth login signs out the oldest;
 * - a refresh token used twice (stolen) revokes the session, and the app's owners hear of it.
 */
export function createAppAuth(db: Kysely<AppTables>, users: Users, lifetimes: Lifetimes): Authentify<DeviceContext, AppUser> {
  return createAuthentify({
    storage: createKyselySessionStorage({ db }),
    contextSchema: deviceContextSchema,
    accessTtl: lifetimes.accessTtl,
    refreshTtl: '60d',
    refreshReuseGrace: lifetimes.refreshReuseGrace,
    absoluteLifetime: '180d',
    sessionLimit: { max: 5, onLimit: 'evict_oldest' },
    resolveUser: (userId) => users.findActive(userId),
    hooks: {
      onRefreshReuse: ({ userId, sessionId }) => {
        console.warn(`refresh token reuse: session ${sessionId} of user ${userId} revoked as stolen`);
      },
    },
  });
}
