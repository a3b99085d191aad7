import type { Authentify } from '@authentify/core';
import type { AuthentifyHono, OptionalAuthEnv } from '@authentify/hono';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BrowserSessionInput, DeviceContext } from './auth.js';
import type { ClientMoves } from './client-changes.js';
import { deviceContext } from './device-context.js';
import { apiKeysPage, DEMO_KEY_SCOPES } from './pages/api-keys-page.js';
import { devicesPage } from './pages/devices-page.js';
import { loginPage } from './pages/login-page.js';
import type { DemoUser, UserDirectory } from './users.js';

type PageEnv = OptionalAuthEnv<DeviceContext, DemoUser>;

/**
 * The web pages: sign in with a form (a cookie session) and see your devices. The buttons for
 * revoking a device and logging out are forms posting to Authentify's own routes, which answer
 * them with a 303 back to a page (see pages/devices-page.ts).
 *
 * The devices page authenticates with `required`: with `navigationRefresh` on, a page load whose
 * access cookie has run out goes through `/auth/refresh` and comes back logged in, and one that
 * cannot be refreshed (no session, or one that ended) lands on `/login?return_to=/devices`. The
 * login pages use `optional` — a POST carrying the session cookie is CSRF-checked by it first.
 */
export function pageRoutes(
  auth: Authentify<DeviceContext, DemoUser>,
  authentify: AuthentifyHono<DeviceContext, DemoUser>,
  users: UserDirectory,
  moves: ClientMoves,
  browserSession: BrowserSessionInput,
): Hono<PageEnv> {
  const pages = new Hono<PageEnv>();
  const formLimit = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Form too large', 413) });

  pages.get('/', authentify.optional, (c) => c.redirect(c.var.auth === null ? '/login' : '/devices', 303));

  pages.get('/login', authentify.optional, (c) => {
    const returnTo = returnToOf(c);
    if (c.var.auth !== null) return c.redirect(returnTo, 303);
    return c.html(loginPage({ notice: c.req.query('notice'), returnTo: c.req.query('return_to') === undefined ? null : returnTo }));
  });

  pages.post('/login', formLimit, authentify.optional, async (c) => {
    const form = await c.req.parseBody();
    const email = field(form.email, 254);
    const password = field(form.password, 1024);
    const user = email === '' || password === '' ? null : await users.checkPassword(email, password);
    const returnTo = returnToOf(c);
    if (user === null) {
      const keep = c.req.query('return_to') === undefined ? null : returnTo;
      return c.html(loginPage({ email, error: 'Wrong email or password.', returnTo: keep }), 401);
    }
    // A browser holds one session: signing in again replaces the one it had.
    if (c.var.auth !== null) await auth.revokeSession(c.var.auth.session.id, { reason: 'logout' });
    // Checks that the form was posted from this site (login CSRF), then sets the HttpOnly cookie.
    return authentify.login(c, { userId: user.id, transport: 'cookie', context: deviceContext(c), ...browserSession }, { redirectTo: returnTo });
  });

  pages.get('/devices', authentify.required, async (c) => {
    const current = c.var.auth;
    const sessions = await auth.listSessionsOfUser(current.user.id);
    c.header('cache-control', 'no-store');
    return c.html(
      devicesPage({
        user: current.user,
        sessions,
        currentSessionId: current.session.id,
        movesOf: (sessionId) => moves.latestOf(sessionId),
        notice: c.req.query('notice'),
        now: Date.now(),
      }),
    );
  });

  pages.get('/api-keys', authentify.required, async (c) => {
    c.header('cache-control', 'no-store');
    const keys = await auth.listApiKeys(c.var.auth.user.id);
    return c.html(apiKeysPage({ user: c.var.auth.user, keys, notice: c.req.query('notice'), now: Date.now() }));
  });

  // A key for the signed-in user, of the demo's scopes only. The answer is the one page that
  // shows its plaintext; `no-store` keeps it out of every cache.
  pages.post('/api-keys', formLimit, authentify.required, async (c) => {
    c.header('cache-control', 'no-store');
    const { user, session } = c.var.auth;
    if (session.kind === 'api_key') return c.text('API keys cannot make API keys', 403);
    const form = await c.req.parseBody({ all: true });
    const name = field(form.name, 100).trim();
    const wanted = ([] as unknown[]).concat(form.scope ?? []);
    const scopes = DEMO_KEY_SCOPES.filter((scope) => wanted.includes(scope));
    const page = async (status: 200 | 400, extra: { created?: { name: string; apiKey: string }; error?: string }) =>
      c.html(apiKeysPage({ user, keys: await auth.listApiKeys(user.id), now: Date.now(), ...extra }), status);
    if (name === '' || scopes.length === 0) return page(400, { error: 'Give the key a name and at least one scope.' });
    const { apiKey } = await auth.createApiKey(user.id, { name, scopes, createdBy: user.email, context: deviceContext(c), request: { header: (name) => c.req.header(name) ?? null, method: c.req.method, url: c.req.url } });
    return page(200, { created: { name, apiKey } });
  });

  pages.post('/api-keys/:id/revoke', formLimit, authentify.required, async (c) => {
    if (c.var.auth.session.kind === 'api_key') return c.text('API keys cannot revoke API keys', 403);
    await auth.revokeApiKey(c.var.auth.user.id, c.req.param('id'), { actor: c.var.auth.user.email });
    return c.redirect('/api-keys?notice=key-revoked', 303);
  });

  return pages;
}

/** Pages of this site the login may go back to (`?return_to=` of the login page); anything else goes to the devices page. */
const RETURN_TO = /^\/devices(?:\?[\x21-\x7E]*)?$/;

function returnToOf(c: Context): string {
  const requested = c.req.query('return_to');
  return requested !== undefined && RETURN_TO.test(requested) ? requested : '/devices';
}

/** A form field as a string of at most `maxLength` characters ('' when missing or too long). */
function field(value: unknown, maxLength: number): string {
  return typeof value === 'string' && value.length <= maxLength ? value : '';
}
