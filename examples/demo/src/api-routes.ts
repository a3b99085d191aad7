import type { AuthentifyHono } from '@authentify/hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { DeviceContext } from './auth.js';
import { deviceContext } from './device-context.js';
import type { DemoUser, UserDirectory } from './users.js';

/**
 * The JSON API for clients that keep tokens themselves (curl, scripts, mobile apps): a login that
 * answers with header tokens, and a protected route. Refresh, logout and the session list are
 * Authentify's ready-made routes under /auth.
 */
export function apiRoutes(authentify: AuthentifyHono<DeviceContext, DemoUser>, users: UserDirectory): Hono {
  const api = new Hono();
  const jsonLimit = bodyLimit({
    maxSize: 16 * 1024,
    onError: (c) => c.json({ error: 'body_too_large', message: 'The body is larger than 16 KiB.' }, 413),
  });

  // POST /api/login {"email": "…", "password": "…"} → 200 {"accessToken", "refreshToken", "session", …}
  api.post('/login', jsonLimit, async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const { email, password } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof email !== 'string' || typeof password !== 'string' || email.length > 254 || password.length > 1024) {
      return c.json({ error: 'invalid_body', message: 'Send {"email": "…", "password": "…"} as JSON.' }, 400);
    }
    const user = await users.checkPassword(email, password);
    if (user === null) return c.json({ error: 'invalid_credentials', message: 'Wrong email or password.' }, 401);
    return authentify.login(c, { userId: user.id, transport: 'header', context: deviceContext(c) });
  });

  // GET /api/me with `Authorization: Bearer <access token>` (or the browser's cookie).
  api.get('/me', authentify.required, (c) => {
    const { user, session } = c.var.auth;
    return c.json({
      user,
      session: {
        id: session.id,
        transport: session.transport,
        context: session.context,
        createdAt: session.createdAt,
        lastUsedAt: session.lastUsedAt,
        accessExpiresAt: session.accessExpiresAt,
      },
    });
  });

  return api;
}
