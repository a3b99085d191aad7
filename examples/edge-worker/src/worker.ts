// A module worker: Authentify on the Fetch adapter, its sessions in one Durable Object.
// `pnpm start` serves it locally on workerd; deploy it with wrangler (see README.md).
import { createAuthentify, type SessionStorage } from '@authentify/core';
import { createAuthentifyFetch } from '@authentify/fetch';
import { DurableObjectSessionStorage } from './session-store.js';
import { checkPassword, findUser, type WorkerUser } from './users.js';

export { SessionStore } from './session-store.js';

/** The worker's bindings: `SESSIONS` is the `SessionStore` Durable Object class. */
export interface Env {
  SESSIONS: DurableObjectNamespace<SessionStorage>;
}

/** What a session remembers about its login. */
type SessionContext = { device: string };

function createHandler(env: Env): (request: Request) => Promise<Response> {
  const auth = createAuthentify<SessionContext, WorkerUser>({
    storage: new DurableObjectSessionStorage(env.SESSIONS),
    accessTtl: '15m',
    refreshTtl: '30d',
    resolveUser: findUser,
  });
  const authentify = createAuthentifyFetch(auth);

  // POST /login {"email","password","transport"?}: header tokens as JSON (apps), or cookies (browsers).
  async function login(request: Request): Promise<Response> {
    const body: unknown = await request.json().catch(() => null);
    const { email, password, transport = 'header' } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof email !== 'string' || typeof password !== 'string' || (transport !== 'header' && transport !== 'cookie')) {
      return Response.json({ error: 'invalid_body', message: 'Send {"email", "password", "transport"?: "header" | "cookie"} as JSON.' }, { status: 400 });
    }
    const user = await checkPassword(email, password);
    if (user === null) return Response.json({ error: 'invalid_credentials', message: 'Wrong email or password.' }, { status: 401 });
    const device = (request.headers.get('user-agent') ?? 'unknown').slice(0, 120);
    return authentify.login(request, { userId: user.id, transport, context: { device } });
  }

  const me = authentify.required((_request, { auth: current }) =>
    Response.json({ user: current.user, session: { id: current.session.id, device: current.session.context.device } }),
  );

  const home = authentify.optional((_request, { auth: current }) =>
    new Response(current === null ? 'Hello, stranger! POST /login to sign in.\n' : `Hello, ${current.user.name}!\n`),
  );

  return async (request) => {
    // POST /auth/refresh, /auth/logout, /auth/logout-all, /auth/logout-others,
    // GET /auth/sessions, DELETE /auth/sessions/:id
    const routed = await authentify.routes(request);
    if (routed !== null) return routed;
    const { pathname } = new URL(request.url);
    if (pathname === '/login' && request.method === 'POST') return login(request);
    if (pathname === '/me') return me(request);
    if (pathname === '/') return home(request);
    return Response.json({ error: 'not_found', message: 'There is nothing at this address.' }, { status: 404 });
  };
}

// Built on the first request: workerd forbids random numbers at global scope, and `env` only
// arrives with a request.
let handler: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    handler ??= createHandler(env);
    return handler(request);
  },
};
