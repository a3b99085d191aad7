import { isAuthentifyError } from '../errors.js';
import type { ApiKey, CreatedApiKey } from '../sessions/api-keys.js';
import type { Duration } from '../options/duration.js';
import type { HttpRequest, HttpResponse, RequestAuth } from './http-types.js';
import type { HttpRuntime } from './http-runtime.js';
import { errorResponse, jsonResponse } from './responses.js';

/** The route names this file answers. */
export type ApiKeyRouteName = 'apiKeys' | 'apiKey' | 'rollApiKey';

/** An API key as the routes show it: never the key itself, except once in `apiKey` on creation. */
export interface ApiKeyJson {
  id: string;
  name: string;
  scopes: readonly string[];
  displayHint: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string;
  lastIp: string | null;
  expiresAt: string | null;
  status: ApiKey['status'];
}

const KEY_ID = /^[A-Za-z0-9]{1,64}$/;

/**
 * The current user's API keys, for a logged-in session (the caller has checked that the
 * credential is a login, not a key: a key never mints or manages keys).
 *
 * - `GET /api-keys` → `{ apiKeys: [...] }`, newest first.
 * - `POST /api-keys` with `{ "name": "CI", "scopes": ["deploy"], "expiresIn": "90d" }`
 *   (`expiresIn` optional: seconds or a duration string; `null` = until revoked) → `201 { apiKey,
 *   key }`: `apiKey` is the plaintext, shown this once. Scopes outside the `apiKeys.scopes` the
 *   application allows, a bad name or duration → 400 `invalid_body`.
 * - `DELETE /api-keys/:id` → `{ revokedApiKeys: 1 }`, or 404 `session_not_found` when it is not
 *   one of the user's live keys.
 * - `POST /api-keys/:id/roll` with `{ "overlap": "1h" }` → `201 { apiKey, key }`: a new key with
 *   the same name and scopes; the old one works for the overlap more; 404 as above.
 */
export async function handleApiKeyRoute<Context extends object, User>(
  runtime: HttpRuntime<Context, User>,
  route: { name: ApiKeyRouteName; sessionId?: string },
  request: HttpRequest,
  current: RequestAuth<Context, User>,
  grantable: readonly string[],
  cookies: readonly string[],
): Promise<HttpResponse> {
  const { auth } = runtime;
  const { userId } = current.session;
  if (route.name === 'apiKeys' && request.method !== 'POST') {
    const keys = await auth.listApiKeys(userId);
    return jsonResponse(200, { apiKeys: keys.map(apiKeyJson) }, { cookies });
  }
  const keyId = route.sessionId ?? '';
  if (route.name !== 'apiKeys' && !KEY_ID.test(keyId)) return errorResponse('session_not_found', { cookies });
  if (route.name === 'apiKey') {
    const revoked = await auth.revokeApiKey(userId, keyId, { request });
    return revoked ? jsonResponse(200, { revokedApiKeys: 1 }, { cookies }) : errorResponse('session_not_found', { cookies });
  }

  const body = await request.readJsonBody();
  // The rest of the body stays unread: the connection cannot carry another request after it.
  if (body.kind === 'too_large') return errorResponse('body_too_large', { cookies, headers: { connection: 'close' } });
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    return errorResponse('invalid_body', { cookies });
  }
  const value = body.value as Record<string, unknown>;
  let created: CreatedApiKey | null;
  try {
    if (route.name === 'rollApiKey') {
      if (!onlyKeys(value, ['overlap']) || !isDuration(value.overlap)) return errorResponse('invalid_body', { cookies });
      created = await auth.rollApiKey(userId, keyId, { overlap: value.overlap, request });
      if (created === null) return errorResponse('session_not_found', { cookies });
    } else {
      if (!onlyKeys(value, ['name', 'scopes', 'expiresIn'])) return errorResponse('invalid_body', { cookies });
      const { name, scopes, expiresIn } = value;
      if (!Array.isArray(scopes) || scopes.some((scope) => !grantable.includes(scope as string))) return errorResponse('invalid_body', { cookies });
      if (expiresIn !== undefined && expiresIn !== null && !isDuration(expiresIn)) return errorResponse('invalid_body', { cookies });
      created = await auth.createApiKey(userId, {
        name: name as string,
        scopes: scopes as string[],
        expiresIn: (expiresIn ?? null) as Duration | null,
        createdBy: userId,
        request,
      });
    }
  } catch (error) {
    // A name, scope list or duration core refuses is the client's mistake: a 400.
    if (isAuthentifyError(error, 'invalid_argument') || isAuthentifyError(error, 'invalid_context')) return errorResponse('invalid_body', { cookies });
    throw error;
  }
  return jsonResponse(201, { apiKey: created.apiKey, key: apiKeyJson(created.key) }, { cookies });
}

/** The JSON view of a key. */
export function apiKeyJson(key: ApiKey): ApiKeyJson {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    displayHint: key.displayHint,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt.toISOString(),
    lastIp: key.lastIp,
    expiresAt: key.expiresAt === null ? null : key.expiresAt.toISOString(),
    status: key.status,
  };
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

function isDuration(value: unknown): value is Duration {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 32);
}
