import { createAuthentifyFetch } from '../src/index.js';
// Imported by path, not through `@authentify/core/testing`: that entry also carries the vitest
// suite and `node:net`, which Bun, Deno and workerd servers must not load. The fixture module
// itself is free of both.
import { CONFORMANCE_PATHS, createHttpConformanceFixture } from '../../core/src/testing/http/conformance-fixture.js';

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
