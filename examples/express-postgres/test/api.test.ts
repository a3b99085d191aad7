import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresServer } from '../../../test/support/database-servers.js';
import { type RunningProgram, startProgram, tsxArgs } from '../../../test/support/run-program.js';
import { MobileClient } from '../src/mobile-client.js';
import { DEMO_ACCOUNT } from '../src/users.js';
import { postgresAvailable } from './support/postgres-available.js';

const available = await postgresAvailable();
const PHONE = { deviceName: 'Ada’s iPhone', platform: 'ios', appVersion: '3.2.0' } as const;
/** Short lifetimes, so that an expiry and the end of the reuse grace window come within seconds. */
const ACCESS_TTL_MS = 2_000;
const GRACE_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The example as `pnpm start` runs it, on the test PostgreSQL server, in a schema of its own
 * (dropped afterwards) so that it never meets other tests' tables.
 */
describe.skipIf(!available)('the Express + PostgreSQL example', () => {
  const schema = `example_express_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresServer.url });
  let program: RunningProgram;
  const url = (path: string) => `${program.url}${path}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const databaseUrl = new URL(postgresServer.url);
    databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
    program = await startProgram(process.execPath, tsxArgs('src/main.ts'), {
      cwd: join(import.meta.dirname, '..'),
      env: { PORT: '0', DATABASE_URL: databaseUrl.toString(), ACCESS_TTL: `${ACCESS_TTL_MS}ms`, REFRESH_REUSE_GRACE: `${GRACE_MS}ms` },
    });
  });

  afterAll(async () => {
    await program?.stop();
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await admin.end();
  });

  it('migrates its database on start-up: Authentify’s tables and the users, in the configured schema', async () => {
    const { rows } = await admin.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1 order by 1', [schema]);
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['app_users', 'authentify_migration', 'authentify_rotated_refresh_tokens', 'authentify_sessions']),
    );
    expect(program.output()).toContain(`Sign in as ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`);
  });

  it('logs a phone in with header tokens and serves its profile with the device it told', async () => {
    const phone = new MobileClient(program.url, PHONE);
    await phone.logIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    const profile = await phone.request('/api/profile');
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ user: { email: DEMO_ACCOUNT.email, name: DEMO_ACCOUNT.name }, device: PHONE });
    await phone.logOut();
  });

  it('refreshes once when the access token expires, even for ten requests that hit the expiry together', async () => {
    const phone = new MobileClient(program.url, PHONE);
    await phone.logIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    const sessionId = ((await (await phone.request('/api/profile')).json()) as { sessionId: string }).sessionId;
    const firstRefreshToken = phone.refreshToken;

    await sleep(ACCESS_TTL_MS + 300);
    const answers = await Promise.all(Array.from({ length: 10 }, () => phone.request('/api/profile')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    for (const answer of answers) expect(((await answer.json()) as { sessionId: string }).sessionId).toBe(sessionId);
    expect(phone.refreshToken).not.toBe(firstRefreshToken);
    await phone.logOut();
  });

  it('treats a refresh token used again after the grace window as stolen: the session ends for the thief and the phone', async () => {
    const phone = new MobileClient(program.url, PHONE);
    await phone.logIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    const stolen = phone.refreshToken!;
    await sleep(ACCESS_TTL_MS + 300);
    expect((await phone.request('/api/profile')).status).toBe(200); // the phone refreshed: `stolen` is rotated away

    await sleep(GRACE_MS + 300);
    const thief = await post('/auth/refresh', { refreshToken: stolen });
    expect(thief.status).toBe(401);
    expect(((await thief.json()) as { error: string }).error).toBe('refresh_token_reused');

    const afterTheft = await phone.request('/api/profile');
    expect(afterTheft.status).toBe(401);
    expect(phone.signedIn).toBe(false);
  });

  it('keeps at most five devices: a sixth login signs out the oldest', async () => {
    const logins: Array<{ accessToken: string }> = [];
    for (let index = 1; index <= 6; index++) {
      const response = await post('/api/login', { ...DEMO_ACCOUNT, device: { deviceName: `Tablet ${index}`, platform: 'android', appVersion: '3.2.0' } });
      expect(response.status).toBe(200);
      logins.push((await response.json()) as { accessToken: string });
    }
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    expect((await fetch(url('/api/profile'), bearer(logins[0]!.accessToken))).status).toBe(401);
    const listed = (await (await fetch(url('/auth/sessions'), bearer(logins[5]!.accessToken))).json()) as { sessions: Array<{ context: { deviceName: string } }> };
    expect(listed.sessions.map((session) => session.context.deviceName)).toEqual(['Tablet 6', 'Tablet 5', 'Tablet 4', 'Tablet 3', 'Tablet 2']);

    const everywhere = await fetch(url('/auth/logout-all'), { method: 'POST', ...bearer(logins[5]!.accessToken) });
    expect(await everywhere.json()).toEqual({ revokedSessions: 5 });
  });

  it('refuses a wrong password, and a device description that does not fit the context schema', async () => {
    const wrong = await post('/api/login', { email: DEMO_ACCOUNT.email, password: 'nope', device: PHONE });
    expect(wrong.status).toBe(401);
    const badDevice = await post('/api/login', { ...DEMO_ACCOUNT, device: { deviceName: 'x'.repeat(500), platform: 'toaster', appVersion: '3' } });
    expect(badDevice.status).toBe(400);
    expect(((await badDevice.json()) as { error: string }).error).toBe('invalid_context');
    const broken = await fetch(url('/api/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(broken.status).toBe(400);
    expect((await fetch(url('/api/profile'))).status).toBe(401);
  });
});
