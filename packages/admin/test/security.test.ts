import { describe, expect, it } from 'vitest';
import { createAdminConsole } from '@authentify/admin';
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { ACTOR, consoleOver, get, OPERATOR_HEADER, ORIGIN, post } from './console-app.js';
import { sqliteStorage } from './storages.js';

const auth = createAuthentify({ storage: new MemorySessionStorage() });

describe('the admin console refuses to run open', () => {
  it('throws invalid_configuration naming authorize when it is missing or not a function', () => {
    for (const options of [{}, { authorize: 'yes' }, { authorize: null }] as never[]) {
      expect(() => createAdminConsole(auth, options)).toThrow(expect.objectContaining({ code: 'invalid_configuration', option: 'authorize' }));
    }
    expect(() => createAdminConsole(auth, undefined as never)).toThrow(/authorize/);
  });

  it('names any other option it cannot use', () => {
    const authorize = () => null;
    expect(() => createAdminConsole(auth, { authorize, basePath: 'admin/' })).toThrow(expect.objectContaining({ option: 'basePath' }));
    expect(() => createAdminConsole(auth, { authorize, pageSize: 0 })).toThrow(expect.objectContaining({ option: 'pageSize' }));
    expect(() => createAdminConsole(auth, { authorize, csrf: { allowedOrigins: ['https://x.example/path'] } })).toThrow(
      expect.objectContaining({ option: 'csrf.allowedOrigins' }),
    );
    expect(() => createAdminConsole(auth, { authorize, password: 'hunter2' } as never)).toThrow(expect.objectContaining({ option: 'password' }));
  });
});

