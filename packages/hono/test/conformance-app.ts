import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS, createHttpConformanceFixture } from '@authentify/core/testing';
import { Hono } from 'hono';
import { createAuthentifyHono } from '../src/index.js';

/** The conformance app on Hono, as `createHttpConformanceFixture` describes it. */
export function conformanceApp(): Hono {
  const fixture = createHttpConformanceFixture();
  const authentify = createAuthentifyHono(fixture.auth, fixture.httpOptions);
  const app = new Hono();
  app.use(authentify.routes);
  app.post(CONFORMANCE_PATHS.login, async (c) => {
    const { input, options } = fixture.loginRequest(await c.req.json());
    return authentify.login(c, input, options);
  });
  app.post(CONFORMANCE_PATHS.control, async (c) => {
    const { status, body } = await fixture.control(await c.req.json());
    // The fixture's bodies are `unknown` JSON; `Response.json` takes them on every Hono 4 release
    // (`c.json` rejects `unknown` on older Hono 4 releases, 4.6.0 at least).
    return Response.json(body, { status });
  });
  app.all(CONFORMANCE_PATHS.optional, authentify.optional, (c) =>
    Response.json(fixture.describe(c.var.auth, c.req.header('authorization'))),
  );
  app.all(CONFORMANCE_PATHS.required, authentify.required, (c) =>
    Response.json(fixture.describe(c.var.auth, c.req.header('authorization'))),
  );
  app.all(CONFORMANCE_PATHS.fresh, authentify.required({ freshWithin: CONFORMANCE_SETTINGS.freshWithin }), (c) =>
    Response.json(fixture.describe(c.var.auth, c.req.header('authorization'))),
  );
  app.all(CONFORMANCE_PATHS.scoped, authentify.required({ scopes: CONFORMANCE_SETTINGS.requiredScopes }), (c) =>
    Response.json(fixture.describe(c.var.auth, c.req.header('authorization'))),
  );
  return app;
}
