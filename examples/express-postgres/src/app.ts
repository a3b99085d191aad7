import { type Authentify, isAuthentifyError } from '@authentify/core';
import { createAuthentifyExpress, type RequestAuth } from '@authentify/express';
import express, { type ErrorRequestHandler } from 'express';
import type { DeviceContext } from './auth.js';
import type { AppUser, Users } from './users.js';

// Types `req.auth` in the handlers below.
declare global {
  namespace Express {
    interface Request {
      auth?: RequestAuth<DeviceContext, AppUser> | null;
    }
  }
}

/**
 * The API a mobile app talks to:
 *
 * - `POST /api/login` `{ email, password, device: { deviceName, platform, appVersion } }` →
 *   header tokens as JSON;
 * - `GET /api/profile` — the user and this device's session (Bearer token required);
 * - Authentify's routes: `POST /auth/refresh`, `POST /auth/logout`, `POST /auth/logout-others`,
 *   `POST /auth/logout-all`, `GET /auth/sessions`, `DELETE /auth/sessions/:id`.
 */
export function createApp(auth: Authentify<DeviceContext, AppUser>, users: Users): express.Express {
  const authentify = createAuthentifyExpress(auth);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));
  app.use(authentify.routes);

  app.post('/api/login', async (req, res) => {
    const { email, password, device } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof email !== 'string' || typeof password !== 'string' || email.length > 254 || password.length > 1024) {
      res.status(400).json({ error: 'invalid_body', message: 'Send {"email", "password", "device": {"deviceName", "platform", "appVersion"}}.' });
      return;
    }
    const user = await users.checkPassword(email, password);
    if (user === null) {
      res.status(401).json({ error: 'invalid_credentials', message: 'Wrong email or password.' });
      return;
    }
    // `device` is validated by the context schema; a bad one is thrown as invalid_context (below).
    await authentify.login(req, res, { userId: user.id, transport: 'header', context: device as DeviceContext });
  });

  app.get('/api/profile', authentify.required, (req, res) => {
    const { user, session } = req.auth!;
    res.json({ user, device: session.context, sessionId: session.id, signedInAt: session.createdAt });
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'There is nothing at this address.' });
  });
  app.use(errorHandler);
  return app;
}

/** Bad JSON and bad device contexts are the client's mistakes (400); anything else is ours (500). */
const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (isAuthentifyError(error, 'invalid_context')) {
    res.status(400).json({ error: 'invalid_context', message: error.message });
    return;
  }
  // express.json() refusals: 413 for a body over its limit, 400 for broken JSON.
  const status = (error as { status?: unknown }).status;
  if (status === 413) {
    res.status(413).json({ error: 'body_too_large', message: 'The body is larger than 16 KiB.' });
    return;
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(400).json({ error: 'invalid_body', message: 'The body is not valid JSON.' });
    return;
  }
  console.error('request failed:', error);
  res.status(500).json({ error: 'internal_error', message: 'The server failed to answer.' });
};
