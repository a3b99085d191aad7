// A module worker: `deno serve worker.ts`, `bun run worker.ts`, or deploy it
// to Cloudflare Workers (no nodejs_compat needed: tokens are hashed with WebCrypto there).
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createAuthentifyFetch } from '@authentify/fetch';

type User = { id: string; name: string };
type SessionContext = { device: string };

// Stand-in for your user table. A real app stores password hashes (argon2, bcrypt), not passwords.
const users = [{ id: 'u1', username: 'alice', name: 'Alice', password: 'correct horse battery staple' }];

const auth = createAuthentify<SessionContext, User>({
  // In memory, per isolate: a real deployment uses storage shared by every instance.
  storage: new MemorySessionStorage(),
  resolveUser: (userId) => {
    const user = users.find((candidate) => candidate.id === userId);
    return user === undefined ? null : { id: user.id, name: user.name };
  },
});
const authentify = createAuthentifyFetch(auth);

// Login stays yours: check the credentials, then let Authentify issue the session.
async function login(request: Request): Promise<Response> {
  const { username, password, transport = 'header' } = await request.json().catch(() => ({}));
  const user = users.find((candidate) => candidate.username === username && candidate.password === password);
  if (user === undefined) return Response.json({ error: 'bad_credentials' }, { status: 401 });
  if (transport !== 'header' && transport !== 'cookie') {
    return Response.json({ error: 'transport must be "header" or "cookie"' }, { status: 400 });
  }
  // header: the tokens come back as JSON; cookie: as HttpOnly cookies.
  return authentify.login(request, { userId: user.id, transport, context: { device: request.headers.get('user-agent') ?? 'unknown' } });
}

const me = authentify.required((_request, { auth: current }) =>
  Response.json({ user: current.user, sessionId: current.session.id }),
);

const home = authentify.optional((_request, { auth: current }) =>
  new Response(current ? `Hello, ${current.user.name}!` : 'Hello, stranger! POST /login to sign in.'),
);

export default {
  async fetch(request: Request): Promise<Response> {
    // POST /auth/refresh, /auth/logout, /auth/logout-all, /auth/logout-others,
    // GET /auth/sessions, DELETE /auth/sessions/:id
    const routed = await authentify.routes(request);
    if (routed !== null) return routed;
    const { pathname } = new URL(request.url);
    if (pathname === '/login' && request.method === 'POST') return login(request);
    if (pathname === '/me') return me(request);
    if (pathname === '/') return home(request);
    return new Response('Not found', { status: 404 });
  },
};
