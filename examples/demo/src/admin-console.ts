import { type AdminConsole, createAdminConsole } from '@authentify/admin';
import type { Authentify } from '@authentify/core';
import type { DeviceContext } from './auth.js';
import type { DemoUser } from './users.js';

/** Where the demo mounts the console. */
export const ADMIN_PATH = '/admin';

/**
 * The admin console at `/admin`, for admins only: `authorize` authenticates the browser's own
 * session cookie (the same one the devices page uses) and lets in a user whose `admin` flag is
 * set — Ada, not Grace. Her email is recorded as `revokedBy` on whatever she revokes there.
 */
export function demoAdminConsole(auth: Authentify<DeviceContext, DemoUser>): AdminConsole {
  return createAdminConsole(auth, {
    basePath: ADMIN_PATH,
    authorize: async (request) => {
      const result = await auth.authenticate({ header: (name) => request.headers.get(name), method: request.method, url: request.url });
      return result.ok && result.session.transport === 'cookie' && result.user.admin ? { actor: result.user.email } : null;
    },
  });
}
