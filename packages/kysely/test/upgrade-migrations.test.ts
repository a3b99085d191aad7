import { createHash } from 'node:crypto';
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthentifyMigrations, createKyselySessionStorage, type KyselyDialectName, migrateAuthentify } from '../src/index.js';
import { toSessionRow } from '../src/schema/session-row.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { Migrator } from './support/kysely-migrator.js';
import { dropTables, migrationTestDb, testTables } from './support/test-databases.js';

/**
 * Upgrading a database that has only migration 0001 — as the previous release (0.1) left it, with
 * sessions issued, some of them already refreshed — to the latest schema with
 * `migrateAuthentify`: every session still authenticates, refreshes and replays afterwards, a
 * token rotated away before the upgrade is still recognised when it is reused, and the columns
 * of later migrations fill in as sessions are used. Sessions issued and revoked before migration
 * 0004 (the revocation audit) are found by the operators' search, keep their revocation without
 * an actor, and can be revoked in bulk with one afterwards.
 *
 * And upgrading from the previous release (migrations 0001–0004) to 0005 (step-up columns) with
 * live sessions: each keeps authenticating and refreshing, counts as authenticated at its login,
 * and can be labelled and re-authenticated; a row that a previous-release instance inserts after
 * the upgrade (without the new columns, as in a rolling deploy) works the same.
 */
const available: Record<KyselyDialectName, boolean> = {
  sqlite: true,
  postgres: await serverAvailable(postgresServer),
  mysql: await serverAvailable(mysqlServer),
};

const SESSIONS = 25;
const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const connect = (dialect: KyselyDialectName) => migrationTestDb(dialect, 4);

