import type { SessionRecord } from '@authentify/core';
import { randomDigest, sessionRecord } from '@authentify/core/testing';
import { DefaultQueryCompiler, type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKyselySessionStorage, type KyselySessionStorage } from '../src/index.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { dropTables, freshTables, mysqlDb, postgresDb, sqliteDb, testTables } from './support/test-databases.js';

/**
 * Verification — `findSessionByAccessDigest`, once per request — builds and compiles no query per
 * call, and with better-sqlite3 prepares its statement once.
 */
const available = { postgres: await serverAvailable(postgresServer), mysql: await serverAvailable(mysqlServer) };
const names = testTables('afy_hot_path');
const open = { singleLogin: false, sessionLimit: null, revocation: { at: new Date(0), reason: 'revoked', retain: true } } as const;
const LOOKUPS = 200;

afterEach(() => {
  vi.restoreAllMocks();
});

/** Looks up `LOOKUPS` digests (half of them unknown) while counting Kysely query compilations. */
async function lookUpCountingCompilations(storage: KyselySessionStorage, records: SessionRecord[]): Promise<number> {
  const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
  for (let index = 0; index < LOOKUPS; index++) {
    const record = records[index % records.length]!;
    if (index % 2 === 0) expect(await storage.findSessionByAccessDigest(record.accessDigest)).toEqual(record);
    else expect(await storage.findSessionByAccessDigest(randomDigest())).toBeNull();
  }
  const compilations = compile.mock.calls.length;
  compile.mockRestore();
  return compilations;
}

/** The control: the spy does see compilations — any other method compiles its query per call. */
async function expectOtherMethodsToCompile(storage: KyselySessionStorage, record: SessionRecord): Promise<void> {
  const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
  await storage.findSessionById(record.id);
  expect(compile).toHaveBeenCalledTimes(1);
}

async function insertSessions(storage: KyselySessionStorage, count: number): Promise<SessionRecord[]> {
  const records = Array.from({ length: count }, () => sessionRecord(Date.now()));
  for (const record of records) await storage.createSession(record, open);
  return records;
}

describe('on SQLite', () => {
  let database: ReturnType<typeof sqliteDb>;
  beforeAll(async () => {
    database = sqliteDb();
    await freshTables(database.db, names);
  });
  afterAll(async () => {
    await database.db.destroy();
    database.remove();
  });

  it('with sqliteDatabase, prepares the lookup statement once and compiles no query per call', async () => {
    const prepare = vi.spyOn(database.database, 'prepare');
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const records = await insertSessions(storage, 5);
    prepare.mockClear();
    expect(await lookUpCountingCompilations(storage, records)).toBe(0);
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(prepare.mock.calls[0]?.[0]).toMatch(/^select \* from "afy_hot_path_sessions" where "access_digest" = \?$/);
    await expectOtherMethodsToCompile(storage, records[0]!);
  });

  it('without sqliteDatabase, compiles no query per call (Kysely’s driver still prepares each one)', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables });
    const records = await insertSessions(storage, 5);
    expect(await lookUpCountingCompilations(storage, records)).toBe(0);
    await expectOtherMethodsToCompile(storage, records[0]!);
  });

  it('never reads what an open transaction on the same connection has not committed', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const [record] = await insertSessions(storage, 1);
    const replacement = randomDigest();
    let oldDigestLookup: Promise<SessionRecord | null> | undefined;
    let newDigestLookup: Promise<SessionRecord | null> | undefined;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`update ${sql.table(names.tables.sessions)} set access_digest = ${replacement} where id = ${record!.id}`.execute(trx);
        expect(database.database.inTransaction).toBe(true);
        oldDigestLookup = storage.findSessionByAccessDigest(record!.accessDigest);
        newDigestLookup = storage.findSessionByAccessDigest(replacement);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await oldDigestLookup).toEqual(record);
    expect(await newDigestLookup).toBeNull();
  });
});

describe.each([
  ['Postgres', 'postgres'],
  ['MariaDB/MySQL', 'mysql'],
] as const)('on %s', (_name, dialect) => {
  describe.skipIf(!available[dialect])('', () => {
    let db: Kysely<unknown>;
    beforeAll(async () => {
      db = dialect === 'postgres' ? postgresDb({ pool: { max: 2 } }).db : mysqlDb({ pool: { connectionLimit: 2 } }).db;
      await freshTables(db, names);
    });
    afterAll(async () => {
      await dropTables(db, names);
      await db.destroy();
    });

    it('compiles no query per call', async () => {
      const storage = createKyselySessionStorage({ db, tables: names.tables });
      const records = await insertSessions(storage, 5);
      expect(await lookUpCountingCompilations(storage, records)).toBe(0);
      await expectOtherMethodsToCompile(storage, records[0]!);
    });
  });
});

