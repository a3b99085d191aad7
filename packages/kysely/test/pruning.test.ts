import { createAuthentify, type SessionRecord } from '@authentify/core';
import { expiredSessionRecord, sessionRecord, uniqueUserId } from '@authentify/core/testing';
import { type CompiledQuery, Kysely, type LogEvent, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage, type KyselyDialectName, type KyselySessionStorage, type SqliteDatabase } from '../src/index.js';
import { toSessionRow } from '../src/schema/session-row.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { dropTables, freshTables, mysqlDb, postgresDb, sqliteDb, testTables } from './support/test-databases.js';

/**
 * Pruning a large table: in bounded batches found through the pruning indexes, while
 * verification keeps being answered.
 */
const available: Record<KyselyDialectName, boolean> = {
  sqlite: true,
  postgres: await serverAvailable(postgresServer),
  mysql: await serverAvailable(mysqlServer),
};
const DAY = 86_400_000;
const open = { singleLogin: false, sessionLimit: null, revocation: { at: new Date(0), reason: 'revoked', retain: true } } as const;

/** A Kysely on `dialect` that records every query it runs, for EXPLAIN. */
function connect(
  dialect: KyselyDialectName,
  log: CompiledQuery[],
): { db: Kysely<unknown>; close: () => Promise<void>; extra: { sqliteDatabase?: SqliteDatabase } } {
  const record = (event: LogEvent) => void (event.level === 'query' && log.push(event.query));
  if (dialect === 'sqlite') {
    const database = sqliteDb();
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: database.database }), log: record });
    return { db, close: async () => (await db.destroy(), database.remove()), extra: { sqliteDatabase: database.database } };
  }
  if (dialect === 'postgres') {
    const { pool } = postgresDb({ pool: { max: 4 } });
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }), log: record });
    return { db, close: () => db.destroy(), extra: {} };
  }
  const { pool } = mysqlDb({ pool: { connectionLimit: 4 } });
  const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool }), log: record });
  return { db, close: () => db.destroy(), extra: {} };
}

/** Inserts `records` in multi-row statements, far faster than one login at a time. */
async function bulkInsert(db: Kysely<unknown>, table: string, records: SessionRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += 500) {
    const rows = records.slice(start, start + 500).map(toSessionRow);
    await db.withTables<Record<string, ReturnType<typeof toSessionRow>>>().insertInto(table).values(rows).execute();
  }
}

describe.each(['sqlite', 'postgres', 'mysql'] as const)('pruning on %s', (dialect) => {
  describe.skipIf(!available[dialect])('', () => {
    const names = testTables(`afy_pruning_${dialect}`);
    const log: CompiledQuery[] = [];
    let connection: ReturnType<typeof connect>;
    let storage: KyselySessionStorage;
    const now = Date.now();

    beforeAll(async () => {
      connection = connect(dialect, log);
      await freshTables(connection.db, names);
      storage = createKyselySessionStorage({ db: connection.db, tables: names.tables, ...connection.extra });
    }, 60_000);
    afterAll(async () => {
      await dropTables(connection.db, names);
      await connection.close();
    });

    it('finds the sessions of a batch through the pruning indexes, also after ANALYZE has seen mostly live rows', async () => {
      // Mostly live sessions, a few expired and a few revoked: what a real table looks like.
      const users = Array.from({ length: 200 }, () => uniqueUserId());
      const records = Array.from({ length: 6_000 }, (_, index) => {
        const userId = users[index % users.length]!;
        if (index % 20 === 0) return expiredSessionRecord(now, DAY, { userId });
        if (index % 20 === 1) return sessionRecord(now, { userId, revokedAt: new Date(now - DAY), revocationReason: 'logout' });
        return sessionRecord(now, { userId });
      });
      await bulkInsert(connection.db, names.tables.sessions, records);
      await sql.raw(dialect === 'mysql' ? `analyze table ${names.tables.sessions}` : `analyze ${names.tables.sessions}`).execute(connection.db);

      // Through Kysely, whose queries the log shows; with `sqliteDatabase` the same conditions run
      // as prepared statements, bounded by time as well (sqlite-pruning.test.ts).
      const storage = createKyselySessionStorage({ db: connection.db, tables: names.tables });
      log.length = 0;
      expect(await storage.deleteEndedSessions({ endedBefore: new Date(now), limit: 100 })).toBe(100);
      const searches = log.filter((query) => /^select/i.test(query.sql) && /[`"]?(expires|revoked)_at[`"]?\s*<=/.test(query.sql));
      expect(searches.length).toBeGreaterThanOrEqual(1);
      expect(await storage.deleteEndedSessions({ endedBefore: new Date(now), limit: 1_000 })).toBe(500);
      log.length = 0;
      expect(await storage.deleteEndedSessions({ endedBefore: new Date(now), limit: 1_000 })).toBe(0);
      const lastBatch = log.filter((query) => /^select/i.test(query.sql));
      expect(lastBatch).toHaveLength(2); // expired, then revoked
      for (const query of lastBatch) {
        const plan = await explain(connection.db, dialect, query);
        expect(plan).toMatch(dialect === 'sqlite' ? /USING INDEX \S+_(expires|revoked)_at_idx/ : /_(expires|revoked)_at_idx/);
        expect(plan).not.toMatch(/SCAN afy_|Seq Scan|"type":"ALL"/);
      }
    });

    it('prunes 10,000 ended sessions in batches while verification keeps answering', async () => {
      const auth = createAuthentify({ storage, accessTtl: '1h', refreshTtl: null });
      const live = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
      await bulkInsert(
        connection.db,
        names.tables.sessions,
        Array.from({ length: 10_000 }, () => expiredSessionRecord(now, DAY)),
      );

      let batchesDone = 0;
      let pruning = true;
      const verifiedDuringBatch = new Set<number>();
      const prune = auth.pruneSessions({ batchSize: 1_000, onProgress: (p) => void (batchesDone = p.batches) }).finally(() => (pruning = false));
      const deadline = Date.now() + 30_000;
      while (pruning && Date.now() < deadline) {
        // Requests arrive as I/O events: let timers (the prune's pause between batches) run too.
        await new Promise((resolve) => setImmediate(resolve));
        const result = await auth.authenticateToken(live.accessToken, 'header');
        expect(result.ok).toBe(true);
        if (pruning) verifiedDuringBatch.add(batchesDone);
      }
      const progress = await prune;
      expect(progress.deletedSessions).toBe(10_000);
      expect(progress.batches).toBeGreaterThanOrEqual(11);
      // Verification was answered between the batches, not only before or after the prune.
      expect(verifiedDuringBatch.size).toBeGreaterThanOrEqual(5);
      expect(await storage.findSessionById(live.session.id)).not.toBeNull();
      await storage.createSession(sessionRecord(now), open);
    }, 60_000);
  });
});

async function explain(db: Kysely<unknown>, dialect: KyselyDialectName, query: CompiledQuery): Promise<string> {
  const prefix = dialect === 'sqlite' ? 'explain query plan ' : dialect === 'mysql' ? 'explain format=json ' : 'explain ';
  const { rows } = await db.executeQuery({ ...query, sql: prefix + query.sql.replace(/\s+for update$/i, '') });
  return JSON.stringify(rows);
}
