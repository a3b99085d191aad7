// The portable testing entry, not `@authentify/core/testing/vitest`: Bun, Deno and workerd load
// this module, and it must not bring vitest or `node:net` along.
import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS, createHttpConformanceFixture } from '@authentify/core/testing';
import { createAuthentifyFetch } from '../src/index.js';

/**
 * The conformance app on the fetch adapter: one `(request, runtime) => Response` that Node, Bun,
 * Deno and workerd all serve unchanged. `runtime` is what the runtime passes besides the request
 * (Bun's server, Deno's info), handed on so that hooks see the client's address.
 */
export function conformanceHandler(): (request: Request, runtime?: unknown) => Promise<Response> {
  const fixture = createHttpConformanceFixture();
  const authentify = createAuthentifyFetch(fixture.auth, fixture.httpOptions);
  const describe = authentify.optional<[runtime?: unknown]>((request, { auth }) =>
    Response.json(fixture.describe(auth, request.headers.get('authorization'))),
  );
  const describeRequired = authentify.required<[runtime?: unknown]>((request, { auth }) =>
    Response.json(fixture.describe(auth, request.headers.get('authorization'))),
  );
  const describeFresh = authentify.required({ freshWithin: CONFORMANCE_SETTINGS.freshWithin })<[runtime?: unknown]>((request, { auth }) =>
    Response.json(fixture.describe(auth, request.headers.get('authorization'))),
  );

  const describeScoped = authentify.required({ scopes: CONFORMANCE_SETTINGS.requiredScopes })<[runtime?: unknown]>((request, { auth }) =>
    Response.json(fixture.describe(auth, request.headers.get('authorization'))),
  );

  return async (request, runtime) => {
    const routed = await authentify.routes(request, runtime);
    if (routed !== null) return routed;
    const { pathname } = new URL(request.url);
    if (pathname === CONFORMANCE_PATHS.optional) return describe(request, runtime);
    if (pathname === CONFORMANCE_PATHS.required) return describeRequired(request, runtime);
    if (pathname === CONFORMANCE_PATHS.fresh) return describeFresh(request, runtime);
    if (pathname === CONFORMANCE_PATHS.scoped) return describeScoped(request, runtime);
    if (request.method === 'POST' && pathname === CONFORMANCE_PATHS.login) {
      const { input, options } = fixture.loginRequest(await request.json());
      return authentify.login(request, input, options, runtime);
    }
    if (request.method === 'POST' && pathname === CONFORMANCE_PATHS.control) {
      const { status, body } = await fixture.control(await request.json());
      return Response.json(body, { status });
    }
    return new Response('Not found', { status: 404 });
  };
}
