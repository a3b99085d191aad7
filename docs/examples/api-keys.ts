import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createAuthentifyHono } from '@authentify/hono';
import { Hono } from 'hono';

const auth = createAuthentify({ storage: new MemorySessionStorage(), sessionLimit: { max: 1, onLimit: 'evict_oldest' } });
// apiKeys turns on the key routes; scopes lists what a user may grant their own keys.
const authentify = createAuthentifyHono(auth, { apiKeys: { scopes: ['repo:read', 'repo:write'] } });

const app = new Hono();
app.use(authentify.routes); // GET/POST /auth/api-keys, DELETE /auth/api-keys/:id, POST /auth/api-keys/:id/roll
app.get('/repos', authentify.required({ scopes: ['repo:read'] }), (c) => c.json({ repos: ['authentify'] }));
app.post('/repos', authentify.required({ scopes: ['repo:write'] }), (c) => c.json({ created: true }, 201));

const call = async (method: string, path: string, token: string, body?: object) => {
  const init = { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) };
  const response = await app.request(path, init);
  return { status: response.status, challenge: response.headers.get('www-authenticate'), json: (await response.json()) as Record<string, any> };
};

// A logged-in user makes a read-only key for a script. The key is in this answer only.
const login = await auth.issueSession({ userId: 'ada', transport: 'header' });
const created = await call('POST', '/auth/api-keys', login.accessToken, { name: 'CI reader', scopes: ['repo:read'], expiresIn: '90d' });
const apiKey: string = created.json.apiKey;
console.log(created.status, apiKey.slice(0, 7), 'listed as …' + '*'.repeat(created.json.key.displayHint.length), created.json.key.scopes);

console.log('read with the key:', (await call('GET', '/repos', apiKey)).status);
const write = await call('POST', '/repos', apiKey);
console.log('write with the key:', write.status, write.json.error, write.challenge);
console.log('write with the login:', (await call('POST', '/repos', login.accessToken)).status);

// Keys are not devices: a new login under sessionLimit 1 evicts the old login, not the key.
await auth.issueSession({ userId: 'ada', transport: 'header' });
console.log('devices:', (await auth.listSessionsOfUser('ada')).length, 'keys:', (await auth.listApiKeys('ada')).length);
console.log('logout-all ended', await auth.revokeAllSessionsOfUser('ada'), 'session; key still reads:', (await call('GET', '/repos', apiKey)).status);

// Roll the key: the new one works at once, the old one for another hour.
const rolled = await auth.rollApiKey('ada', created.json.key.id, { overlap: '1h' });
const old = (await auth.listApiKeys('ada')).find((key) => key.id === created.json.key.id)!;
console.log('old key works for another', Math.round((old.expiresAt!.getTime() - Date.now()) / 60_000), 'min; new key reads:', (await call('GET', '/repos', rolled!.apiKey)).status);
