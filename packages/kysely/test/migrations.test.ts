import { sessionRecord } from '@authentify/core/testing';
import { CamelCasePlugin, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthentifyMigrationProvider,
  createKyselySessionStorage,
  type KyselyDialectName,
  migrateAuthentify,
} from '../src/index.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { Migrator } from './support/kysely-migrator.js';
import { dropTables, migrationTestDb, mysqlDb, postgresDb, testTables } from './support/test-databases.js';

/**
 * The migrations on each database: through Kysely's Migrator and through the helper, with their
 * own history table, custom table names, the schema they create, and strings compared exactly.
 */
const available: Record<KyselyDialectName, boolean> = {
  sqlite: true,
  postgres: await serverAvailable(postgresServer),
  mysql: await serverAvailable(mysqlServer),
};

const open = { singleLogin: false, sessionLimit: null, revocation: { at: new Date(0), reason: 'revoked', retain: true } } as const;

const connect = (dialect: KyselyDialectName) => migrationTestDb(dialect, 2);

describe.each(['sqlite', 'postgres', 'mysql'] as const)('migrations on %s', (dialect) => {
  const names = testTables(`afy_migrations_${dialect}`);
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

    it("runs through Kysely's Migrator with AuthentifyMigrationProvider and its own history table, and down again", async () => {
      const migrator = new Migrator({
        db: connection.db,
        provider: new AuthentifyMigrationProvider({ tables: names.tables }),
        ...names.migration,
      });
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(up.results?.map((r) => [r.migrationName, r.status])).toEqual([
        ['0001_create_session_tables', 'Success'],
        ['0002_add_refresh_replay_columns', 'Success'],
        ['0003_add_session_client_columns', 'Success'],
        ['0004_add_revocation_audit', 'Success'],
        ['0005_add_session_step_up_columns', 'Success'],
        ['0006_add_api_key_columns', 'Success'],
        ['0007_add_session_change_log', 'Success'],
        ['0008_add_live_replay_index', 'Success'],
      ]);
      expect(await tableNames(connection.db, dialect)).toEqual(
        expect.arrayContaining([names.tables.sessions, names.tables.rotatedRefreshTokens, names.migration.migrationTableName]),
      );
      expect(await tableNames(connection.db, dialect)).not.toContain('kysely_migration');

      expect(await columnNames(connection.db, dialect, names.tables.sessions)).toEqual(expect.arrayContaining(['revoked_by', 'revocation_note']));

      expect(await columnNames(connection.db, dialect, names.tables.sessions)).toEqual(expect.arrayContaining(['authenticated_at', 'label']));
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).toEqual(expect.arrayContaining(['kind', 'scopes', 'created_by', 'display_hint']));

      // Down one step at a time: 0006 takes its API key columns away, 0005 its step-up columns away, 0004 its audit columns,
      // 0003 its client columns, then 0002 its replay columns, leaving the tables of 0001.
      // 0008 takes its index away, 0007 the SQLite change log (and does nothing elsewhere).
      expect(await indexedColumns(connection.db, dialect, names.tables.rotatedRefreshTokens)).toContain('session_id,replay_expires_at');
      const downLiveReplayIndex = await migrator.migrateDown();
      expect(downLiveReplayIndex.error).toBeUndefined();
      expect(await indexedColumns(connection.db, dialect, names.tables.rotatedRefreshTokens)).not.toContain('session_id,replay_expires_at');
      const downChangeLog = await migrator.migrateDown();
      expect(downChangeLog.error).toBeUndefined();
      expect(await tableNames(connection.db, dialect)).not.toContain(`${names.tables.sessions}_changes`);
      const downApiKeys = await migrator.migrateDown();
      expect(downApiKeys.error).toBeUndefined();
      for (const column of ['kind', 'scopes', 'created_by', 'display_hint']) expect(await columnNames(connection.db, dialect, names.tables.sessions)).not.toContain(column);
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).toContain('label');
      const downStepUp = await migrator.migrateDown();
      expect(downStepUp.error).toBeUndefined();
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).not.toContain('authenticated_at');
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).not.toContain('label');
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).toContain('revoked_by');
      const downAudit = await migrator.migrateDown();
      expect(downAudit.error).toBeUndefined();
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).not.toContain('revoked_by');
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).not.toContain('revocation_note');
      const downClient = await migrator.migrateDown();
      expect(downClient.error).toBeUndefined();
      expect(await columnNames(connection.db, dialect, names.tables.sessions)).not.toContain('last_ip');
      expect(await columnNames(connection.db, dialect, names.tables.rotatedRefreshTokens)).toContain('sealed_replay');
      const downOne = await migrator.migrateDown();
      expect(downOne.error).toBeUndefined();
      expect(await columnNames(connection.db, dialect, names.tables.rotatedRefreshTokens)).not.toContain('sealed_replay');
      expect(await tableNames(connection.db, dialect)).toContain(names.tables.rotatedRefreshTokens);

      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      expect(await tableNames(connection.db, dialect)).not.toContain(names.tables.sessions);
      expect(await tableNames(connection.db, dialect)).not.toContain(names.tables.rotatedRefreshTokens);
    });

    it('migrateAuthentify runs pending migrations once, then does nothing; the storage works on the custom tables', async () => {
      // A Kysely with the application's plugins: neither the migrations nor the storage may be affected.
      const db = connection.db.withPlugin(new CamelCasePlugin());
      const options = { tables: names.tables, ...names.migration };
      expect((await migrateAuthentify(db, options)).map((r) => r.migrationName)).toEqual([
        '0001_create_session_tables',
        '0002_add_refresh_replay_columns',
        '0003_add_session_client_columns',
        '0004_add_revocation_audit',
        '0005_add_session_step_up_columns',
        '0006_add_api_key_columns',
        '0007_add_session_change_log',
        '0008_add_live_replay_index',
      ]);
      expect(await migrateAuthentify(db, options)).toEqual([]);

      const storage = createKyselySessionStorage({ db, tables: names.tables });
      expect(storage.dialect).toBe(dialect);
      const record = sessionRecord(Date.now());
      await storage.createSession(record, open);
      expect(await storage.findSessionByAccessDigest(record.accessDigest)).toEqual(record);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(names.tables.sessions)}`.execute(connection.db);
      expect(Number(rows[0]?.n)).toBe(1);
    });

    it('indexes digests (unique), a user’s sessions, the operators’ search order, and the columns pruning filters on', async () => {
      const indexed = await indexedColumns(connection.db, dialect, names.tables.sessions);
      expect(indexed).toEqual(
        expect.arrayContaining(['unique:access_digest', 'unique:refresh_digest', 'user_id,created_at', 'created_at,id', 'expires_at', 'revoked_at']),
      );
      const rotated = await indexedColumns(connection.db, dialect, names.tables.rotatedRefreshTokens);
      expect(rotated).toEqual(expect.arrayContaining(['unique:digest', 'session_id', 'token_expires_at', 'replay_expires_at', 'session_id,replay_expires_at']));
    });

    it('compares digests, user ids and session ids exactly: no case folding, no trailing-space padding', async () => {
      const storage = createKyselySessionStorage({ db: connection.db, tables: names.tables });
      const base = sessionRecord(Date.now(), { userId: 'alice' });
      await storage.createSession(base, open);
      await storage.createSession(sessionRecord(Date.now(), { userId: 'Alice' }), open);
      await storage.createSession(sessionRecord(Date.now(), { userId: 'alice ' }), open);

      expect(await storage.findSessionByAccessDigest(base.accessDigest.toUpperCase())).toBeNull();
      expect(await storage.findSessionByRefreshDigest(base.refreshDigest!.toUpperCase())).toBeNull();
      expect(await storage.findSessionById(base.id.toLowerCase() === base.id ? base.id.toUpperCase() : base.id.toLowerCase())).toBeNull();
      expect(await storage.findSessionById(`${base.id} `)).toBeNull();
      const sessionsOfAlice = await storage.listSessionsOfUser('alice', { now: new Date(), includeEnded: true });
      expect(sessionsOfAlice.map((s) => s.id)).toEqual([base.id]);
      expect(await storage.revokeSessionsOfUser('alice', { at: new Date(), reason: 'revoked', retain: true })).toEqual([base.id]);
    });
  });
});

describe.skipIf(!available.postgres)('schema on Postgres', () => {
  const names = testTables('afy_migrations_pg_types');
  const { db } = postgresDb({ pool: { max: 1 } });
  afterAll(async () => (await dropTables(db, names), await db.destroy()));

  it('stores context as jsonb, times as bigint epoch milliseconds, digests in the byte-order "C" collation', async () => {
    await dropTables(db, names);
    await migrateAuthentify(db, { tables: names.tables, ...names.migration });
    const { rows } = await sql<{ column_name: string; data_type: string; collation_name: string | null }>`
      select column_name, data_type, collation_name from information_schema.columns where table_name = ${names.tables.sessions}
    `.execute(db);
    const column = (name: string) => rows.find((row) => row.column_name === name);
    expect(column('context')?.data_type).toBe('jsonb');
    for (const time of ['created_at', 'expires_at', 'revoked_at', 'access_ttl_ms']) expect(column(time)?.data_type).toBe('bigint');
    expect(column('access_digest')?.collation_name).toBe('C');
  });
});

describe.skipIf(!available.mysql)('schema on MariaDB/MySQL', () => {
  const names = testTables('afy_migrations_my_types');
  const { db } = mysqlDb({ pool: { connectionLimit: 1 } });
  afterAll(async () => (await dropTables(db, names), await db.destroy()));

  it('uses InnoDB, binary collations (ascii_bin for digests), and BIGINT epoch milliseconds', async () => {
    await dropTables(db, names);
    await migrateAuthentify(db, { tables: names.tables, ...names.migration });
    const { rows } = await sql<{ name: string; type: string; collation: string | null }>`
      select column_name as name, data_type as type, collation_name as collation from information_schema.columns
      where table_schema = database() and table_name = ${names.tables.sessions}
    `.execute(db);
    const column = (name: string) => rows.find((row) => row.name === name);
    expect(column('access_digest')?.collation).toBe('ascii_bin');
    expect(column('refresh_digest')?.collation).toBe('ascii_bin');
    expect(column('user_id')?.collation).toMatch(/^utf8mb4_(nopad_bin|0900_bin|bin)$/);
    expect(column('created_at')?.type).toBe('bigint');
    const engine = await sql<{ engine: string }>`
      select engine from information_schema.tables where table_schema = database() and table_name = ${names.tables.sessions}
    `.execute(db);
    expect(engine.rows[0]?.engine).toBe('InnoDB');
  });
});

/**
 * The tables of the connection's database (schema), read from the catalogue rather than through
 * Kysely's introspection: that reads every table's columns, and fails when another test file,
 * running in parallel on the same server, drops one of its own tables meanwhile.
 */
async function tableNames(db: Kysely<unknown>, dialect: KyselyDialectName): Promise<string[]> {
  const query =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${dialect === 'postgres' ? sql`current_schema()` : sql`database()`}`;
  return (await query.execute(db)).rows.map((row) => row.name);
}

