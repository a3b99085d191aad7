import { parse as parseCookieHeader } from 'cookie';
import type { Transport } from '../storage/session-record.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import type { RequestView } from './request-view.js';

/** A token as it arrived, with the channel it came through. */
export interface Credential {
  transport: Transport;
  token: string;
}

/** What a request carries: a credential of ours, none, or a broken attempt at one. */
export type CredentialReading =
  | { kind: 'credential'; credential: Credential }
  | { kind: 'none' }
  | { kind: 'invalid_request'; transport: Transport };

/** Cookie headers beyond this are not parsed (browsers send at most a few kilobytes). */
const MAX_COOKIE_HEADER_LENGTH = 16_384;

/**
 * Finds the access credential on a request: an `Authorization` header with one of our schemes
 * first (an explicit header wins over ambient cookies), else the access cookie. A foreign scheme
 * is ignored, so Basic or JWT middleware further on still sees its header. Never throws.
 */
export function readAccessCredential(
  request: RequestView,
  settings: { headerPrefixes: readonly string[]; cookieNames: { access: string } },
): CredentialReading {
  const authorization = parseAuthorizationHeader(request.header('authorization'), settings.headerPrefixes);
  if (authorization.kind === 'token') {
    return { kind: 'credential', credential: { transport: 'header', token: authorization.token } };
  }
  if (authorization.kind === 'invalid_request') return { kind: 'invalid_request', transport: 'header' };
  const token = readCookie(request, settings.cookieNames.access);
  return token === undefined
    ? { kind: 'none' }
    : { kind: 'credential', credential: { transport: 'cookie', token } };
}

/**
 * The value of cookie `name` from the request's `Cookie` header (the first one when it appears
 * more than once — browsers send the most specific path first), or `undefined`. Broken cookie
 * syntax yields `undefined` for the broken pair, never an exception.
 */
export function readCookie(request: RequestView, name: string): string | undefined {
  const header = request.header('cookie');
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_COOKIE_HEADER_LENGTH) {
    return undefined;
  }
  // Cheap pre-check: most requests without our cookie skip parsing altogether.
  if (!header.includes(name)) return undefined;
  const value = parseCookieHeader(header)[name];
  return value === undefined || value === '' ? undefined : value;
}
