import type { Transport } from '../storage/session-record.js';
import { HTTP_ERROR_MESSAGES, HTTP_ERROR_STATUS, type HttpErrorCode } from './error-codes.js';
import type { HttpSettings } from './http-options.js';
import type { HttpResponse } from './http-types.js';

/** Every response of ours may carry a session or tokens: no cache may keep it (RFC 6749 §5.1). */
const BASE_HEADERS = { 'cache-control': 'no-store' } as const;

/** A JSON response: `body` serialised, `content-type` set, never cached. */
export function jsonResponse(
  status: number,
  body: unknown,
  extra: { cookies?: readonly string[]; headers?: Record<string, string> } = {},
): HttpResponse {
  return {
    status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', ...extra.headers },
    cookies: extra.cookies ?? [],
    body: JSON.stringify(body),
  };
}

/** A response without a body (204, 303…). */
export function emptyResponse(
  status: number,
  extra: { cookies?: readonly string[]; headers?: Record<string, string> } = {},
): HttpResponse {
  return { status, headers: { ...BASE_HEADERS, ...extra.headers }, cookies: extra.cookies ?? [], body: null };
}

/** The JSON error body `{ error, message }` with the code's fixed status. */
export function errorResponse(
  code: HttpErrorCode,
  extra: { cookies?: readonly string[]; headers?: Record<string, string> } = {},
): HttpResponse {
  return jsonResponse(HTTP_ERROR_STATUS[code], { error: code, message: HTTP_ERROR_MESSAGES[code] }, extra);
}

/**
 * The response to a refused access credential, with the RFC 6750 challenge where it applies:
 * a bare `Bearer` challenge when no credential was sent (no `error` attribute, §3.1), and
 * `error="invalid_token"` / `error="invalid_request"` when a header credential was refused.
 * Cookie credentials get no `error` attribute: no `Authorization` header was used.
 */
export function authenticationFailureResponse(
  reason: HttpErrorCode,
  transport: Transport | null,
  settings: HttpSettings,
  cookies: readonly string[] = [],
): HttpResponse {
  let challenge: string | undefined;
  if (reason === 'missing') {
    challenge = bearerChallenge(settings);
  } else if (transport === 'header') {
    const error = HTTP_ERROR_STATUS[reason] === 400 ? 'invalid_request' : 'invalid_token';
    challenge = bearerChallenge(settings, error, HTTP_ERROR_MESSAGES[reason]);
  }
  return errorResponse(reason, { cookies, headers: challenge === undefined ? {} : { 'www-authenticate': challenge } });
}

/**
 * The 403 of a valid credential without a scope the route requires (RFC 6750 §3.1), whose
 * challenge names every scope the route needs: `Bearer error="insufficient_scope", scope="a b"`
 * (no `scope` attribute when the route needs a login rather than a scope).
 */
export function insufficientScopeResponse(settings: HttpSettings, requiredScopes: readonly string[]): HttpResponse {
  // Scopes are validated scope-tokens (no space, quote or backslash), so they quote as they are.
  const challenge = bearerChallenge(settings, 'insufficient_scope', HTTP_ERROR_MESSAGES.insufficient_scope, requiredScopes.length === 0 ? undefined : requiredScopes);
  return errorResponse('insufficient_scope', { headers: { 'www-authenticate': challenge } });
}

/** `Bearer realm="…", error="…", error_description="…", scope="…"` per RFC 6750 §3. */
export function bearerChallenge(
  settings: Pick<HttpSettings, 'scheme' | 'realm'>,
  error?: 'invalid_token' | 'invalid_request' | 'insufficient_scope',
  description?: string,
  scopes?: readonly string[],
): string {
  const attributes: string[] = [];
  if (settings.realm !== null) attributes.push(`realm="${settings.realm}"`);
  if (error !== undefined) attributes.push(`error="${error}"`);
  if (description !== undefined) attributes.push(`error_description="${description}"`);
  if (scopes !== undefined) attributes.push(`scope="${scopes.join(' ')}"`);
  return attributes.length === 0 ? settings.scheme : `${settings.scheme} ${attributes.join(', ')}`;
}
