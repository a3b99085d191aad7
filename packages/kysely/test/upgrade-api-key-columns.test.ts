import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthentifyMigrations, createKyselySessionStorage, type KyselyDialectName, migrateAuthentify } from '../src/index.js';
import { toSessionRow } from '../src/schema/session-row.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { Migrator } from './support/kysely-migrator.js';
import { dropTables, migrationTestDb, testTables } from './support/test-databases.js';

/**
 * Upgrading from the previous release (migrations 0001–0005) to 0006 (API key columns) with live
 * sessions: each keeps authenticating and refreshing, reads as a login's session without scopes,
 * and stays a device; API keys can be created at once, and logging the user out everywhere ends
 * the old sessions but not the new key. A row that a previous-release instance inserts after the
 * upgrade (without the new columns, as in a rolling deploy) works the same.
 */
const available: Record<KyselyDialectName, boolean> = {
  sqlite: true,
  postgres: await serverAvailable(postgresServer),
  mysql: await serverAvailable(mysqlServer),
};

const SESSIONS = 25;
const USERS = 5;
const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });

describe.each(['sqlite', 'postgres', 'mysql'] as const)('upgrading from migration 0005 (the previous release) to 0006 on %s', (dialect) => {
  const names = testTables(`afy_upgrade6_${dialect}`);
  let connection: ReturnType<typeof migrationTestDb>;

  describe.skipIf(!available[dialect])('', () => {
    beforeAll(async () => {
      connection = migrationTestDb(dialect, 4);
      await dropTables(connection.db, names);
    });
    afterAll(async () => {
      await dropTables(connection.db, names);
      await connection.close();
    });

    it('keeps every live session authenticating and refreshing as a session; API keys work at once and outlive logout-all', async () => {
      const { db } = connection;
      const all = createAuthentifyMigrations({ tables: names.tables });
      const previousRelease = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006'));
      expect(Object.keys(previousRelease)).toHaveLength(5);
      const previous = await new Migrator({ db, provider: { getMigrations: async () => previousRelease }, ...names.migration }).migrateToLatest();
      expect(previous.error).toBeUndefined();

      const clock = createTestClock(Date.now());
      const issuer = new MemorySessionStorage();
      const issuing = createAuthentify({ storage: issuer, clock });
      // A row exactly as the previous release writes it: every column of 0001–0005, none of 0006.
      const insertAsPreviousRelease = async (userId: string) => {
        clock.advance('1s');
        const session = await issuing.issueSession({ userId, transport: 'header' });
        const record = (await issuer.findSessionById(session.session.id))!;
        const row = (({ kind, scopes, created_by, display_hint, ...rest }) => rest)(toSessionRow(record));
        await (db as Kysely<Record<string, typeof row>>).insertInto(names.tables.sessions).values(row).execute();
        return session;
      };
      const issued = [];
      for (let index = 0; index < SESSIONS; index++) issued.push(await insertAsPreviousRelease(`upgrade6-user-${index % USERS}`));

      const ran = await migrateAuthentify(db, { tables: names.tables, ...names.migration });
      expect(ran.map((result) => [result.migrationName, result.status])).toEqual([
        ['0006_add_api_key_columns', 'Success'],
        ['0007_add_session_change_log', 'Success'],
        ['0008_add_live_replay_index', 'Success'],
      ]);
      issued.push(await insertAsPreviousRelease('upgrade6-user-rolling'));

      const storage = createKyselySessionStorage({ db, tables: names.tables });
      const auth = createAuthentify({ storage, clock, lastUsedInterval: '1m' });
      clock.advance('2m');
      const counts = { authenticated: 0, asSession: 0, refreshed: 0, newPairAuthenticated: 0, listedAsDevice: 0 };
      for (const session of issued) {
        const result = await auth.authenticate(bearer(session.accessToken));
        if (result.ok) counts.authenticated++;
        if (result.ok && result.session.kind === 'session' && result.session.scopes === null) counts.asSession++;
        const refreshed = await auth.refresh(session.refreshToken!, 'header');
        if (!refreshed.ok) continue;
        counts.refreshed++;
        if ((await auth.authenticate(bearer(refreshed.accessToken))).ok) counts.newPairAuthenticated++;
        if ((await auth.listSessionsOfUser(session.session.userId)).some((listed) => listed.id === session.session.id)) counts.listedAsDevice++;
      }

      const keys = { created: 0, authenticated: 0, survivedLogoutAll: 0, sessionsEnded: 0 };
      const userIds = [...new Set(issued.map((session) => session.session.userId))];
      for (const userId of userIds) {
        const { apiKey } = await auth.createApiKey(userId, { name: 'After the upgrade', scopes: ['read'] });
        keys.created++;
        if ((await auth.authenticate(bearer(apiKey))).ok) keys.authenticated++;
        keys.sessionsEnded += await auth.revokeAllSessionsOfUser(userId);
        if ((await auth.authenticate(bearer(apiKey))).ok) keys.survivedLogoutAll++;
      }
      console.log(
        `[${dialect}] upgrade 0005 → 0006: of ${issued.length} sessions (1 inserted by the previous release after the upgrade): ` +
          `${counts.authenticated} authenticated, ${counts.asSession} as sessions without scopes, ${counts.refreshed} refreshed, ` +
          `${counts.newPairAuthenticated} new pairs authenticated, ${counts.listedAsDevice} listed as devices; ${keys.created} API keys ` +
          `created, ${keys.authenticated} authenticated, ${keys.sessionsEnded} sessions ended by logout-all, ${keys.survivedLogoutAll} keys kept working`,
      );
      const total = SESSIONS + 1;
      expect(counts).toEqual({ authenticated: total, asSession: total, refreshed: total, newPairAuthenticated: total, listedAsDevice: total });
      expect(keys).toEqual({ created: userIds.length, authenticated: userIds.length, survivedLogoutAll: userIds.length, sessionsEnded: total });
      expect(await migrateAuthentify(db, { tables: names.tables, ...names.migration })).toEqual([]);
    });
  });
});
