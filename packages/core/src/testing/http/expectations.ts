import { expect } from 'vitest';
import type { ClientResponse } from './test-client.js';

/** The answer is our JSON error with this status and stable code, never cached. */
export function expectError(response: ClientResponse, status: number, code: string): void {
  expect({ status: response.status, error: response.json?.error }).toEqual({ status, error: code });
  expect(typeof response.json.message).toBe('string');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
}

/** A refused header credential: RFC 6750 `invalid_token` challenge with a description. */
export function expectInvalidTokenChallenge(response: ClientResponse): void {
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="[^"\\]+"$/);
}

/** The request went on anonymous (optional authentication). */
export function expectAnonymous(response: ClientResponse): void {
  expect({ status: response.status, auth: response.json?.auth }).toEqual({ status: 200, auth: null });
}

/** The request went on authenticated as this session. */
export function expectAuthenticated(response: ClientResponse, sessionId: string): void {
  expect({ status: response.status, sessionId: response.json?.auth?.sessionId }).toEqual({ status: 200, sessionId });
}

/** The cookie is deleted: empty value, Max-Age=0, at the given path. */
export function expectCleared(response: ClientResponse, name: string, path: string): void {
  const cookie = response.cookies.find((candidate) => candidate.name === name);
  expect(cookie, `${name} is cleared`).toMatchObject({ value: '', maxAge: 0, path });
}
