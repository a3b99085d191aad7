import type { SessionRecord } from '@authentify/core';
import { randomDigest, sessionRecord } from '@authentify/core/testing';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage, type KyselySessionStorage } from '../src/index.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { dropTables, freshTables, mysqlDb, postgresDb, sqliteDb, testTables } from './support/test-databases.js';

/**
 * Times round-trip to the millisecond and context JSON round-trips unchanged, even when the
 * writer's and the reader's database sessions are in different, non-UTC time zones (and on
 * either side of a daylight-saving change).
 */
const postgresAvailable = await serverAvailable(postgresServer);
const mysqlAvailable = await serverAvailable(mysqlServer);
const names = testTables('afy_times');
const open = { singleLogin: false, sessionLimit: null, revocation: { at: new Date(0), reason: 'revoked', retain: true } } as const;

/** Instants that are easy to get wrong: odd milliseconds, DST changes, far past and future. */
const awkwardInstants = [
  Date.UTC(2031, 0, 15, 12, 0, 0, 1),
  Date.UTC(2031, 2, 9, 7, 30, 0, 999), // 02:30 on the day New York springs forward (no such local time)
  Date.UTC(2031, 10, 2, 5, 30, 0, 500), // 01:30 in New York, which happens twice that night
  Date.UTC(2038, 0, 19, 3, 14, 8, 7), // past the 32-bit Unix time limit of MySQL's TIMESTAMP
  Date.UTC(1969, 11, 31, 23, 59, 59, 999),
  Date.UTC(2999, 11, 31, 23, 59, 59, 998),
];

const unicodeContext = {
  device: 'Pixel 9 — “Ünïcødé” 🚀',
  scripts: ['日本語', 'עברית', 'العربية', 'हिन्दी', 'Ελληνικά'],
  combining: 'e\u0301 vs é',
  astral: '𝄞 𠜎 👩‍👩‍👧‍👦',
  escapes: 'quote " backslash \\ newline \n tab \t line separator \u2028',
  numbers: { big: 9007199254740991, tiny: 1e-7, negative: -0.5, exp: 1.5e300 },
  nested: { empty: {}, list: [[], [null, true, false]] },
};

function awkwardRecord(instant: number): SessionRecord {
  return sessionRecord(instant, {
    context: unicodeContext,
    createdAt: new Date(instant),
    lastUsedAt: new Date(instant + 1),
    accessExpiresAt: new Date(instant + 2),
    refreshExpiresAt: new Date(instant + 3),
    expiresAt: new Date(instant + 3),
    absoluteExpiresAt: new Date(instant + 4),
    revokedAt: new Date(instant + 5),
    revocationReason: 'logout',
  });
}

/** Writes through `writer`, reads through `reader` (sessions in other time zones): all equal. */
async function expectExactRoundTrip(writer: KyselySessionStorage, reader: KyselySessionStorage): Promise<void> {
  for (const instant of awkwardInstants) {
    const record = awkwardRecord(instant);
    await writer.createSession(record, open);
    expect(await reader.findSessionByAccessDigest(record.accessDigest)).toEqual(record);
    expect(await reader.findSessionById(record.id)).toEqual(record);
  }
}

describe.skipIf(!postgresAvailable)('Postgres with non-UTC session time zones', () => {
  let writer: ReturnType<typeof postgresDb>;
  let reader: ReturnType<typeof postgresDb>;
  beforeAll(async () => {
    writer = postgresDb({ pool: { max: 2, options: '-c TimeZone=America/New_York' } });
    reader = postgresDb({ pool: { max: 2, options: '-c TimeZone=Asia/Kathmandu' } });
    await freshTables(writer.db, names);
  });
  afterAll(async () => {
    await dropTables(writer.db, names);
    await Promise.all([writer.db.destroy(), reader.db.destroy()]);
  });

  it('runs the two pools in the time zones under test', async () => {
    expect(await timeZoneOf(writer.db, 'show timezone')).toBe('America/New_York');
    expect(await timeZoneOf(reader.db, 'show timezone')).toBe('Asia/Kathmandu');
  });

  it('round-trips every time to the millisecond and the context unchanged', async () => {
    await expectExactRoundTrip(
      createKyselySessionStorage({ db: writer.db, tables: names.tables }),
      createKyselySessionStorage({ db: reader.db, tables: names.tables }),
    );
  });

  it('fails loudly and writes nothing for context strings jsonb cannot hold (NUL, a lone surrogate)', async () => {
    const storage = createKyselySessionStorage({ db: writer.db, tables: names.tables });
    for (const bad of ['a\u0000b', 'a\ud800b']) {
      const record = sessionRecord(Date.now(), { context: { bad } });
      await expect(storage.createSession(record, open)).rejects.toThrow(/unsupported Unicode escape sequence|invalid input syntax for type json/);
      expect(await storage.findSessionById(record.id)).toBeNull();
    }
  });
});

