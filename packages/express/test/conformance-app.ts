import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CONFORMANCE_PATHS,
  CONFORMANCE_SETTINGS,
  type ConformanceContext,
  type ConformanceUser,
  createHttpConformanceFixture,
  type RunningServer,
} from '@authentify/core/testing/vitest';
import express from 'express';
import { createAuthentifyExpress, type RequestAuth } from '../src/index.js';

// The augmentation the docs tell users to write, checked here by the typecheck.
declare global {
  namespace Express {
    interface Request {
      auth?: RequestAuth<ConformanceContext, ConformanceUser> | null;
    }
  }
}

/** The conformance app on Express, as `createHttpConformanceFixture` describes it. */
export function conformanceApp(): express.Express {
  const fixture = createHttpConformanceFixture();
  const authentify = createAuthentifyExpress(fixture.auth, fixture.httpOptions);
  const app = express();
  app.use(authentify.routes);
  app.post(CONFORMANCE_PATHS.login, express.json(), async (req, res) => {
    const { input, options } = fixture.loginRequest(req.body);
    await authentify.login(req, res, input, options);
  });
  app.post(CONFORMANCE_PATHS.control, express.json(), async (req, res) => {
    const { status, body } = await fixture.control(req.body);
    res.status(status).json(body);
  });
  app.all(CONFORMANCE_PATHS.optional, authentify.optional, (req, res) => {
    res.json(fixture.describe(req.auth ?? null, req.get('authorization')));
  });
  app.all(CONFORMANCE_PATHS.required, authentify.required, (req, res) => {
    res.json(fixture.describe(req.auth ?? null, req.get('authorization')));
  });
  app.all(CONFORMANCE_PATHS.fresh, authentify.required({ freshWithin: CONFORMANCE_SETTINGS.freshWithin }), (req, res) => {
    res.json(fixture.describe(req.auth ?? null, req.get('authorization')));
  });
  app.all(CONFORMANCE_PATHS.scoped, authentify.required({ scopes: CONFORMANCE_SETTINGS.requiredScopes }), (req, res) => {
    res.json(fixture.describe(req.auth ?? null, req.get('authorization')));
  });
  return app;
}

/** Serves an Express app with `http.createServer` on 127.0.0.1, on a free port. */
export async function listen(app: express.Express): Promise<RunningServer> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