describe.skipIf(!available.postgres)('on Postgres with postgresPool', () => {
  let database: ReturnType<typeof postgresDb>;
  beforeAll(async () => {
    // One connection, so the statement cache the test inspects is the one every lookup used.
    database = postgresDb({ pool: { max: 1 } });
    await freshTables(database.db, names);
  });
  afterAll(async () => {
    await dropTables(database.db, names);
    await database.db.destroy();
  });

  it('runs the lookup as one named statement, prepared once on the connection, compiling nothing per call', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, postgresPool: database.pool });
    const records = await insertSessions(storage, 5);
    expect(await lookUpCountingCompilations(storage, records)).toBe(0);
    const { rows } = await database.pool.query<{ name: string; statement: string }>(
      "select name, statement from pg_prepared_statements where name like 'authentify_access_lookup_%'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.statement).toMatch(/^select \* from "afy_hot_path_sessions" where "access_digest" = \$1$/);
    await expectOtherMethodsToCompile(storage, records[0]!);
  });

  it('runs the writes as named statements too, compiling nothing once each has run', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, postgresPool: database.pool });
    const revocation = { at: new Date(), reason: 'single_login', retain: true } as const;
    const round = async (userId: string) => {
      const now = Date.now();
      const first = sessionRecord(now, { userId });
      const second = sessionRecord(now + 1, { userId });
      await storage.createSession(first, open);
      expect(await storage.createSession(second, { singleLogin: true, sessionLimit: null, revocation })).toEqual({ created: true, revokedSessionIds: [first.id] });
      const rotation = {
        accessDigest: randomDigest(),
        refreshDigest: randomDigest(),
        accessExpiresAt: new Date(now + 60_000),
        refreshExpiresAt: new Date(now + 3_600_000),
        expiresAt: new Date(now + 3_600_000),
        lastUsedAt: new Date(now + 2),
        lastIp: '10.0.0.2',
        lastUserAgent: 'test',
        rotatedAt: new Date(now + 2),
        replay: { sealed: 'sealed-pair', expiresAt: new Date(now + 30_000) },
      };
      expect(await storage.rotateTokens(second.id, second.refreshDigest!, rotation)).toMatchObject({ id: second.id, lastIp: '10.0.0.2' });
      expect(await storage.rotateTokens(second.id, second.refreshDigest!, rotation)).toBeNull();
      const activity = { lastUsedAt: new Date(now + 3), lastIp: '10.0.0.3', lastUserAgent: 'later', accessExpiresAt: null, refreshExpiresAt: null, expiresAt: null };
      expect(await storage.recordActivity(second.id, rotation.accessDigest, activity)).toBe(true);
      expect(await storage.revokeSession(second.id, { ...revocation, reason: 'logout' }, { userId })).toMatchObject({ id: second.id, lastIp: '10.0.0.3' });
      expect(await storage.revokeSessionsOfUser(userId, { ...revocation, reason: 'logout_everywhere' }, {})).toEqual([]);
    };
    await round('named-writes-1');
    const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
    await round('named-writes-2');
    expect(compile).not.toHaveBeenCalled();
    const { rows } = await database.pool.query<{ name: string }>("select name from pg_prepared_statements where name like 'authentify_%' order by name");
    expect(rows.map((row) => row.name.replace(/_[0-9a-f]{8}$/, ''))).toEqual(
      expect.arrayContaining(['authentify_insert_session', 'authentify_live_sessions', 'authentify_locked_session', 'authentify_rotate_session', 'authentify_write_activity', 'authentify_user_lock_v1']),
    );
  });

  it('is refused for another dialect, naming the option', async () => {
    const sqlite = sqliteDb();
    try {
      expect(() => createKyselySessionStorage({ db: sqlite.db, postgresPool: database.pool })).toThrow(
        expect.objectContaining({ code: 'invalid_configuration', option: 'postgresPool' }),
      );
    } finally {
      await sqlite.db.destroy();
      sqlite.remove();
    }
  });
});
