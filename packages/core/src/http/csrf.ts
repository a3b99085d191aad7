import type { RequestView } from '../credentials/request-view.js';
import type { HttpSettings } from './http-options.js';
import { originHost, type RequestTarget } from './request-target.js';

/** Methods that must not change state, so a cross-site one cannot do harm (RFC 9110 §9.2.1). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Whether the method can change state: anything but GET, HEAD, OPTIONS and TRACE. */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Whether a cookie-authenticated request may proceed, from the browser's own statement of where
 * it came from — the approach of Go's `http.CrossOriginProtection` and Rails/Django origin checks,
 * which needs no token in forms:
 *
 * 1. Safe methods pass; so does an `Origin` listed in `allowedOrigins`.
 * 2. With `Sec-Fetch-Site` (every current browser), only `same-origin` and `none` (typed in the
 *    address bar, a bookmark) pass; `same-site` and `cross-site` are refused.
 * 3. Without it, an `Origin` whose host is the request's own `Host` passes; any other, `null`
 *    or an unparsable one is refused.
 * 4. With neither header, the request did not come from a browser page (curl, a server, an
 *    app), which cannot carry a victim's cookies: it passes.
 */
export function passesCsrfCheck(
  request: RequestView & { readonly method: string },
  target: RequestTarget,
  csrf: HttpSettings['csrf'],
): boolean {
  if (csrf === null || !isUnsafeMethod(request.method)) return true;
  const origin = request.header('origin');
  if (typeof origin === 'string' && isAllowedOrigin(origin, csrf.allowedOrigins)) return true;
  const site = request.header('sec-fetch-site');
  if (typeof site === 'string') {
    const value = site.trim().toLowerCase();
    return value === 'same-origin' || value === 'none';
  }
  if (typeof origin !== 'string') return true;
  const host = originHost(origin);
  return host !== null && target.host !== null && host === target.host;
}

function isAllowedOrigin(origin: string, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.length === 0) return false;
  const host = originHost(origin);
  if (host === null) return false;
  try {
    return allowedOrigins.includes(new URL(origin.trim()).origin);
  } catch {
    return false;
  }
}
