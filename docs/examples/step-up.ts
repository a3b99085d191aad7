import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import { createAuthentifyHono } from '@authentify/hono';
import { Hono } from 'hono';

const clock = createTestClock(Date.UTC(2026, 0, 5, 9, 0)); // a clock the sample can move
const auth = createAuthentify<{ twoFactor?: boolean }>({ storage: new MemorySessionStorage(), clock, auditRetention: '30d' });
const authentify = createAuthentifyHono(auth);
const passwords = new Map([['ada', 'correct horse']]); // your user store

const app = new Hono();
app.use(authentify.routes); // includes PATCH /auth/sessions/:id (rename a device)
// Re-check the password, then mark the session as freshly authenticated.
app.post('/account/confirm-password', authentify.required, async (c) => {
  const { password } = await c.req.json<{ password: string }>();
  if (passwords.get(c.var.auth.session.userId) !== password) return c.json({ error: 'bad_password' }, 401);
  await auth.reauthenticate(c.var.auth.session.id);
  return c.json({ confirmed: true });
});
// A second factor passed: record it on the session.
app.post('/account/2fa', authentify.required, async (c) => {
  const { session } = c.var.auth;
  await auth.updateSession(session.id, { context: { ...session.context, twoFactor: true } });
  return c.json({ twoFactor: true });
});
// Sensitive: a sign-in of the last 10 minutes and the second factor.
app.post('/account/password', authentify.required({ freshWithin: '10m' }), async (c) => {
  const { session } = c.var.auth;
  if (session.context.twoFactor !== true) return c.json({ error: 'two_factor_required' }, 403);
  passwords.set(session.userId, (await c.req.json<{ password: string }>()).password);
  // One call: every other session of the user ends as credentials_changed, this one stays.
  const ended = await auth.revokeOtherSessionsOfUser(session.userId, session.id, { reason: 'credentials_changed' });
  return c.json({ changed: true, endedSessions: ended });
});

const phone = await auth.issueSession({ userId: 'ada', transport: 'header' });
const laptop = await auth.issueSession({ userId: 'ada', transport: 'header' });
const call = async (method: string, path: string, body?: object) => {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${laptop.accessToken}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const json = (await response.json()) as { session?: { label: string; current: boolean } };
  // Session ids are random: the rename's answer is shortened to what it changed.
  const shown = json.session ? { label: json.session.label, current: json.session.current } : json;
  console.log(`${method} ${path.replace(laptop.session.id, ':id')} → ${response.status} ${JSON.stringify(shown)}`);
};

await call('PATCH', `/auth/sessions/${laptop.session.id}`, { label: 'Work laptop' });
await call('POST', '/account/password', { password: 'new' }); // fresh, but no second factor yet
await call('POST', '/account/2fa');
clock.advance('11m');
await call('POST', '/account/password', { password: 'new' }); // the login is 11 minutes old
await call('POST', '/account/confirm-password', { password: 'correct horse' });
await call('POST', '/account/password', { password: 'battery staple' });
const ended = await auth.findSession(phone.session.id);
console.log(`phone: ${ended?.status} (${ended?.revocationReason})`);
