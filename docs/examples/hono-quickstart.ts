import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createAuthentifyHono } from '@authentify/hono';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

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
const authentify = createAuthentifyHono(auth);

const app = new Hono()
  // POST /auth/refresh, /auth/logout, /auth/logout-all, /auth/logout-others,
  // GET /auth/sessions, DELETE /auth/sessions/:id
  .use(authentify.routes)
  // Login stays yours: check the credentials, then let Authentify issue the session.
  .post('/login', async (c) => {
    const { username, password, transport = 'header' } = await c.req.json().catch(() => ({}));
    const user = users.find((candidate) => candidate.username === username && candidate.password === password);
    if (user === undefined) return c.json({ error: 'bad_credentials' }, 401);
    if (transport !== 'header' && transport !== 'cookie') return c.json({ error: 'transport must be "header" or "cookie"' }, 400);
    // header: the tokens come back as JSON; cookie: as HttpOnly cookies.
    return authentify.login(c, { userId: user.id, transport, context: { device: c.req.header('user-agent') ?? 'unknown' } });
  })
  // c.var.auth is typed: { session, user } after `required`, or null too after `optional`.
  .get('/me', authentify.required, (c) => c.json({ user: c.var.auth.user, sessionId: c.var.auth.session.id }))
  .get('/', authentify.optional, (c) =>
    c.text(c.var.auth ? `Hello, ${c.var.auth.user.name}!` : 'Hello, stranger! POST /login to sign in.'),
  );

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`Listening on http://127.0.0.1:${info.port}`);
});
