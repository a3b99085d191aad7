import { createAdminConsole } from '@authentify/admin';
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { Hono } from 'hono';

// Your users, with a flag that says who may use the console.
const users = new Map([
  ['u1', { id: 'u1', email: 'ada@example.com', admin: true }],
  ['u2', { id: 'u2', email: 'grace@example.com', admin: false }],
]);
const auth = createAuthentify({
  storage: new MemorySessionStorage(),
  // Keep ended sessions 30 days, with when, why and by whom, so the console can show them.
  auditRetention: '30d',
  resolveUser: (userId) => users.get(userId) ?? null,
});

const adminConsole = createAdminConsole(auth, {
  basePath: '/admin',
  // The browser's own cookie session, and only an admin's; the email becomes `revokedBy`.
  authorize: async (request) => {
    const result = await auth.authenticate({ header: (name) => request.headers.get(name) });
    return result.ok && result.session.transport === 'cookie' && result.user.admin ? { actor: result.user.email } : null;
  },
});

const app = new Hono();
app.all('/admin', (c) => adminConsole(c.req.raw));
app.all('/admin/*', (c) => adminConsole(c.req.raw));

// What an admin, a user who is not one, and a form from another site get:
const ada = await auth.issueSession({ userId: 'u1', transport: 'cookie' });
const grace = await auth.issueSession({ userId: 'u2', transport: 'cookie' });
const asAda = { cookie: `afy_access=${ada.accessToken}` };
console.log('Ada opens /admin/:', (await app.request('/admin/', { headers: asAda })).status);
console.log('Grace opens /admin/:', (await app.request('/admin/', { headers: { cookie: `afy_access=${grace.accessToken}` } })).status);
const revokeGrace = (site: string) =>
  app.request('/admin/users/revoke', {
    method: 'POST',
    headers: { ...asAda, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': site },
    body: new URLSearchParams({ userId: 'u2', reason: 'admin', note: 'left the company', confirm: 'yes' }),
  });
console.log('A cross-site form:', (await revokeGrace('cross-site')).status);
const revoked = await revokeGrace('same-origin');
console.log('Ada revokes Grace:', revoked.status, revoked.headers.get('location'));
const session = await auth.findSession(grace.session.id);
console.log('Grace’s session:', session?.status, 'by', session?.revokedBy, '—', session?.revocationNote);
