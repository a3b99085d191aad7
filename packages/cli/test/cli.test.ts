import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthentify, type IssuedSession } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import { createAuthentifyMigrations, createKyselySessionStorage } from '@authentify/kysely';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinResult, requireBuiltBin, runBin } from './support/run-bin.js';
import { available, databaseUrl, type Dialect, dropTables, open, uniquePrefix } from './support/test-databases.js';

/** Authentify's migrations, as this release has them: the counts below follow them. */
const MIGRATIONS = Object.keys(createAuthentifyMigrations());

/**
 * The built `authentify` bin, run as a subprocess against each database: migrations, status,
 * listing and paging, show, revoke (with and without confirmation), stats and prune — and what
 * its output must never contain (tokens, digests).
 */
const dialects = ['sqlite', 'postgres', 'mysql'] as const;
const up: Record<Dialect, boolean> = { sqlite: true, postgres: await available('postgres'), mysql: await available('mysql') };
const DAY = 86_400_000;
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

describe.each(dialects)('authentify on %s', (dialect) => {
  describe.skipIf(!up[dialect])('', () => {
    const dir = mkdtempSync(join(tmpdir(), `authentify-cli-${dialect}-`));
    const prefix = uniquePrefix(dialect);
    const url = databaseUrl(dialect, dir);
    const cli = (...args: string[]): Promise<BinResult> =>
      runBin(args, { cwd: dir, env: { AUTHENTIFY_DATABASE_URL: url } });
    const withTables = (...args: string[]) => cli(...args, '--table-prefix', prefix);
    const json = <T>(result: BinResult): T => {
      expect(result, result.stderr).toMatchObject({ code: 0 });
      return JSON.parse(result.stdout) as T;
    };
    let db: Kysely<unknown>;
    const issued: Record<string, IssuedSession<object>[]> = { alice: [], bob: [], carol: [] };
    let expired: IssuedSession<object>;
    let auth: ReturnType<typeof createAuthentify<object, undefined>>;

    beforeAll(async () => {
      requireBuiltBin();
      // The bin opens the SQLite file; the test's connection must come after `migrate` creates it.
      if (dialect !== 'sqlite') {
        db = open(dialect, url);
        await dropTables(db, prefix);
      }
    });
    afterAll(async () => {
      if (db !== undefined) {
        await dropTables(db, prefix);
        await db.destroy();
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses to touch sessions before migrating, and says to run `authentify migrate` (exit 4)', async () => {
      const status = await withTables('status');
      expect(status.code).toBe(dialect === 'sqlite' ? 3 : 4);
      if (dialect === 'sqlite') expect(status.stderr).toMatch(/no such file.*authentify migrate/);
      else expect(status.stdout).toMatch(new RegExp(`Migrations: 0 applied, ${MIGRATIONS.length} pending: ${MIGRATIONS.join(', ')}`));
      const dryRun = await withTables('migrate', '--dry-run');
      expect(dryRun, dryRun.stderr).toMatchObject({ code: 0 });
      expect(dryRun.stdout).toMatch(new RegExp(`Would run ${MIGRATIONS.length} migration\\(s\\)`));
      // A dry run writes nothing, not even an empty SQLite file.
      if (dialect === 'sqlite') expect(existsSync(join(dir, 'app.db'))).toBe(false);
      expect((await withTables('sessions', 'list')).code).toBe(dialect === 'sqlite' ? 3 : 4);
    });

    it('migrate runs the migrations once; then status is clean', async () => {
      const ran = await withTables('migrate');
      expect(ran, ran.stderr).toMatchObject({ code: 0 });
      expect(ran.stdout).toMatch(new RegExp(`Ran ${MIGRATIONS.length} migration\\(s\\)[\\s\\S]*${MIGRATIONS.join('[\\s\\S]*')}`));
      expect((await withTables('migrate')).stdout).toMatch(/Nothing to migrate/);
      expect(json<{ dryRun: boolean; pending: string[] }>(await withTables('migrate', '--dry-run', '--json'))).toEqual({ dryRun: true, pending: [] });
      const status = json<{ migrations: { pending: string[] }; sessions: object }>(await withTables('status', '--json'));
      expect(status).toMatchObject({ migrations: { pending: [] }, sessions: { live: 0, expired: 0, revoked: 0 } });
      if (dialect === 'sqlite') db = open(dialect, url);

      // Sessions to operate on: alice 2 live (header, cookie) and 1 expired; bob 2; carol 1, revoked.
      const storage = createKyselySessionStorage({ db, tables: { sessions: `${prefix}sessions`, rotatedRefreshTokens: `${prefix}rotated_refresh_tokens` } });
      const clock = createTestClock(Date.now() - 60 * DAY);
      auth = createAuthentify<object, undefined>({ storage, clock, refreshTtl: '30d', auditRetention: '30d' });
      expired = await auth.issueSession({ userId: 'alice', transport: 'header', context: { device: 'old phone' } });
      // A minute back, so that the five seconds the loop below advances stay in the past: the CLI
      // judges with the real clock, and a revocation "in the future" would not be prunable yet.
      clock.advanceMs(Date.now() - 60_000 - clock());
      for (const [userId, transport] of [['alice', 'header'], ['alice', 'cookie'], ['bob', 'header'], ['bob', 'header'], ['carol', 'cookie']] as const) {
        issued[userId]!.push(await auth.issueSession({ userId, transport, context: { device: `${userId}'s ${transport} device`, ip: '203.0.113.7' } }));
        clock.advance('1s');
      }
      await auth.revokeSession(issued.carol![0]!.session.id, { reason: 'logout' });
    });

    it('status and stats count sessions by state', async () => {
      expect(json<{ sessions: object }>(await withTables('status', '--json')).sessions).toEqual({ live: 4, expired: 1, revoked: 1 });
      expect((await withTables('status')).stdout).toMatch(/Sessions: +4 live, 1 expired, 1 revoked/);
      const stats = json<{ byState: object; byTransport: { header: object; cookie: object }; createdLast24h: number }>(await withTables('stats', '--json'));
      expect(stats).toEqual({
        byState: { live: 4, expired: 1, revoked: 1 },
        byTransport: { header: { live: 3, expired: 1, revoked: 0 }, cookie: { live: 1, expired: 0, revoked: 1 } },
        createdLast24h: 5,
        createdLast7d: 5,
      });
    });

    it('sessions list: filters, pages with --cursor, and never prints a token or a digest', async () => {
      type Listed = { sessions: { id: string; userId: string; state: string; transport: string; context: object }[]; nextCursor: string | null };
      const all = json<Listed>(await withTables('sessions', 'list', '--json'));
      expect(all.sessions.map((session) => session.userId)).toEqual(['carol', 'bob', 'bob', 'alice', 'alice', 'alice']);
      expect(all.sessions.map((session) => session.state)).toEqual(['revoked', 'live', 'live', 'live', 'live', 'expired']);
      expect(all.nextCursor).toBeNull();
      expect(Object.keys(all.sessions[0]!)).toEqual([
        'id', 'userId', 'transport', 'label', 'state', 'createdAt', 'authenticatedAt', 'lastUsedAt', 'lastIp', 'lastUserAgent', 'accessExpiresAt', 'refreshExpiresAt', 'expiresAt',
        'absoluteExpiresAt', 'revokedAt', 'revocationReason', 'revokedBy', 'revocationNote', 'context',
      ]);
      const alice = json<Listed>(await withTables('sessions', 'list', '--user', 'alice', '--state', 'live', '--json'));
      expect(alice.sessions.map((session) => session.transport)).toEqual(['cookie', 'header']);

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Listed = json<Listed>(await withTables('sessions', 'list', '--limit', '4', '--json', ...(cursor === null ? [] : ['--cursor', cursor])));
        paged.push(...page.sessions.map((session) => session.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(paged).toEqual(all.sessions.map((session) => session.id));

      const text = await withTables('sessions', 'list', '--limit', '2');
      expect(text.stdout).toMatch(/^id +user +transport +state +created +last used +expires\n/);
      expect(text.stdout).toMatch(/More sessions: add --cursor \S+/);
      const everything = JSON.stringify(all) + text.stdout;
      for (const session of [expired, ...Object.values(issued).flat()]) {
        for (const token of [session.accessToken, session.refreshToken!]) {
          expect(everything).not.toContain(token);
          expect(everything).not.toContain(sha256(token));
        }
      }
      expect((await withTables('sessions', 'list', '--state', 'active')).code).toBe(2);
      expect((await withTables('sessions', 'list', '--limit', '0')).code).toBe(2);
      expect((await withTables('sessions', 'list', '--cursor', 'forged')).code).toBe(2);
    });

    it('sessions show prints one session, context and audit; an unknown id exits 1', async () => {
      const target = issued.alice![1]!;
      const shown = json<Record<string, unknown>>(await withTables('sessions', 'show', target.session.id, '--json'));
      expect(shown).toMatchObject({ id: target.session.id, userId: 'alice', transport: 'cookie', state: 'live', context: { device: "alice's cookie device" } });
      const text = await withTables('sessions', 'show', issued.carol![0]!.session.id);
      expect(text.stdout).toMatch(/state: +revoked/);
      expect(text.stdout).toMatch(/revocationReason: +logout/);
      const missing = await withTables('sessions', 'show', 'NoSuchSession123');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/No session with id "NoSuchSession123"/);
    });

    it('sessions revoke asks first: without a terminal and without --yes it refuses (exit 5) and changes nothing', async () => {
      const target = issued.alice![0]!;
      const refused = await withTables('sessions', 'revoke', target.session.id);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(/no terminal to ask on\. Pass --yes/);
      expect(await auth.authenticateToken(target.accessToken, 'header')).toMatchObject({ ok: true });

      const done = await withTables('sessions', 'revoke', target.session.id, '--yes', '--reason', 'credentials_changed', '--actor', 'ops@example.com', '--note', 'password reset');
      expect(done, done.stderr).toMatchObject({ code: 0, stdout: 'Revoked 1 session(s).\n' });
      expect(await auth.authenticateToken(target.accessToken, 'header')).toMatchObject({ ok: false, reason: 'revoked' });
      expect(json<object>(await withTables('sessions', 'show', target.session.id, '--json'))).toMatchObject({
        state: 'revoked',
        revocationReason: 'credentials_changed',
        revokedBy: 'ops@example.com',
        revocationNote: 'password reset',
      });
      const again = await withTables('sessions', 'revoke', target.session.id, '--yes');
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already revoked/);
    });

    it('sessions revoke --user [--except] ends a user’s sessions, recording the actor; bad input is a usage error', async () => {
      const [keep, end] = issued.bob!;
      const done = json<{ revoked: number }>(await withTables('sessions', 'revoke', '--user', 'bob', '--except', keep!.session.id, '--yes', '--json'));
      expect(done).toEqual({ revoked: 1 });
      expect(await auth.authenticateToken(end!.accessToken, 'header')).toMatchObject({ ok: false, reason: 'revoked' });
      expect(await auth.authenticateToken(keep!.accessToken, 'header')).toMatchObject({ ok: true });
      expect(await auth.findSession(end!.session.id)).toMatchObject({ revocationReason: 'admin', revokedBy: expect.stringMatching(/.+@.+/) });
      expect((await withTables('sessions', 'revoke', '--user', 'bob', '--reason', 'bored', '--yes')).code).toBe(2);
      expect((await withTables('sessions', 'revoke', '--yes')).code).toBe(2);
      expect((await withTables('sessions', 'revoke', keep!.session.id, '--user', 'bob', '--yes')).code).toBe(2);
    });

    it('prune --dry-run counts; prune deletes in batches with plain progress lines when not on a terminal', async () => {
      const before = json<{ sessions: { live: number; expired: number; revoked: number } }>(await withTables('status', '--json')).sessions;
      expect(before).toEqual({ live: 2, expired: 1, revoked: 3 });
      const dry = json<{ expiredSessions: number }>(await withTables('prune', '--dry-run', '--json'));
      // With the default 30 days of retention, the session that expired 30 days ago goes; the revocations stay.
      expect(dry).toMatchObject({ dryRun: true, expiredSessions: 1 });
      const pruned = await withTables('prune', '--batch', '1', '--audit-retention', 'none');
      expect(pruned, pruned.stderr).toMatchObject({ code: 0 });
      expect(pruned.stdout).toMatch(/^Deleted 4 session\(s\)/);
      expect(pruned.stderr).toMatch(/^prune: batch 1: 1 sessions/m);
      expect(pruned.stderr).not.toMatch(/\u001b\[/); // no terminal escapes in a log
      expect(json<{ sessions: object }>(await withTables('status', '--json')).sessions).toEqual({ live: 2, expired: 0, revoked: 0 });
    });
  });
});
