// Run under Deno and Bun by test/runtimes.test.ts: the console with nothing but the runtime's
// own Request and Response, answering a page, a refusal and a cross-site form.
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createAdminConsole } from '../../src/index.js';

const auth = createAuthentify({ storage: new MemorySessionStorage(), auditRetention: '1d' });
const issued = await auth.issueSession({ userId: 'ada', transport: 'header', context: { device: 'Mac' } });
const adminConsole = createAdminConsole(auth, {
  authorize: (request) => (request.headers.get('x-operator') === 'ops' ? { actor: 'ops' } : null),
});
const url = `http://console.test/admin/sessions/${issued.session.id}`;
const page = await adminConsole(new Request(url, { headers: { 'x-operator': 'ops' } }));
const refused = await adminConsole(new Request(url));
const crossSite = await adminConsole(
  new Request(`${url}/revoke`, {
    method: 'POST',
    headers: { 'x-operator': 'ops', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    body: 'confirm=yes',
  }),
);
const revoked = await adminConsole(
  new Request(`${url}/revoke`, {
    method: 'POST',
    headers: { 'x-operator': 'ops', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: 'confirm=yes&note=from+the+runtime+test',
  }),
);
const html = await page.text();
console.log(
  JSON.stringify({
    page: page.status,
    showsContext: html.includes('&quot;device&quot;: &quot;Mac&quot;'),
    showsToken: html.includes(issued.accessToken),
    refused: refused.status,
    crossSite: crossSite.status,
    revoked: revoked.status,
    revokedBy: (await auth.findSession(issued.session.id))?.revokedBy,
  }),
);
