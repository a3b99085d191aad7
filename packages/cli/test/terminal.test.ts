import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthentify } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import { createKyselySessionStorage } from '@authentify/kysely';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, requireBuiltBin, runBin, runInTerminal } from './support/run-bin.js';

/**
 * The CLI on a terminal (a pseudo-terminal from `script`): the prune progress bar with rate and
 * ETA, and the confirmation prompt answered yes and no.
 */
const dir = mkdtempSync(join(tmpdir(), 'authentify-cli-tty-'));
const url = `sqlite:${join(dir, 'app.db')}`;
const inTerminal = (args: string, input?: string) =>
  runInTerminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`, { cwd: dir, env: { AUTHENTIFY_DATABASE_URL: url }, ...(input === undefined ? {} : { input }) });
let db: Kysely<unknown>;
let auth: ReturnType<typeof createAuthentify<object, undefined>>;

beforeAll(async () => {
  requireBuiltBin();
  expect((await runBin(['migrate'], { cwd: dir, env: { AUTHENTIFY_DATABASE_URL: url } })).code).toBe(0);
  const database = new SQLite(join(dir, 'app.db'));
  db = new Kysely({ dialect: new SqliteDialect({ database }) });
  const clock = createTestClock(Date.now() - 90 * 86_400_000);
  auth = createAuthentify<object, undefined>({ storage: createKyselySessionStorage({ db, sqliteDatabase: database }), clock, refreshTtl: '1d' });
  // Sessions that expired long ago, for the prune to work through in many batches.
  for (let index = 0; index < 60; index++) await auth.issueSession({ userId: `user-${index % 7}`, transport: 'header' });
  clock.advanceMs(Date.now() - clock());
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('authentify on a terminal', () => {
  it('prune draws a progress bar with the count, the rate and an ETA', async () => {
    const result = await inTerminal('prune --batch 5');
    expect(result, result.stdout).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/Pruning \[[^\]]+\] \d+% \| \d+\/\d+ sessions \| \d+\/s \| ETA \S+/);
    expect(result.stdout).toMatch(/Pruning \[[^\]]+\] 100% \| 60\/60 sessions/);
    expect(result.stdout).toMatch(/Deleted 60 session\(s\)/);
    expect(result.stdout).not.toMatch(/^prune: batch/m);
  });

  it('revoke asks on the terminal: "n" changes nothing (exit 5), "y" revokes', async () => {
    const issued = await auth.issueSession({ userId: 'dave', transport: 'cookie' });
    const declined = await inTerminal(`sessions revoke ${issued.session.id}`, 'n\n');
    expect(declined.stdout).toMatch(/Revoke session \S+ of user dave \(reason admin\)\? \[y\/N\]/);
    expect(declined.code).toBe(5);
    expect(declined.stdout).toMatch(/Not confirmed: nothing was changed/);
    expect(await auth.authenticateToken(issued.accessToken, 'cookie')).toMatchObject({ ok: true });

    const accepted = await inTerminal(`sessions revoke ${issued.session.id}`, 'y\n');
    expect(accepted, accepted.stdout).toMatchObject({ code: 0 });
    expect(accepted.stdout).toMatch(/Revoked 1 session\(s\)/);
    expect(await auth.authenticateToken(issued.accessToken, 'cookie')).toMatchObject({ ok: false, reason: 'revoked' });
  });
});
