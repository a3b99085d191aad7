import { type Authentify, isAuthentifyError } from '@authentify/core';
import { passesCsrfCheck, parseRequestTarget } from '@authentify/core/http';
import { type AdminConsoleOptions, type AdminOperator, resolveAdminOptions } from './admin-options.js';
import { BadInput } from './bad-input.js';
import { FormTooLarge } from './form-body.js';
import { type ConsoleContext, routeRequest } from './console-routes.js';
import { messagePage } from './pages/message-page.js';
import { STYLESHEET } from './pages/style.js';
import { htmlResponse, SECURITY_HEADERS } from './responses.js';

/** The console: a Fetch handler. */
export type AdminConsole = (request: Request) => Promise<Response>;

/**
 * Creates the admin console: a `(request) => Promise<Response>` handler that renders HTML pages
 * for operators — search and filter sessions across users, inspect one, revoke one or all of a
 * user's, prune ended sessions — with no client script.
 *
 * - Every request goes through `authorize(request)` first; `null` answers 403 and shows nothing.
 *   The operator's `actor` is recorded as `revokedBy` on every revocation the console makes.
 * - Every unsafe request (a form post) passes the origin check of Authentify's own routes
 *   (`Sec-Fetch-Site` / `Origin`), before `authorize`: a cross-site form gets 403 and changes nothing.
 * - A path outside `basePath` answers 404, so the handler can be mounted on a catch-all route.
 * - Bad input answers 400, a storage failure 503, never a 500; no page ever shows a token or a digest.
 *
 * @param auth - the application's Authentify instance.
 * @param options - see {@link AdminConsoleOptions}; `authorize` is required.
 * @throws AuthentifyError `invalid_configuration` naming the option, e.g. a missing `authorize`.
 * @example
 * ```ts
 * import { createAdminConsole } from '@authentify/admin';
 *
 * const adminConsole = createAdminConsole(auth, {
 *   basePath: '/admin',
 *   authorize: async (request) => {
 *     const result = await auth.authenticate({ header: (name) => request.headers.get(name) });
 *     return result.ok && result.user.isAdmin ? { actor: result.user.email } : null;
 *   },
 * });
 * // Hono: app.all('/admin/*', (c) => adminConsole(c.req.raw)); Bun: Bun.serve({ fetch: adminConsole })
 * ```
 */
export function createAdminConsole<Context extends object, User>(auth: Authentify<Context, User>, options: AdminConsoleOptions): AdminConsole {
  const settings = resolveAdminOptions(options);
  const csrf = { allowedOrigins: settings.allowedOrigins };
  const { basePath } = settings;

  return async function adminConsole(request: Request): Promise<Response> {
    const target = parseRequestTarget(request.url);
    const pathname = target.pathname;
    if (pathname === null || (pathname !== basePath && !pathname.startsWith(`${basePath}/`))) {
      return htmlResponse(messagePage(basePath, { title: 'Not found', code: 'not_found', message: 'There is no console page here.' }), 404);
    }
    const path = pathname.slice(basePath.length) || '/';
    if (path === '/style.css' && (request.method === 'GET' || request.method === 'HEAD')) {
      return new Response(STYLESHEET, { headers: { ...SECURITY_HEADERS, 'content-type': 'text/css; charset=utf-8' } });
    }
    const view = { header: (name: string) => request.headers.get(name), method: request.method, url: request.url };
    if (!passesCsrfCheck(view, target, csrf)) {
      return htmlResponse(
        messagePage(basePath, { title: 'Refused', code: 'csrf_failed', message: 'This form was not sent from the console itself, so nothing was changed.' }),
        403,
      );
    }
    let operator: AdminOperator | null = null;
    try {
      operator = await settings.authorize(request);
      if (operator !== null && (typeof operator !== 'object' || typeof operator.actor !== 'string' || operator.actor === '')) {
        throw new TypeError('authorize(request) must return { actor: string } or null.');
      }
      if (operator === null) {
        return htmlResponse(
          messagePage(basePath, { title: 'Forbidden', code: 'forbidden', message: 'You are not allowed to use the admin console.' }),
          403,
        );
      }
      const context: ConsoleContext = { auth: auth as unknown as Authentify<object, unknown>, settings, operator, view };
      return await routeRequest(request, path, context);
    } catch (error) {
      return errorResponse(error, basePath, operator?.actor ?? null);
    }
  };
}

/** Input errors and storage failures as pages; anything else is a bug and is left to the host. */
function errorResponse(error: unknown, basePath: string, actor: string | null): Response {
  if (error instanceof BadInput || isAuthentifyError(error, 'invalid_argument')) {
    const message = error instanceof Error ? error.message : 'bad input';
    return htmlResponse(messagePage(basePath, { title: 'Bad request', code: 'invalid_request', message, actor }), 400);
  }
  if (error instanceof FormTooLarge) {
    return htmlResponse(messagePage(basePath, { title: 'Too large', code: 'payload_too_large', message: 'The form is too large.', actor }), 413);
  }
  if (isAuthentifyError(error, 'storage_unavailable')) {
    return htmlResponse(
      messagePage(basePath, { title: 'Unavailable', code: 'storage_unavailable', message: 'The session storage is unavailable; try again shortly.', actor }),
      503,
      { 'retry-after': '5' },
    );
  }
  throw error;
}
