import { Readable } from 'node:stream';
import { createAdminConsole } from '@authentify/admin';
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import express from 'express';

const auth = createAuthentify({ storage: new MemorySessionStorage(), auditRetention: '30d' });
const adminConsole = createAdminConsole(auth, {
  basePath: '/admin',
  // Your own check goes here (see the Hono example); this one lets in no one.
  authorize: () => null,
});

/** Express's request as a Fetch `Request` (the body streams through, unread). */
function toFetchRequest(req: express.Request): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`${req.protocol}://${req.get('host')}${req.originalUrl}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

/** A Fetch `Response` written to Express's response. */
async function sendFetchResponse(response: Response, res: express.Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

const app = express();
app.use('/admin', (req, res, next) => {
  adminConsole(toFetchRequest(req)).then((response) => sendFetchResponse(response, res), next);
});

const server = app.listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/admin/`);
  console.log('GET /admin/:', response.status, response.headers.get('cache-control'));
  server.close();
});
