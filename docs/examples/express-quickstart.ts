import type { AddressInfo } from 'node:net';
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createAuthentifyExpress } from '@authentify/express';
import express from 'express';

type User = { id: string; name: string };
type SessionContext = { device: string };

// Stand-in for your user table. A real app stores password hashes (argon2, bcrypt), not passwords.
const users = [{ id: 'u1', username: 'alice', name: 'Alice', password: 'correct horse battery staple' }];

const auth = createAuthentify<SessionContext, User>({
  storage: new MemorySessionStorage(), // @authentify/kysely for anything real
  accessTtl: '15m',
  refreshTtl: '30d',
  resolveUser: (userId) => {
    const user = users.find((candidate) => candidate.id === userId);
    return user === undefined ? null : { id: user.id, name: user.name };
  },
});
const authentify = createAuthentifyExpress(auth);

const app = express();
// POST /auth/refresh, /auth/logout, /auth/logout-all, /auth/logout-others,
// GET /auth/sessions, DELETE /auth/sessions/:id, POST /auth/sessions/:id/revoke.
// Before any body parser: the routes read their own JSON bodies, capped at 16 KiB (413) and
// answered with `invalid_body` when broken. Behind express.json() they would get its parsed body
// instead — its 100 KiB limit and its own error pages.
app.use(authentify.routes);
app.use(express.json());

// Login stays yours: check the credentials, then let Authentify issue the session.
app.post('/login', async (req, res) => {
  const { username, password, transport = 'header' } = req.body ?? {};
  const user = users.find((candidate) => candidate.username === username && candidate.password === password);
  if (user === undefined) {
    res.status(401).json({ error: 'bad_credentials' });
    return;
  }
  if (transport !== 'header' && transport !== 'cookie') {
    res.status(400).json({ error: 'transport must be "header" or "cookie"' });
    return;
  }
  // header: the tokens come back as JSON; cookie: as HttpOnly cookies.
  await authentify.login(req, res, { userId: user.id, transport, context: { device: req.get('user-agent') ?? 'unknown' } });
});

// Wrapped handlers: `req.auth` is typed from `auth` — never null behind `required`.
app.get(
  '/me',
  authentify.required((req, res) => {
    res.json({ user: req.auth.user, sessionId: req.auth.session.id });
  }),
);

app.get(
  '/',
  authentify.optional((req, res) => {
    res.send(req.auth ? `Hello, ${req.auth.user.name}!` : 'Hello, stranger! POST /login to sign in.');
  }),
);

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`Listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