async function columnNames(db: Kysely<unknown>, dialect: KyselyDialectName, table: string): Promise<string[]> {
  const query =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table})`
      : sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = ${dialect === 'postgres' ? sql`current_schema()` : sql`database()`} and table_name = ${table}`;
  return (await query.execute(db)).rows.map((row) => row.name);
}

/** Each index of `table` as its columns joined by commas, prefixed with `unique:` when unique. */
async function indexedColumns(db: Kysely<unknown>, dialect: KyselyDialectName, table: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const indexes = await sql<{ name: string; unique: number }>`select name, "unique" from pragma_index_list(${table})`.execute(db);
    const result: string[] = [];
    for (const index of indexes.rows) {
      const columns = await sql<{ name: string }>`select name from pragma_index_info(${index.name}) order by seqno`.execute(db);
      result.push(`${index.unique ? 'unique:' : ''}${columns.rows.map((c) => c.name).join(',')}`);
    }
    return result;
  }
  if (dialect === 'postgres') {
    const { rows } = await sql<{ columns: string; unique: boolean }>`
      select string_agg(a.attname, ',' order by k.ordinality) as columns, i.indisunique as unique
      from pg_index i
      join lateral unnest(i.indkey) with ordinality as k(attnum, ordinality) on true
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indrelid = ${table}::regclass
      group by i.indexrelid, i.indisunique
    `.execute(db);
    return rows.map((row) => `${row.unique ? 'unique:' : ''}${row.columns}`);
  }
  const { rows } = await sql<{ columns: string; non_unique: number | string }>`
    select group_concat(column_name order by seq_in_index) as columns, max(non_unique) as non_unique
    from information_schema.statistics where table_schema = database() and table_name = ${table}
    group by index_name
  `.execute(db);
  return rows.map((row) => `${Number(row.non_unique) === 0 ? 'unique:' : ''}${row.columns}`);
}