describe.skipIf(!mysqlAvailable)('MariaDB/MySQL with non-UTC session time zones and driver settings', () => {
  let writer: ReturnType<typeof mysqlDb>;
  let reader: ReturnType<typeof mysqlDb>;
  beforeAll(async () => {
    writer = mysqlDb({
      pool: { connectionLimit: 2, timezone: '-05:00' },
      onCreateConnection: (connection) => connection.executeQuery(CompiledQuery.raw("set time_zone = '-03:30'")).then(() => undefined),
    });
    reader = mysqlDb({
      // Big numbers as strings: the storage must not depend on how the driver returns BIGINT.
      pool: { connectionLimit: 2, timezone: '+09:00', supportBigNumbers: true, bigNumberStrings: true },
      onCreateConnection: (connection) => connection.executeQuery(CompiledQuery.raw("set time_zone = '+05:45'")).then(() => undefined),
    });
    await freshTables(writer.db, names);
  });
  afterAll(async () => {
    await dropTables(writer.db, names);
    await Promise.all([writer.db.destroy(), reader.db.destroy()]);
  });

  it('runs the two pools in the time zones under test', async () => {
    expect(await timeZoneOf(writer.db, 'select @@session.time_zone as zone')).toBe('-03:30');
    expect(await timeZoneOf(reader.db, 'select @@session.time_zone as zone')).toBe('+05:45');
  });

  it('round-trips every time to the millisecond and the context unchanged', async () => {
    await expectExactRoundTrip(
      createKyselySessionStorage({ db: writer.db, tables: names.tables }),
      createKyselySessionStorage({ db: reader.db, tables: names.tables }),
    );
  });

  it('round-trips a NUL in a context string; fails loudly and writes nothing for a lone surrogate (JSON check)', async () => {
    const storage = createKyselySessionStorage({ db: writer.db, tables: names.tables });
    const withNul = sessionRecord(Date.now(), { context: { nul: 'a\u0000b' } });
    await storage.createSession(withNul, open);
    expect(await storage.findSessionById(withNul.id)).toEqual(withNul);
    const withLoneSurrogate = sessionRecord(Date.now(), { context: { lone: 'a\ud800b' } });
    await expect(storage.createSession(withLoneSurrogate, open)).rejects.toThrow(/CONSTRAINT .*context/);
    expect(await storage.findSessionById(withLoneSurrogate.id)).toBeNull();
  });
});

describe('SQLite', () => {
  it('round-trips every time to the millisecond and the context unchanged (NUL and lone surrogates too), safe integers on or off', async () => {
    const database = sqliteDb();
    try {
      await freshTables(database.db, names);
      const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
      await expectExactRoundTrip(storage, storage);
      database.database.defaultSafeIntegers(true); // integers come back as bigint
      const record = awkwardRecord(awkwardInstants[0]!);
      const sqliteWithBigInts = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
      await expect(sqliteWithBigInts.findSessionByAccessDigest(randomDigest())).resolves.toBeNull();
      await sqliteWithBigInts.createSession({ ...record }, open);
      expect(await sqliteWithBigInts.findSessionByAccessDigest(record.accessDigest)).toEqual(record);
      const awkwardStrings = sessionRecord(Date.now(), { context: { nul: 'a\u0000b', lone: 'a\ud800b' } });
      await storage.createSession(awkwardStrings, open);
      expect(await storage.findSessionById(awkwardStrings.id)).toEqual(awkwardStrings);
    } finally {
      await database.db.destroy();
      database.remove();
    }
  });
});

async function timeZoneOf(db: Kysely<unknown>, query: string): Promise<string> {
  const { rows } = await sql.raw<Record<string, string>>(query).execute(db);
  return Object.values(rows[0] ?? {})[0] ?? '';
}
