import { stringifySetCookie } from 'cookie';
import type { AuthenticationFailureReason } from '../sessions/failure-reasons.js';
import type { Session } from '../sessions/session.js';
import type { HttpSettings } from './http-options.js';
import { isLocalHostname, type RequestTarget } from './request-target.js';

/** Browsers cap cookie lifetimes at 400 days (RFC 6265bis); longer Max-Age values are clamped. */
const MAX_COOKIE_AGE_SECONDS = 400 * 86_400;

type CookieSettings = HttpSettings['cookies'];

/**
 * Refusals after which the access cookie can never authenticate again: clearing it loses
 * nothing. `refused` (a hook's verdict, perhaps passing) and `user_inactive` (the user may be
 * re-activated) are not among them: their session may still be alive.
 */
export const DEAD_COOKIE_REASONS: ReadonlySet<AuthenticationFailureReason> = new Set(['malformed', 'invalid', 'expired', 'revoked', 'wrong_transport']);

/**
 * The `Set-Cookie` values that hand a cookie session's tokens to a browser: the access cookie
 * (path `cookies.path`) and, when the session has one, the refresh cookie scoped to the refresh
 * route (see {@link refreshCookie} for its lifetime).
 */
export function sessionCookies(
  issued: { session: Session<object>; accessToken: string; refreshToken: string | null },
  target: RequestTarget,
  settings: CookieSettings,
): string[] {
  const cookies = [accessCookie(issued.accessToken, issued.session, target, settings)];
  if (issued.refreshToken !== null) {
    cookies.push(refreshCookie(issued.refreshToken, issued.session, target, settings));
  }
  return cookies;
}

/**
 * The refresh cookie. It must never leave the browser while the server would still accept its
 * token. Without sliding expiry the token's expiry is fixed, and the cookie lives exactly that
 * long. With sliding expiry every extension moves the token's expiry too, yet the cookie is not
 * sent on the requests that extend the session (its path is the refresh route), so it cannot be
 * re-set there with its value: it is written to live as long as the token can come to live — until
 * the session's absolute expiry, else the longest lifetime browsers keep. A cookie that outlives
 * its token is refused by the refresh route like any expired token, and cleared there.
 */
export function refreshCookie(
  refreshToken: string,
  session: Session<object>,
  target: RequestTarget,
  settings: CookieSettings,
): string {
  const expiresAt = settings.refreshSlides ? session.absoluteExpiresAt : session.refreshExpiresAt;
  return writeCookie(settings.names.refresh, refreshToken, {
    path: settings.refreshPath,
    maxAge: secondsUntil(expiresAt, session),
    target,
    settings,
  });
}

/** The access cookie, e.g. re-set with a new Max-Age after a sliding extension. */
export function accessCookie(
  accessToken: string,
  session: Session<object>,
  target: RequestTarget,
  settings: CookieSettings,
): string {
  return writeCookie(settings.names.access, accessToken, {
    path: settings.path,
    maxAge: secondsUntil(session.accessExpiresAt ?? session.expiresAt, session),
    target,
    settings,
  });
}

/** `Set-Cookie` values that delete both session cookies (same name, path and domain, Max-Age=0). */
export function clearedCookies(target: RequestTarget, settings: CookieSettings): string[] {
  return [
    writeCookie(settings.names.access, '', { path: settings.path, maxAge: 0, target, settings }),
    writeCookie(settings.names.refresh, '', { path: settings.refreshPath, maxAge: 0, target, settings }),
  ];
}

/**
 * Whether a cookie for this request gets `Secure`. With `'auto'`: always, except for plain-http
 * requests to localhost — the one place browsers develop without TLS.
 */
export function isSecureCookie(target: RequestTarget, settings: Pick<CookieSettings, 'secure'>): boolean {
  if (settings.secure !== 'auto') return settings.secure;
  return target.protocol === 'https:' || !isLocalHostname(target.hostname);
}

function writeCookie(
  name: string,
  value: string,
  cookie: { path: string; maxAge: number; target: RequestTarget; settings: CookieSettings },
): string {
  return stringifySetCookie(name, value, {
    maxAge: cookie.maxAge,
    path: cookie.path,
    ...(cookie.settings.domain === null ? {} : { domain: cookie.settings.domain }),
    httpOnly: true,
    secure: isSecureCookie(cookie.target, cookie.settings),
    sameSite: cookie.settings.sameSite,
  });
}

/**
 * Seconds from the session's "now" until `expiresAt`. Cookies are written only right after an
 * issue, a refresh or a sliding extension, each of which sets `lastUsedAt` to core's clock
 * reading — so measuring from it keeps Max-Age exact under any clock (including a test clock),
 * without the HTTP layer keeping a clock of its own.
 */
function secondsUntil(expiresAt: Date | null, session: Session<object>): number {
  if (expiresAt === null) return MAX_COOKIE_AGE_SECONDS;
  const seconds = Math.floor((expiresAt.getTime() - session.lastUsedAt.getTime()) / 1000);
  return Math.min(Math.max(seconds, 0), MAX_COOKIE_AGE_SECONDS);
}