describe.each(['sqlite', 'postgres', 'mysql'] as const)('upgrading from migration 0001 (release 0.1) on %s', (dialect) => {
  const names = testTables(`afy_upgrade_${dialect}`);
  let connection: ReturnType<typeof connect>;

  describe.skipIf(!available[dialect])('', () => {
    beforeAll(async () => {
      connection = connect(dialect);
      await dropTables(connection.db, names);
    });
    afterAll(async () => {
      await dropTables(connection.db, names);
      await connection.close();
    });

    it('keeps every session working: authenticate, refresh and replay after migrateAuthentify', async () => {
      const { db } = connection;
      const first = createAuthentifyMigrations({ tables: names.tables })['0001_create_session_tables']!;
      const previous = await new Migrator({
        db,
        provider: { getMigrations: async () => ({ '0001_create_session_tables': first }) },
        ...names.migration,
      }).migrateToLatest();
      expect(previous.error).toBeUndefined();
      expect(await columnsOf(db, names.tables.rotatedRefreshTokens)).not.toContain('sealed_replay');

      // Sessions as the previous release wrote them: real tokens, issued by core, stored as rows
      // with only the columns 0001 defines (the current storage writes columns of later migrations).
      const clock = createTestClock(Date.now());
      const issuer = new MemorySessionStorage();
      const issuing = createAuthentify({ storage: issuer, clock, refreshReuseGrace: '10s' });
      const issueAsRelease01 = async (userId: string) => {
        const session = await issuing.issueSession({ userId, transport: 'header' });
        const row01 = (({ last_ip, last_user_agent, revoked_by, revocation_note, authenticated_at, label, ...row }) => row)(
          toSessionRow((await issuer.findSessionById(session.session.id))!),
        );
        await (db as Kysely<Record<string, typeof row01>>).insertInto(names.tables.sessions).values(row01).execute();
        return session;
      };
      const issued = [];
      for (let index = 0; index < SESSIONS + 1; index++) issued.push(await issueAsRelease01(`upgrade-user-${index % 5}`));
      const storage = createKyselySessionStorage({ db, tables: names.tables });
      const auth = createAuthentify({ storage, clock, refreshReuseGrace: '10s', lastUsedInterval: '1m' });
      // One session that the previous release had already refreshed, written as 0001 defines the
      // rotated row: the token it replaced (here: a real token whose own session is gone) is
      // recorded as rotated a minute ago, with no replay columns at all.
      const [victim, donor] = [issued[0]!, issued.pop()!];
      await sql`delete from ${sql.table(names.tables.sessions)} where id = ${donor.session.id}`.execute(db);
      await sql`
        insert into ${sql.table(names.tables.rotatedRefreshTokens)} (digest, session_id, rotated_at, token_expires_at)
        values (${sha256(donor.refreshToken!)}, ${victim.session.id}, ${clock() - 60_000}, ${clock() + 86_400_000})
      `.execute(db);
      // Revoked and retained for audit by the previous release, which knew no actor or note.
      const revokedBefore = await issueAsRelease01('upgrade-revoked');
      await sql`
        update ${sql.table(names.tables.sessions)} set revoked_at = ${clock()}, revocation_reason = 'logout'
        where id = ${revokedBefore.session.id}
      `.execute(db);
      expect(await storage.findSessionById(revokedBefore.session.id)).toMatchObject({ revocationReason: 'logout', revokedBy: null });
      let authenticatedBefore = 0;
      for (const session of issued) if ((await auth.authenticate(bearer(session.accessToken))).ok) authenticatedBefore++;

      const ran = await migrateAuthentify(db, { tables: names.tables, ...names.migration });
      expect(ran.map((result) => [result.migrationName, result.status])).toEqual([
        ['0002_add_refresh_replay_columns', 'Success'],
        ['0003_add_session_client_columns', 'Success'],
        ['0004_add_revocation_audit', 'Success'],
        ['0005_add_session_step_up_columns', 'Success'],
        ['0006_add_api_key_columns', 'Success'],
        ['0007_add_session_change_log', 'Success'],
        ['0008_add_live_replay_index', 'Success'],
      ]);
      // Migration 0005's backfill: every session from before it counts as authenticated at login —
      // in the column itself, not only through the storage's reading of a NULL.
      const { rows: unfilled } = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.table(names.tables.sessions)}
        where authenticated_at is null or authenticated_at <> created_at
      `.execute(db);
      expect(Number(unfilled[0]!.n)).toBe(0);
      for (const session of [...issued, revokedBefore]) {
        const record = (await storage.findSessionById(session.session.id))!;
        expect(record.authenticatedAt).toEqual(record.createdAt);
        expect(record.label).toBeNull();
      }
      expect(await columnsOf(db, names.tables.sessions)).toEqual(expect.arrayContaining(['revoked_by', 'revocation_note']));
      expect(await storage.findSessionById(revokedBefore.session.id)).toMatchObject({
        revocationReason: 'logout',
        revokedBy: null,
        revocationNote: null,
      });
      expect(await columnsOf(db, names.tables.rotatedRefreshTokens)).toEqual(expect.arrayContaining(['sealed_replay', 'replay_expires_at']));
      expect(await columnsOf(db, names.tables.sessions)).toEqual(expect.arrayContaining(['last_ip', 'last_user_agent']));
      // Sessions from before 0003 know no client yet; their next recorded use fills it in.
      expect(await storage.findSessionById(victim.session.id)).toMatchObject({ lastIp: null, lastUserAgent: null });
      clock.advance('2m');
      const fromAPhone = { ...bearer(victim.accessToken), remoteAddress: '::ffff:192.0.2.44' };
      expect(await auth.authenticate(fromAPhone)).toMatchObject({ ok: true, session: { lastIp: '192.0.2.44' } });
      expect(await storage.findSessionById(victim.session.id)).toMatchObject({ lastIp: '192.0.2.44', lastUserAgent: null });

      const handedOut = issued.flatMap((session) => [session.accessToken, session.refreshToken!]);
      const counts = { authenticated: 0, refreshed: 0, replayed: 0, newPairAuthenticated: 0, preUpgradeReuseDetected: 0 };
      for (const session of issued.slice(1)) {
        if ((await auth.authenticate(bearer(session.accessToken))).ok) counts.authenticated++;
        const refreshed = await auth.refresh(session.refreshToken!, 'header');
        if (!refreshed.ok) continue;
        counts.refreshed++;
        handedOut.push(refreshed.accessToken, refreshed.refreshToken);
        clock.advance('1s');
        const retry = await auth.refresh(session.refreshToken!, 'header');
        if (retry.ok && retry.replayed && retry.accessToken === refreshed.accessToken && retry.refreshToken === refreshed.refreshToken) {
          counts.replayed++;
        }
        if ((await auth.authenticate(bearer(refreshed.accessToken))).ok) counts.newPairAuthenticated++;
      }
      // The token rotated away before the upgrade, reused long after: theft, as before.
      expect(await auth.authenticate(bearer(victim.accessToken))).toMatchObject({ ok: true });
      const reuse = await auth.refresh(donor.refreshToken!, 'header');
      if (!reuse.ok && reuse.reason === 'refresh_token_reused' && reuse.sessionId === victim.session.id) counts.preUpgradeReuseDetected++;
      expect(await auth.authenticate(bearer(victim.accessToken))).toMatchObject({ ok: false });

      console.log(
        `[${dialect}] upgrade 0001 → latest: ${authenticatedBefore}/${SESSIONS} sessions authenticated before; after: ` +
          `${counts.authenticated} authenticated, ${counts.refreshed} refreshed, ${counts.replayed} replayed the same pair, ` +
          `${counts.newPairAuthenticated} new pairs authenticated, ${counts.preUpgradeReuseDetected} pre-upgrade rotated token reuse detected`,
      );
      expect(authenticatedBefore).toBe(SESSIONS);
      expect(counts).toEqual({
        authenticated: SESSIONS - 1,
        refreshed: SESSIONS - 1,
        replayed: SESSIONS - 1,
        newPairAuthenticated: SESSIONS - 1,
        preUpgradeReuseDetected: 1,
      });
      expect(await migrateAuthentify(db, { tables: names.tables, ...names.migration })).toEqual([]);

      // The operators' queries see every pre-upgrade session, and a bulk revocation records its actor.
      const now = new Date(clock());
      expect(await storage.countSessionsByState({}, now)).toEqual({ live: SESSIONS - 1, expired: 0, revoked: 1 });
      const userFour = issued.filter((session) => session.session.userId === 'upgrade-user-4');
      const found = await storage.searchSessions({ userId: 'upgrade-user-4' }, { now, limit: 100, after: null });
      expect(found.map((record) => record.id).sort()).toEqual(userFour.map((session) => session.session.id).sort());
      const revocation = { at: now, reason: 'admin' as const, retain: true, actor: 'ops@example.com', note: 'after the upgrade' };
      expect(await storage.revokeMatchingSessions({ userId: 'upgrade-user-4' }, revocation, { now })).toHaveLength(userFour.length);
      for (const session of userFour) {
        expect(await auth.authenticate(bearer(session.accessToken))).toMatchObject({ ok: false });
        expect(await storage.findSessionById(session.session.id)).toMatchObject({ revokedBy: 'ops@example.com', revocationNote: 'after the upgrade' });
      }

      // What the database holds — digests and sealed replays — contains no token handed out.
      const everything = JSON.stringify([
        ...(await sql`select * from ${sql.table(names.tables.sessions)}`.execute(db)).rows,
        ...(await sql`select * from ${sql.table(names.tables.rotatedRefreshTokens)}`.execute(db)).rows,
      ]);
      expect(everything).toContain('v1.'); // the replays are there…
      for (const token of handedOut) expect(everything).not.toContain(token.slice(7)); // …and no token
    });
  });
});

describe.each(['sqlite', 'postgres', 'mysql'] as const)('upgrading from migration 0004 (the previous release) to 0005 on %s', (dialect) => {
  const names = testTables(`afy_upgrade5_${dialect}`);
  let connection: ReturnType<typeof connect>;

  describe.skipIf(!available[dialect])('', () => {
    beforeAll(async () => {
      connection = connect(dialect);
      await dropTables(connection.db, names);
    });
    afterAll(async () => {
      await dropTables(connection.db, names);
      await connection.close();
    });

    it('keeps every live session authenticating and refreshing, authenticated at its login', async () => {
      const { db } = connection;
      const all = createAuthentifyMigrations({ tables: names.tables });
      const previousRelease = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0005'));
      expect(Object.keys(previousRelease)).toHaveLength(4);
      const previous = await new Migrator({ db, provider: { getMigrations: async () => previousRelease }, ...names.migration }).migrateToLatest();
      expect(previous.error).toBeUndefined();
      expect(await columnsOf(db, names.tables.sessions)).not.toContain('authenticated_at');

      const clock = createTestClock(Date.now());
      const issuer = new MemorySessionStorage();
      const issuing = createAuthentify({ storage: issuer, clock });
      // A row exactly as the previous release writes it: every column of 0001–0004, none of 0005.
      const insertAsPreviousRelease = async (userId: string) => {
        clock.advance('1s'); // distinct login times, so the backfill is seen to copy each row's own
        const session = await issuing.issueSession({ userId, transport: 'header' });
        const row = (({ authenticated_at, label, ...rest }) => rest)(toSessionRow((await issuer.findSessionById(session.session.id))!));
        await (db as Kysely<Record<string, typeof row>>).insertInto(names.tables.sessions).values(row).execute();
        return session;
      };
      const issued = [];
      for (let index = 0; index < SESSIONS; index++) issued.push(await insertAsPreviousRelease(`upgrade5-user-${index % 5}`));
      const storage = createKyselySessionStorage({ db, tables: names.tables });
      const auth = createAuthentify({ storage, clock, lastUsedInterval: '1m' });
      let authenticatedBefore = 0;
      for (const session of issued) if ((await auth.authenticate(bearer(session.accessToken))).ok) authenticatedBefore++;

      const ran = await migrateAuthentify(db, { tables: names.tables, ...names.migration });
      expect(ran.map((result) => [result.migrationName, result.status])).toEqual([
        ['0005_add_session_step_up_columns', 'Success'],
        ['0006_add_api_key_columns', 'Success'],
        ['0007_add_session_change_log', 'Success'],
        ['0008_add_live_replay_index', 'Success'],
      ]);
      expect(await columnsOf(db, names.tables.sessions)).toEqual(expect.arrayContaining(['authenticated_at', 'label']));
      // A previous-release instance still running during a rolling deploy inserts without the new columns.
      issued.push(await insertAsPreviousRelease('upgrade5-rolling'));

      clock.advance('2m');
      const counts = { authenticated: 0, authenticatedAtLogin: 0, refreshed: 0, newPairAuthenticated: 0, labelled: 0, reauthenticated: 0 };
      for (const session of issued) {
        const result = await auth.authenticate(bearer(session.accessToken));
        if (result.ok) counts.authenticated++;
        if (result.ok && result.session.authenticatedAt.getTime() === session.session.createdAt.getTime()) counts.authenticatedAtLogin++;
        const refreshed = await auth.refresh(session.refreshToken!, 'header');
        if (!refreshed.ok) continue;
        counts.refreshed++;
        if ((await auth.authenticate(bearer(refreshed.accessToken))).ok) counts.newPairAuthenticated++;
        const labelled = await storage.updateSession(session.session.id, { label: 'Upgraded phone' });
        if (labelled?.label === 'Upgraded phone') counts.labelled++;
        const reauthenticatedAt = new Date(clock());
        const stepUp = await storage.updateSession(session.session.id, { authenticatedAt: reauthenticatedAt });
        if (stepUp?.authenticatedAt.getTime() === reauthenticatedAt.getTime() && stepUp.label === 'Upgraded phone') counts.reauthenticated++;
      }
      console.log(
        `[${dialect}] upgrade 0004 → 0005: ${authenticatedBefore}/${SESSIONS} sessions authenticated before; after (with 1 inserted by ` +
          `the previous release after the upgrade): ${counts.authenticated} authenticated, ${counts.authenticatedAtLogin} authenticated at ` +
          `login, ${counts.refreshed} refreshed, ${counts.newPairAuthenticated} new pairs authenticated, ${counts.labelled} labelled, ` +
          `${counts.reauthenticated} re-authenticated`,
      );
      expect(authenticatedBefore).toBe(SESSIONS);
      const total = SESSIONS + 1;
      expect(counts).toEqual({ authenticated: total, authenticatedAtLogin: total, refreshed: total, newPairAuthenticated: total, labelled: total, reauthenticated: total });
      expect(await migrateAuthentify(db, { tables: names.tables, ...names.migration })).toEqual([]);
    });
  });
});

async function columnsOf(db: Kysely<unknown>, table: string): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  return tables.find((candidate) => candidate.name === table)?.columns.map((column) => column.name) ?? [];
}
