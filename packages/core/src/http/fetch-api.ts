import type { HttpRequest, HttpResponse } from './http-types.js';
import { readJsonBody } from './json-body.js';
import { runtimePeerAddress } from './peer-address.js';

/**
 * The {@link HttpRequest} of a fetch-API `Request` (Hono, Bun, Deno, workers, Node's fetch
 * servers). `Headers` already joins repeated headers with `", "`, so a duplicated
 * `Authorization` is visible and refused. `runtime` is what the runtime passed the handler
 * besides the request (Deno's `info`, Bun's `server`), where the peer address is found — see
 * {@link runtimePeerAddress}.
 *
 * @example
 * ```ts
 * const outcome = await http.authenticate(httpRequestFromFetch(request, info), 'required');
 * ```
 */
export function httpRequestFromFetch(request: Request, runtime?: unknown): HttpRequest {
  let remoteAddress: string | null | undefined;
  return {
    method: request.method,
    url: request.url,
    // A getter: only hooks and the last-used write ask for it.
    get remoteAddress() {
      if (remoteAddress === undefined) remoteAddress = runtimePeerAddress(request, runtime);
      return remoteAddress;
    },
    header: (name) => request.headers.get(name),
    readJsonBody: () =>
      request.bodyUsed ? Promise.resolve({ kind: 'invalid' }) : readJsonBody(request.body, request.headers.get('content-length')),
  };
}

/** The fetch-API `Response` for an {@link HttpResponse}. */
export function responseFromHttp(response: HttpResponse): Response {
  const headers = new Headers(response.headers);
  for (const cookie of response.cookies) headers.append('set-cookie', cookie);
  return new Response(response.body, { status: response.status, headers });
}

/**
 * `response` with the middleware's `Set-Cookie` values added after the handler ran — in place
 * when its headers are mutable, else on a copy (responses from `fetch()` or `Response.redirect()`
 * have immutable headers). In-place first keeps special responses intact, such as a worker's
 * WebSocket upgrade. A cookie the handler set itself wins: a sliding-expiry renewal of the access
 * cookie must never undo a handler that logged the session out and cleared it.
 */
export function withSetCookies(response: Response, cookies: readonly string[]): Response {
  const setByHandler = new Set(response.headers.getSetCookie().map(cookieName));
  const added = cookies.filter((cookie) => !setByHandler.has(cookieName(cookie)));
  if (added.length === 0) return response;
  let target = response;
  try {
    for (const cookie of added) target.headers.append('set-cookie', cookie);
  } catch {
    target = new Response(response.body, response);
    for (const cookie of added) target.headers.append('set-cookie', cookie);
  }
  return target;
}

/** The name of the cookie a `Set-Cookie` value sets. */
function cookieName(setCookie: string): string {
  const end = setCookie.indexOf('=');
  return (end === -1 ? setCookie : setCookie.slice(0, end)).trim();
}