describe('the admin console’s gate and headers', () => {
  it('answers 403 without a single session when authorize returns null', async () => {
    const { adminConsole, auth: instance } = consoleOver(new MemorySessionStorage());
    const issued = await instance.issueSession({ userId: 'ada', transport: 'header' });
    for (const path of ['/admin/', '/admin', `/admin/sessions/${issued.session.id}`, '/admin/prune']) {
      const response = await adminConsole(new Request(`${ORIGIN}${path}`));
      expect(response.status).toBe(403);
      const page = await response.text();
      expect(page).toContain('data-code="forbidden"');
      expect(page).not.toContain(issued.session.id);
      expect(page).not.toContain('ada');
    }
    const revoke = await adminConsole(new Request(`${ORIGIN}/admin/users/revoke`, { method: 'POST', body: new URLSearchParams({ userId: 'ada', confirm: 'yes' }) }));
    expect(revoke.status).toBe(403);
    expect(await instance.findSession(issued.session.id)).toMatchObject({ status: 'active' });
  });

  it('sends a strict CSP, no-store and nosniff on every page, and serves its own stylesheet', async () => {
    const { adminConsole } = consoleOver(new MemorySessionStorage());
    for (const request of [get('/admin/'), new Request(`${ORIGIN}/admin/`), get('/admin/sessions/%zz')]) {
      const response = await adminConsole(request);
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const style = await adminConsole(new Request(`${ORIGIN}/admin/style.css`));
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).toContain('.badge');
  });

  it('answers 404 outside its basePath, and for unknown pages inside it', async () => {
    const { adminConsole, authorizeCalls } = consoleOver(new MemorySessionStorage(), { basePath: '/ops/console' });
    expect((await adminConsole(get('/admin/'))).status).toBe(404);
    expect((await adminConsole(get('/ops/consoles'))).status).toBe(404);
    expect(authorizeCalls).toHaveLength(0);
    expect((await adminConsole(get('/ops/console'))).status).toBe(200);
    expect((await adminConsole(get('/ops/console/nothing-here'))).status).toBe(404);
  });

  it('refuses a cross-site form with 403 before authorize runs, and changes nothing', async () => {
    const { adminConsole, auth: instance, authorizeCalls } = consoleOver(new MemorySessionStorage());
    const issued = await instance.issueSession({ userId: 'ada', transport: 'cookie' });
    const attempts = [
      post(`/admin/sessions/${issued.session.id}/revoke`, { confirm: 'yes' }, { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' }),
      post('/admin/users/revoke', { userId: 'ada', confirm: 'yes' }, { origin: 'http://admin.test.evil', 'sec-fetch-site': 'same-site' }),
      // An older browser without Sec-Fetch-Site: the Origin decides.
      new Request(`${ORIGIN}/admin/users/revoke`, {
        method: 'POST',
        body: new URLSearchParams({ userId: 'ada', confirm: 'yes' }),
        headers: { [OPERATOR_HEADER]: ACTOR, origin: 'http://evil.test' },
      }),
      post('/admin/prune', {}, { origin: 'null', 'sec-fetch-site': 'cross-site' }),
    ];
    for (const request of attempts) {
      const response = await adminConsole(request);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('data-code="csrf_failed"');
    }
    expect(authorizeCalls).toHaveLength(0);
    expect(await instance.findSession(issued.session.id)).toMatchObject({ status: 'active' });
  });

  it('accepts a form from an origin in csrf.allowedOrigins', async () => {
    const { adminConsole, auth: instance } = consoleOver(new MemorySessionStorage(), { csrf: { allowedOrigins: ['https://ops.example.com'] } });
    const issued = await instance.issueSession({ userId: 'ada', transport: 'cookie' });
    const response = await adminConsole(
      post(`/admin/sessions/${issued.session.id}/revoke`, { confirm: 'yes' }, { origin: 'https://ops.example.com', 'sec-fetch-site': 'cross-site' }),
    );
    expect(response.status).toBe(303);
  });

  it('answers bad input with a 400 page, never a 500', async () => {
    const { adminConsole } = consoleOver(new MemorySessionStorage());
    const bad = [
      get('/admin/sessions/..%2Fetc%2Fpasswd'),
      get('/admin/sessions/%zz'),
      get(`/admin/sessions/${'a'.repeat(65)}`),
      get('/admin/?createdFrom=yesterday'),
      get('/admin/?createdFrom=2030-02-31'),
      get('/admin/?lastUsedUntil=2030-04-01T25:00'),
      get(`/admin/?userId=${'u'.repeat(256)}`),
      get('/admin/?state=active'),
      get('/admin/?transport=pigeon'),
      get('/admin/?cursor=not-a-cursor'),
      get(`/admin/?cursor=${'c'.repeat(600)}`),
      get('/admin/?userId=a&userId=b'),
      get('/admin/?limit=5'),
      post('/admin/users/revoke', { userId: 'ada', confirm: 'yes', reason: 'bored' }),
      post('/admin/users/revoke', { userId: 'ada', confirm: 'yes', note: 'n'.repeat(1001) }),
      new Request(`${ORIGIN}/admin/users/revoke`, { method: 'POST', body: '{"userId":"ada"}', headers: { [OPERATOR_HEADER]: ACTOR, 'content-type': 'application/json' } }),
    ];
    for (const request of bad) {
      const response = await adminConsole(request);
      expect({ url: request.url, status: response.status }).toEqual({ url: request.url, status: 400 });
      expect(await response.text()).toContain('data-code="invalid_request"');
    }
    const huge = await adminConsole(post('/admin/users/revoke', { userId: 'ada', confirm: 'yes', note: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    expect((await adminConsole(post('/admin/', {}))).status).toBe(405);
    expect((await adminConsole(get('/admin/users/revoke'))).status).toBe(405);
  });

  it('answers 503 when the storage fails (SQLite closed under it)', async () => {
    const sqlite = await sqliteStorage();
    const { adminConsole, auth: instance } = consoleOver(sqlite.storage);
    const issued = await instance.issueSession({ userId: 'ada', transport: 'header' });
    sqlite.database.close();
    for (const request of [get('/admin/'), get(`/admin/sessions/${issued.session.id}`), post('/admin/users/revoke', { userId: 'ada', confirm: 'yes' }), post('/admin/prune', {})]) {
      const response = await adminConsole(request);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('data-code="storage_unavailable"');
    }
    await sqlite.close();
  });
});
