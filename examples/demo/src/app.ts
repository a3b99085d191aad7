import type { Authentify } from '@authentify/core';
import { createAuthentifyHono } from '@authentify/hono';
import { type Context, Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ADMIN_PATH, demoAdminConsole } from './admin-console.js';
import { apiRoutes } from './api-routes.js';
import type { BrowserSessionInput, DeviceContext } from './auth.js';
import { browserAnswers } from './browser-answers.js';
import type { ClientMoves } from './client-changes.js';
import { pageRoutes } from './page-routes.js';
import { errorPage } from './pages/error-page.js';
import { STYLESHEET_PATH } from './pages/layout.js';
import { STYLESHEET } from './pages/style.js';
import type { DemoUser, UserDirectory } from './users.js';

/**
 * The demo application:
 *
 * - `GET /login`, `POST /login` — the login form; a cookie session per browser.
 * - `GET /devices` — "your devices" (required authentication; an expired access cookie is
 *   refreshed by the navigation itself): every session of the user, the current one marked, with
 *   buttons to revoke one, log out other devices, or log out everywhere — plain forms posting to
 *   Authentify's routes, which answer them with a 303 to the form's `return_to`.
 * - `POST /api/login`, `GET /api/me` — the JSON API for header tokens (curl, apps).
 * - `/admin` — the admin console (`@authentify/admin`), for admin users only (Ada; Grace is refused).
 * - `/auth/*` — Authentify's ready-made routes: refresh, logout, logout-all, logout-others,
 *   sessions, revoke one (docs/http.md).
 */
export function createDemoApp(options: {
  auth: Authentify<DeviceContext, DemoUser>;
  users: UserDirectory;
  /** The moves Authentify reported (its `onClientChange` hook), shown on the devices page. */
  moves: ClientMoves;
  /** Lifetimes of browser sessions beyond the instance's defaults (see `browserSession`). */
  browserSession?: BrowserSessionInput;
}): Hono {
  const authentify = createAuthentifyHono(options.auth, {
    // A form post whose `return_to` is missing or leads off-site goes to `/` (which sends the
    // browser on to the login or devices page) rather than showing JSON.
    defaultReturnTo: '/',
    // A page load whose access cookie has run out goes through /auth/refresh and back, logged in;
    // when the session cannot be refreshed, it ends on the login page (never back: no loop).
    navigationRefresh: { loginPath: '/login' },
  });
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      // Hono's default, no-referrer, also makes a browser send `Origin: null` with form posts,
      // which the CSRF check refuses where `Sec-Fetch-Site` is missing (older browsers).
      referrerPolicy: 'same-origin',
      // The demo serves plain http on loopback; behind TLS, keep Hono's default HSTS header.
      strictTransportSecurity: false,
    }),
  );
  app.use(browserAnswers());
  app.use(authentify.routes);

  app.get(STYLESHEET_PATH, (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=600' }));
  app.route('/', pageRoutes(options.auth, authentify, options.users, options.moves, options.browserSession ?? {}));
  app.route('/api', apiRoutes(authentify, options.users));
  // The console is a Fetch handler that answers its own pages, refusals and errors.
  const adminConsole = demoAdminConsole(options.auth);
  app.all(ADMIN_PATH, (c) => adminConsole(c.req.raw));
  app.all(`${ADMIN_PATH}/*`, (c) => adminConsole(c.req.raw));

  app.notFound((c) => answerError(c, 404, 'not_found', 'There is nothing at this address.'));
  app.onError((error, c) => {
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return answerError(c, 500, 'internal_error', 'The server failed to answer.');
  });
  return app;
}

/** An HTML page for a browser, the `{ error, message }` JSON of Authentify's routes for anything else. */
async function answerError(c: Context, status: 404 | 500, code: string, message: string): Promise<Response> {
  if (/\btext\/html\b/.test(c.req.header('accept') ?? '')) return c.html(await errorPage(status, code), status);
  return c.json({ error: code, message }, status);
}
