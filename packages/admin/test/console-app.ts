import { type AdminConsoleOptions, createAdminConsole } from '@authentify/admin';
import { type Authentify, createAuthentify, type SessionStorage } from '@authentify/core';
import { createTestClock, type TestClock } from '@authentify/core/testing';

export const ORIGIN = 'http://admin.test';
export const ACTOR = 'ops@example.com';
/** The header the tests' `authorize` trusts: a stand-in for the application's own session check. */
export const OPERATOR_HEADER = 'x-test-operator';

/** An Authentify instance on `storage`, a console over it whose `authorize` lets in whoever sends {@link OPERATOR_HEADER}. */
export function consoleOver(storage: SessionStorage, options: Partial<AdminConsoleOptions> = {}) {
  const clock: TestClock = createTestClock(Date.UTC(2030, 3, 1, 9, 0, 0));
  const auth: Authentify<{ device: string }, undefined> = createAuthentify<{ device: string }, undefined>({
    storage,
    clock,
    accessTtl: '15m',
    refreshTtl: '1h',
    auditRetention: '1d',
  });
  const authorizeCalls: Request[] = [];
  const adminConsole = createAdminConsole(auth, {
    authorize: (request) => {
      authorizeCalls.push(request);
      const actor = request.headers.get(OPERATOR_HEADER);
      return actor === null ? null : { actor };
    },
    ...options,
  });
  return { auth, clock, adminConsole, authorizeCalls };
}

/** A page request from the operator's browser. */
export function get(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, { headers: { [OPERATOR_HEADER]: ACTOR, 'sec-fetch-site': 'same-origin', ...headers } });
}

/** A form post from the console's own page (unless `headers` say otherwise). */
export function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: {
      [OPERATOR_HEADER]: ACTOR,
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
  });
}
