import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR, consoleOver, get, ORIGIN, post } from './console-app.js';
import { STORAGES, type TestStorage } from './storages.js';

let opened: TestStorage | null = null;
afterEach(async () => {
  await opened?.close();
  opened = null;
});

async function setup(name: string, options: Parameters<typeof consoleOver>[1] = {}) {
  opened = await STORAGES[name]!();
  const app = consoleOver(opened.storage, options);
  const issue = (userId: string, transport: 'header' | 'cookie', device = 'Laptop') =>
    app.auth.issueSession({
      userId,
      transport,
      context: { device },
      request: { header: (header) => (header === 'user-agent' ? 'Firefox/133 <script>' : null), remoteAddress: '203.0.113.7' },
    });
  return { ...app, storage: opened.storage, issue };
}

const text = (response: Response) => response.text();

describe.each(Object.keys(STORAGES))('the admin console on %s storage', (name) => {
  it('lists sessions across users with counts by state, filters and keyset "next page" links', async () => {
    const { adminConsole, issue, clock, auth } = await setup(name, { pageSize: 2 });
    const issued = [];
    for (let index = 0; index < 5; index++) {
      issued.push(await issue(`user-${index % 2}`, index % 2 === 0 ? 'header' : 'cookie'));
      clock.advance('1s');
    }
    await auth.revokeSession(issued[0]!.session.id, { reason: 'admin', actor: 'someone' });

    const first = await adminConsole(get('/admin/'));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await text(first);
    expect(page).toContain('data-count="live">4<');
    expect(page).toContain('data-count="revoked">1<');
    // Newest first, two a page; the link carries the cursor to the next.
    expect(page).toContain(issued[4]!.session.id);
    expect(page).toContain(issued[3]!.session.id);
    expect(page).not.toContain(issued[2]!.session.id);
    const next = /<a rel="next" href="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/admin\/\?cursor=/);
    const second = await text(await adminConsole(get(next!)));
    expect(second).toContain(issued[2]!.session.id);
    expect(second).toContain(issued[1]!.session.id);
    expect(second).not.toContain(issued[4]!.session.id);

    const filtered = await text(await adminConsole(get('/admin/?userId=user-0&state=live&transport=header')));
    expect(filtered).toContain(issued[2]!.session.id);
    expect(filtered).toContain(issued[4]!.session.id);
    expect(filtered).not.toContain(issued[0]!.session.id); // revoked
    expect(filtered).not.toContain(issued[1]!.session.id); // another user
    expect(filtered).toContain('data-count="live">2<');
    // A form's empty fields are no filter, and the user's bulk-revoke form appears.
    const emptyFields = await text(await adminConsole(get('/admin/?userId=user-1&transport=&createdFrom=&state=')));
    expect(emptyFields).toContain('action="/admin/users/revoke"');
    expect(emptyFields).toContain(issued[3]!.session.id);

    const byTime = await text(await adminConsole(get('/admin/?createdFrom=2030-04-01T09:00:03Z&createdUntil=2030-04-02')));
    expect(byTime).toContain('data-count="live">2<');
  });

  it('inspects one session: context pretty-printed, transport, every time, state, reason, actor — and no token or digest', async () => {
    const { adminConsole, issue, auth, storage } = await setup(name);
    const issued = await issue('ada', 'cookie', 'Ada’s <b>Mac</b>');
    await auth.revokeSession(issued.session.id, { reason: 'admin', actor: 'grace@ops', note: 'lost laptop & "charger"' });
    const response = await adminConsole(get(`/admin/sessions/${issued.session.id}`));
    expect(response.status).toBe(200);
    const page = await text(response);
    expect(page).toContain('{\n  &quot;device&quot;: &quot;Ada’s &lt;b&gt;Mac&lt;/b&gt;&quot;\n}');
    expect(page).toContain('<dt>Transport</dt><dd>cookie</dd>');
    expect(page).toContain('badge-revoked');
    expect(page).toContain('grace@ops');
    expect(page).toContain('lost laptop &amp; &quot;charger&quot;');
    expect(page).toContain('203.0.113.7');
    expect(page).toContain('Firefox/133 &lt;script&gt;');
    expect(page).not.toContain('<script');
    for (const field of ['Created', 'Last used', 'Access token expires', 'Refresh token expires', 'Session ends', 'Absolute end', 'Revoked']) {
      expect(page).toContain(`<dt>${field}</dt>`);
    }
    expect(page).toContain('datetime="2030-04-01T09:00:00.000Z"');
    const record = await storage.findSessionById(issued.session.id);
    for (const secret of [issued.accessToken, issued.refreshToken!, record!.accessDigest, record!.refreshDigest!]) {
      expect(page).not.toContain(secret);
    }
    const list = await text(await adminConsole(get('/admin/')));
    for (const secret of [issued.accessToken, issued.refreshToken!, record!.accessDigest, record!.refreshDigest!]) {
      expect(list).not.toContain(secret);
    }
  });

  it('revokes one session with the operator as revokedBy, after the confirmation, and its tokens stop working', async () => {
    const { adminConsole, issue, auth } = await setup(name);
    const issued = await issue('ada', 'header');
    const unconfirmed = await adminConsole(post(`/admin/sessions/${issued.session.id}/revoke`, { reason: 'admin' }));
    expect(unconfirmed.status).toBe(400);
    expect(await auth.findSession(issued.session.id)).toMatchObject({ status: 'active' });

    const response = await adminConsole(post(`/admin/sessions/${issued.session.id}/revoke`, { reason: 'admin', note: 'ticket 7', confirm: 'yes' }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/sessions/${issued.session.id}?notice=revoked`);
    expect(await auth.findSession(issued.session.id)).toMatchObject({ status: 'revoked', revocationReason: 'admin', revokedBy: ACTOR, revocationNote: 'ticket 7' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'revoked' });
    const page = await text(await adminConsole(get(response.headers.get('location')!)));
    expect(page).toContain('The session was revoked.');
    expect(page).not.toContain('action="/admin/sessions/');

    const again = await adminConsole(post(`/admin/sessions/${issued.session.id}/revoke`, { confirm: 'yes' }));
    expect(again.headers.get('location')).toContain('notice=already-ended');
    const unknown = await adminConsole(post('/admin/sessions/NoSuchSession/revoke', { confirm: 'yes' }));
    expect(unknown.status).toBe(404);
  });

  it('revokes all live sessions of one user in bulk, audited, leaving other users alone', async () => {
    const { adminConsole, issue, auth } = await setup(name);
    const a1 = await issue('ada', 'header');
    const a2 = await issue('ada', 'cookie');
    const b1 = await issue('bob', 'cookie');
    const response = await adminConsole(post('/admin/users/revoke', { userId: 'ada', reason: 'credentials_changed', confirm: 'yes' }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/?userId=ada&notice=revoked-2');
    for (const session of [a1, a2]) {
      expect(await auth.findSession(session.session.id)).toMatchObject({ status: 'revoked', revocationReason: 'credentials_changed', revokedBy: ACTOR });
    }
    expect(await auth.findSession(b1.session.id)).toMatchObject({ status: 'active' });
    expect(await text(await adminConsole(get(response.headers.get('location')!)))).toContain('2 live sessions of this user were revoked.');
    expect((await adminConsole(post('/admin/users/revoke', { confirm: 'yes' }))).status).toBe(400);
  });

  it('prunes ended sessions in bounded rounds, reporting what each deleted until done', async () => {
    const { adminConsole, issue, clock, auth } = await setup(name, { pruneBatchSize: 2, pruneBatchesPerRequest: 2 });
    for (let index = 0; index < 5; index++) await issue(`user-${index}`, 'header');
    const keep = await issue('keeper', 'header');
    clock.advance('2h'); // the five ended (refresh 1h)…
    await auth.revokeSession(keep.session.id, { reason: 'admin' }); // …this one just now: kept a day for audit
    clock.advance('1d');
    const live = await issue('live', 'header');

    expect(await text(await adminConsole(get('/admin/prune')))).toContain('Start pruning');
    // Rounds until done. A round runs two batches of at most two sessions, so it deletes at most
    // four; on SQLite a batch may also stop early (after 1 ms), so how many rounds it takes is not
    // fixed — only that six sessions need at least two, and that the totals add up.
    const deletedSessions = (page: string) => Number(/data-deleted="sessions">(\d+)</.exec(page)?.[1]);
    let fields: Record<string, string> = {};
    let previous = 0;
    let rounds = 0;
    let page = '';
    for (;;) {
      page = await text(await adminConsole(post('/admin/prune', fields)));
      rounds++;
      const total = deletedSessions(page);
      const deletedThisRound = total - previous;
      previous = total;
      expect(deletedThisRound).toBeLessThanOrEqual(4);
      // The last round may find nothing left (the one before stopped right after the last
      // sessions); a round that asks for another deleted something.
      if (page.includes('data-prune="done"')) break;
      expect(deletedThisRound).toBeGreaterThan(0);
      expect(page).toContain('data-prune="more"');
      expect(rounds).toBeLessThan(10);
      fields = Object.fromEntries([...page.matchAll(/type="hidden" name="(\w+)" value="(\d+)"/g)].map((match) => [match[1]!, match[2]!]));
      expect(fields).toMatchObject({ deletedSessions: String(total) });
    }
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(page).toContain('data-deleted="sessions">6<');
    expect(page).not.toContain('Continue pruning');
    expect(await auth.findSession(live.session.id)).toMatchObject({ status: 'active' });
    expect((await adminConsole(get('/admin/prune'))).status).toBe(200); // a GET deletes nothing
    expect((await adminConsole(post('/admin/prune', { deletedSessions: '-1' }))).status).toBe(400);
  });
});

describe('the admin console without audit retention', () => {
  it('answers a revocation with the user’s list, since the revoked session is deleted at once', async () => {
    const { MemorySessionStorage, createAuthentify } = await import('@authentify/core');
    const { createAdminConsole } = await import('@authentify/admin');
    const auth = createAuthentify({ storage: new MemorySessionStorage() });
    const adminConsole = createAdminConsole(auth, { authorize: () => ({ actor: ACTOR }) });
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header' });
    const response = await adminConsole(post(`/admin/sessions/${issued.session.id}/revoke`, { confirm: 'yes' }));
    expect(response.headers.get('location')).toBe('/admin/?userId=ada&notice=revoked-not-kept');
    expect(await auth.findSession(issued.session.id)).toBeNull();
    expect(await (await adminConsole(get(response.headers.get('location')!))).text()).toContain('without audit retention');
  });
});
