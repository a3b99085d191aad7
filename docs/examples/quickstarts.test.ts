import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningInCi } from '../../test/support/ci.js';
import { examplesDir, linkDependencies, type RunningProgram, startProgram } from './run-program.js';

const root = join(examplesDir, '..', '..');
// The Deno executable itself (the node_modules/.bin shim would outlive a signal as a shell).
const deno = join(root, 'packages', 'fetch', 'node_modules', 'deno', 'deno');
const run = promisify(execFile);

/** How each quick start is run: its documented runtime, from the TypeScript sources. */
const QUICKSTARTS = [
  {
    doc: 'express.md',
    program: 'express-quickstart.ts',
    start: () => startProgram(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', 'express-quickstart.ts'], { PORT: '0' }),
  },
  {
    doc: 'hono.md',
    program: 'hono-quickstart.ts',
    start: () => startProgram(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', 'hono-quickstart.ts'], { PORT: '0' }),
  },
  {
    doc: 'fetch.md',
    program: 'fetch-quickstart.ts',
    start: () =>
      startProgram(deno, [
        'serve',
        '--host=127.0.0.1',
        '--port=0',
        '--sloppy-imports',
        '--conditions=@authentify/source',
        '--no-lock',
        '--allow-net=127.0.0.1',
        'fetch-quickstart.ts',
      ]),
  },
] as const;

beforeAll(() => {
  linkDependencies();
});

describe.each(QUICKSTARTS)('docs/$doc', ({ doc, program, start }) => {
  it(`embeds examples/${program} verbatim`, () => {
    const markdown = readFileSync(join(examplesDir, '..', doc), 'utf8');
    const source = readFileSync(join(examplesDir, program), 'utf8');
    expect(markdown.includes(`\`\`\`ts\n${source}\`\`\``), `${doc} must contain ${program} exactly, in a ts block`).toBe(true);
  });

  describe(`running ${program}`, () => {
    let running: RunningProgram | undefined;
    const url = (path: string) => `${running!.url}${path}`;
    beforeAll(async () => {
      if (program === 'fetch-quickstart.ts' && !existsSync(deno) && !runningInCi()) return;
      running = await start();
    });
    afterAll(async () => {
      await running?.stop();
    });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    it('logs in with header tokens, calls protected routes, refreshes, lists and logs out', async ({ skip }) => {
      if (running === undefined) skip('Deno is not installed (outside CI only)');
      expect(await (await fetch(url('/'))).text()).toBe('Hello, stranger! POST /login to sign in.');
      expect((await post('/login', { username: 'alice', password: 'wrong' })).status).toBe(401);
      expect((await fetch(url('/me'))).status).toBe(401);

      const login = await post('/login', { username: 'alice', password: 'correct horse battery staple' }, { 'user-agent': 'curl/8' });
      expect(login.status).toBe(200);
      const tokens = (await login.json()) as { accessToken: string; refreshToken: string; session: { id: string } };
      const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

      const me = await fetch(url('/me'), bearer(tokens.accessToken));
      expect(await me.json()).toEqual({ user: { id: 'u1', name: 'Alice' }, sessionId: tokens.session.id });
      expect(await (await fetch(url('/'), bearer(tokens.accessToken))).text()).toBe('Hello, Alice!');

      const refreshed = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
      expect(refreshed.status).toBe(200);
      const next = (await refreshed.json()) as { accessToken: string; session: { id: string } };
      expect(next.session.id).toBe(tokens.session.id);
      expect((await fetch(url('/me'), bearer(tokens.accessToken))).status).toBe(401);

      const sessions = await fetch(url('/auth/sessions'), bearer(next.accessToken));
      const listed = (await sessions.json()) as { sessions: Array<{ id: string; current: boolean; context: unknown }> };
      expect(listed.sessions).toEqual([expect.objectContaining({ id: tokens.session.id, current: true, context: { device: 'curl/8' } })]);

      expect((await fetch(url('/auth/logout'), { method: 'POST', ...bearer(next.accessToken) })).status).toBe(200);
      expect((await fetch(url('/me'), bearer(next.accessToken))).status).toBe(401);
    });

    it('logs in a browser with HttpOnly cookies that authenticate', async ({ skip }) => {
      if (running === undefined) skip('Deno is not installed (outside CI only)');
      const login = await post('/login', { username: 'alice', password: 'correct horse battery staple', transport: 'cookie' });
      expect(login.status).toBe(200);
      const cookies = login.headers.getSetCookie();
      expect(cookies).toEqual([
        expect.stringMatching(/^afy_access=afy_at_\w+; Max-Age=900; Path=\/; HttpOnly; SameSite=Lax$/),
        expect.stringMatching(/^afy_refresh=afy_rt_\w+; Max-Age=2592000; Path=\/auth\/refresh; HttpOnly; SameSite=Lax$/),
      ]);
      const access = cookies[0]!.split(';')[0]!;
      expect(await (await fetch(url('/'), { headers: { cookie: access } })).text()).toBe('Hello, Alice!');
    });
  });
});

it('the programs type-check against the packages', async () => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = await run(tsc, ['-p', join(examplesDir, 'tsconfig.json')], { cwd: examplesDir }).catch(
    (error: { stdout?: string }) => ({ stdout: `tsc failed:\n${error.stdout ?? ''}` }),
  );
  expect(result.stdout).toBe('');
}, 120_000);
