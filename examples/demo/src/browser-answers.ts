import type { MiddlewareHandler } from 'hono';
import { errorPage } from './pages/error-page.js';

/**
 * Shows a person a page, not JSON, when one of Authentify's routes refuses a browser's form post
 * or navigation (a CSRF refusal, a session that already ended, a 503): the same status, an HTML
 * page naming the error code. Successful form posts need nothing here — the routes themselves
 * answer them with a 303 to the form's `return_to`.
 *
 * Requests that do not accept `text/html` — curl, scripts, API clients — get the JSON as is.
 */
export function browserAnswers(): MiddlewareHandler {
  return async function browserAnswersMiddleware(c, next) {
    await next();
    if (c.res.status < 400 || !acceptsHtml(c.req.header('accept')) || !isJson(c.res)) return;
    const { error } = (await c.res.clone().json().catch(() => ({}))) as { error?: unknown };
    const code = typeof error === 'string' ? error : 'error';
    // Hono copies the replaced response's headers (all but its content type) onto this one, so
    // the cleared cookies of a logout whose session had already ended are kept.
    c.res = new Response(await errorPage(c.res.status, code), {
      status: c.res.status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  };
}

/** A browser navigation or form submission lists `text/html`; fetch() and curl do not. */
function acceptsHtml(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/html\b/i.test(accept);
}

function isJson(response: Response): boolean {
  return /^application\/json\b/i.test(response.headers.get('content-type') ?? '');
}
