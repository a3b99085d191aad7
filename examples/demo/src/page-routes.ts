import type { Authentify } from '@authentify/core';
import type { AuthentifyHono, OptionalAuthEnv } from '@authentify/hono';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { BROWSER_SESSION, type DeviceContext } from './auth.js';
import { deviceContext } from './device-context.js';
import { devicesPage } from './pages/devices-page.js';
import { loginPage } from './pages/login-page.js';
import type { DemoUser, UserDirectory } from './users.js';

type PageEnv = OptionalAuthEnv<DeviceContext, DemoUser>;

/**
 * The web pages: sign in with a form (a cookie session) and see your devices. The buttons for
 * revoking a device and logging out are forms posting to Authentify's own routes, which answer
 * them with a 303 back to a page (see pages/devices-page.ts). Every page
 * authenticates with `optional`: a visitor without a live session is sent to the login page
 * rather than shown a 401 — and a POST carrying the session cookie is CSRF-checked by it first.
 */
export function pageRoutes(
  auth: Authentify<DeviceContext, DemoUser>,
  authentify: AuthentifyHono<DeviceContext, DemoUser>,
  users: UserDirectory,
): Hono<PageEnv> {
  const pages = new Hono<PageEnv>();
  const formLimit = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Form too large', 413) });

  /** Back to the login page; saying why when the browser still holds a cookie that was refused. */
  const toLogin = (c: Context): Response => {
    const hadSession = getCookie(c, auth.settings.cookieNames.access) !== undefined;
    return c.redirect(hadSession ? '/login?notice=session-ended' : '/login', 303);
  };

  pages.get('/', authentify.optional, (c) => c.redirect(c.var.auth === null ? '/login' : '/devices', 303));

  pages.get('/login', authentify.optional, (c) => {
    if (c.var.auth !== null) return c.redirect('/devices', 303);
    return c.html(loginPage({ notice: c.req.query('notice') }));
  });

  pages.post('/login', formLimit, authentify.optional, async (c) => {
    const form = await c.req.parseBody();
    const email = field(form.email, 254);
    const password = field(form.password, 1024);
    const user = email === '' || password === '' ? null : await users.checkPassword(email, password);
    if (user === null) return c.html(loginPage({ email, error: 'Wrong email or password.' }), 401);
    // A browser holds one session: signing in again replaces the one it had.
    if (c.var.auth !== null) await auth.revokeSession(c.var.auth.session.id, { reason: 'logout' });
    // Checks that the form was posted from this site (login CSRF), then sets the HttpOnly cookie.
    return authentify.login(c, { userId: user.id, transport: 'cookie', context: deviceContext(c), ...BROWSER_SESSION }, { redirectTo: '/devices' });
  });

  pages.get('/devices', authentify.optional, async (c) => {
    const current = c.var.auth;
    if (current === null) return toLogin(c);
    const sessions = await auth.listSessionsOfUser(current.user.id);
    c.header('cache-control', 'no-store');
    return c.html(
      devicesPage({
        user: current.user,
        sessions,
        currentSessionId: current.session.id,
        notice: c.req.query('notice'),
        now: Date.now(),
      }),
    );
  });

  return pages;
}

/** A form field as a string of at most `maxLength` characters ('' when missing or too long). */
function field(value: unknown, maxLength: number): string {
  return typeof value === 'string' && value.length <= maxLength ? value : '';
}
