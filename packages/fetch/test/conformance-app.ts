// The portable testing entry, not `@authentify/core/testing/vitest`: Bun, Deno and workerd load
// this module, and it must not bring vitest or `node:net` along.
import { CONFORMANCE_PATHS, createHttpConformanceFixture } from '@authentify/core/testing';
import { createAuthentifyFetch } from '../src/index.js';

/**
 * The conformance app on the fetch adapter: one `(request) => Response` that Node, Bun, Deno and
 * workerd all serve unchanged.
 */
export function conformanceHandler(): (request: Request) => Promise<Response> {
  const fixture = createHttpConformanceFixture();
  const authentify = createAuthentifyFetch(fixture.auth, fixture.httpOptions);
  const describe = authentify.optional((request, { auth }) =>
    Response.json(fixture.describe(auth, request.headers.get('authorization'))),
  );
  const describeRequired = authentify.required((request, { auth }) =>
    Response.json(fixture.describe(auth, request.headers.get('authorization'))),
  );

  return async (request) => {
    const routed = await authentify.routes(request);
    if (routed !== null) return routed;
    const { pathname } = new URL(request.url);
    if (pathname === CONFORMANCE_PATHS.optional) return describe(request);
    if (pathname === CONFORMANCE_PATHS.required) return describeRequired(request);
    if (request.method === 'POST' && pathname === CONFORMANCE_PATHS.login) {
      const { input, options } = fixture.loginRequest(await request.json());
      return authentify.login(request, input, options);
    }
    if (request.method === 'POST' && pathname === CONFORMANCE_PATHS.control) {
      const { status, body } = fixture.control(await request.json());
      return Response.json(body, { status });
    }
    return new Response('Not found', { status: 404 });
  };
}
