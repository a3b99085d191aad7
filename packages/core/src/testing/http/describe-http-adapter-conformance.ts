import { afterAll, beforeAll, describe } from 'vitest';
import { cookieTests } from './cookie-tests.js';
import { csrfTests } from './csrf-tests.js';
import { failureTests } from './failure-tests.js';
import { forcedLogoutTests } from './forced-logout-tests.js';
import { formRouteTests } from './form-route-tests.js';
import { hookRequestTests } from './hook-request-tests.js';
import { hostileInputTests } from './hostile-input-tests.js';
import { loginTests } from './login-tests.js';
import { navigationRefreshTests } from './navigation-refresh-tests.js';
import { refreshRouteTests } from './refresh-route-tests.js';
import { sessionRouteTests } from './session-route-tests.js';
import { stepUpTests } from './step-up-tests.js';
import { apiKeyRouteTests } from './api-key-route-tests.js';
import { ConformanceClient } from './test-client.js';

/** A server hosting the conformance app. */
export interface RunningServer {
  /** Its base URL on 127.0.0.1, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Stops it (and its process, if it has one). */
  close(): Promise<void>;
}

/** How {@link describeHttpAdapterConformance} starts the server under test. */
export interface HttpAdapterConformanceOptions {
  /** Shown in the test report, e.g. `'@authentify/fetch on Deno'`. */
  name: string;
  /**
   * Starts a real HTTP server on 127.0.0.1 hosting the conformance app — the adapter wired to a
   * fresh `createHttpConformanceFixture()` as its JSDoc describes — and returns its URL. Called
   * once for the whole suite.
   */
  start: () => Promise<RunningServer>;
  /**
   * Whether the adapter can tell the connection's peer address on this runtime (Node, Bun and
   * Deno can; a Cloudflare Worker has no socket). The suite then expects hooks to see the client
   * IP `127.0.0.1`, else `null`. [`true`]
   */
  knowsPeerAddress?: boolean;
}

/**
 * Registers the HTTP behaviour suite with vitest: every ready-made route, every error code and
 * status, the RFC 6750 challenges, cookie attributes, CSRF, transport restriction, sliding
 * cookie re-set, refresh reuse detection, script-free navigation refresh, form posts (303 to a same-origin `return_to`), no forced
 * logout, what hooks see of the request, storage outage (503) and hostile input — all over real
 * HTTP, against the server `start` returns. The same suite runs against every adapter, so a
 * third-party adapter can prove it behaves like the official ones.
 *
 * @example
 * ```ts
 * // my-adapter.test.ts
 * import { createHttpConformanceFixture, describeHttpAdapterConformance } from '@authentify/core/testing/vitest';
 *
 * describeHttpAdapterConformance({
 *   name: 'my adapter',
 *   start: async () => {
 *     const fixture = createHttpConformanceFixture();
 *     const server = await startMyFrameworkApp(fixture); // routes as createHttpConformanceFixture documents
 *     return { url: server.url, close: () => server.stop() };
 *   },
 * });
 * ```
 */
export function describeHttpAdapterConformance(options: HttpAdapterConformanceOptions): void {
  describe(`HTTP adapter conformance: ${options.name}`, () => {
    let server: RunningServer | undefined;
    let client: ConformanceClient | undefined;
    const getClient = (): ConformanceClient => {
      if (client === undefined) throw new Error(`start() of "${options.name}" did not provide a server.`);
      return client;
    };
    beforeAll(async () => {
      server = await options.start();
      client = new ConformanceClient(server.url);
    });
    afterAll(async () => {
      await server?.close();
    });

    loginTests(getClient);
    cookieTests(getClient);
    refreshRouteTests(getClient);
    navigationRefreshTests(getClient);
    sessionRouteTests(getClient);
    stepUpTests(getClient);
    apiKeyRouteTests(getClient);
    formRouteTests(getClient);
    failureTests(getClient);
    csrfTests(getClient);
    forcedLogoutTests(getClient);
    hookRequestTests(getClient, options.knowsPeerAddress ?? true);
    hostileInputTests(getClient);
  });
}
