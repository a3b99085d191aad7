import { AuthentifyError } from '@authentify/core';
import Database from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  MysqlDialect,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteDialect,
} from 'kysely';
import mysql from 'mysql2';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../kysely-session-storage.js';
import type { KyselySessionStorageOptions } from './kysely-session-storage-options.js';

// Kysely instances that never connect: creating a storage does no I/O.
const sqliteDatabase = new Database(':memory:');
const sqlite = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqliteDatabase }) });
const postgres = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ host: '127.0.0.1', port: 1 }) }) });
const mysqlPool = mysql.createPool({ host: '127.0.0.1', port: 1 });
const mysqlDb = new Kysely<unknown>({ dialect: new MysqlDialect({ pool: mysqlPool }) });
/** A dialect whose adapter is Kysely's Postgres adapter subclassed, as third-party dialects do. */
const thirdPartyPostgres = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new (class NeonAdapter extends PostgresAdapter {})(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const mssql = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new MssqlAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new MssqlIntrospector(db),
    createQueryCompiler: () => new MssqlQueryCompiler(),
  },
});

afterAll(async () => {
  sqliteDatabase.close();
  await new Promise((resolve) => mysqlPool.end(resolve));
});

/** The `option` of the `invalid_configuration` error that creating a storage with `options` throws. */
function optionAtFault(options: unknown): string | undefined {
  try {
    createKyselySessionStorage(options as KyselySessionStorageOptions<unknown>);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthentifyError);
    expect(error).toMatchObject({ code: 'invalid_configuration' });
    const { option, message } = error as AuthentifyError;
    expect(message).toMatch(new RegExp(`^Invalid option \`${option?.replace('.', '\\.')}\``));
    return option;
  }
  throw new Error('expected an invalid_configuration error');
}

describe('createKyselySessionStorage options', () => {
  it('detects the dialect from the Kysely adapter, including third-party dialects built on it', () => {
    expect(createKyselySessionStorage({ db: sqlite }).dialect).toBe('sqlite');
    expect(createKyselySessionStorage({ db: postgres }).dialect).toBe('postgres');
    expect(createKyselySessionStorage({ db: mysqlDb }).dialect).toBe('mysql');
    expect(createKyselySessionStorage({ db: thirdPartyPostgres }).dialect).toBe('postgres');
  });

  it('takes an explicit dialect for adapters it does not know, and refuses unknown ones without it', () => {
    expect(optionAtFault({ db: mssql })).toBe('dialect');
    expect(createKyselySessionStorage({ db: mssql, dialect: 'postgres' }).dialect).toBe('postgres');
    expect(optionAtFault({ db: sqlite, dialect: 'oracle' })).toBe('dialect');
  });

  it('requires a Kysely instance that is not a transaction', async () => {
    expect(optionAtFault(undefined)).toBe('db');
    expect(optionAtFault({})).toBe('db');
    expect(optionAtFault({ db: sqliteDatabase })).toBe('db');
    await sqlite.transaction().execute(async (trx) => {
      expect(optionAtFault({ db: trx })).toBe('db');
    });
  });

  it('checks table names, defaulting the ones not given', () => {
    expect(createKyselySessionStorage({ db: sqlite }).tables).toEqual({
      sessions: 'authentify_sessions',
      rotatedRefreshTokens: 'authentify_rotated_refresh_tokens',
    });
    expect(createKyselySessionStorage({ db: sqlite, tables: { sessions: 'auth_sessions' } }).tables).toEqual({
      sessions: 'auth_sessions',
      rotatedRefreshTokens: 'authentify_rotated_refresh_tokens',
    });
    expect(optionAtFault({ db: sqlite, tables: 'sessions' })).toBe('tables');
    expect(optionAtFault({ db: sqlite, tables: { sessions: 'drop table x; --' } })).toBe('tables.sessions');
    expect(optionAtFault({ db: sqlite, tables: { sessions: '1sessions' } })).toBe('tables.sessions');
    expect(optionAtFault({ db: sqlite, tables: { sessions: 'x'.repeat(41) } })).toBe('tables.sessions');
    expect(optionAtFault({ db: sqlite, tables: { rotatedRefreshTokens: '' } })).toBe('tables.rotatedRefreshTokens');
    expect(optionAtFault({ db: sqlite, tables: { sessions: 'same', rotatedRefreshTokens: 'SAME' } })).toBe('tables.rotatedRefreshTokens');
  });

  it('accepts sqliteDatabase only on SQLite, and only a database', () => {
    expect(createKyselySessionStorage({ db: sqlite, sqliteDatabase }).dialect).toBe('sqlite');
    expect(optionAtFault({ db: postgres, sqliteDatabase })).toBe('sqliteDatabase');
    expect(optionAtFault({ db: sqlite, sqliteDatabase: {} })).toBe('sqliteDatabase');
    // prepare alone is not enough: logins and refreshes run in its transactions.
    expect(optionAtFault({ db: sqlite, sqliteDatabase: { prepare: () => ({}), inTransaction: false } })).toBe('sqliteDatabase');
  });

  it('checks lockTimeoutMs and timeoutMs', () => {
    expect(createKyselySessionStorage({ db: postgres, lockTimeoutMs: 2_500, timeoutMs: 5_000 }).dialect).toBe('postgres');
    for (const value of [0, -1, 1.5, Number.NaN, 3_600_001, '10s', null]) {
      expect(optionAtFault({ db: postgres, lockTimeoutMs: value })).toBe('lockTimeoutMs');
      expect(optionAtFault({ db: postgres, timeoutMs: value })).toBe('timeoutMs');
    }
  });

  it('takes sessionCache on SQLite with sqliteDatabase, exact, and refuses maxStalenessMs there', () => {
    expect(createKyselySessionStorage({ db: sqlite, sqliteDatabase, sessionCache: {} }).dialect).toBe('sqlite');
    expect(createKyselySessionStorage({ db: sqlite, sqliteDatabase, sessionCache: { maxEntries: 1 } }).dialect).toBe('sqlite');
    expect(optionAtFault({ db: sqlite, sessionCache: {} })).toBe('sessionCache');
    expect(optionAtFault({ db: sqlite, sqliteDatabase, sessionCache: 100 })).toBe('sessionCache');
    expect(optionAtFault({ db: sqlite, sqliteDatabase, sessionCache: { maxStalenessMs: 1_000 } })).toBe('sessionCache.maxStalenessMs');
    for (const value of [0, 1.5, 10_000_001, '100', null]) {
      expect(optionAtFault({ db: sqlite, sqliteDatabase, sessionCache: { maxEntries: value } })).toBe('sessionCache.maxEntries');
    }
  });

  it('requires sessionCache.maxStalenessMs on Postgres and MySQL, saying what it allows', () => {
    for (const db of [postgres, mysqlDb]) {
      expect(createKyselySessionStorage({ db, sessionCache: { maxStalenessMs: 1 } }).dialect).toBe(db === postgres ? 'postgres' : 'mysql');
      expect(createKyselySessionStorage({ db, sessionCache: { maxEntries: 5, maxStalenessMs: 60_000 } }).dialect).toBe(db === postgres ? 'postgres' : 'mysql');
      expect(optionAtFault({ db, sessionCache: [] })).toBe('sessionCache');
      expect(optionAtFault({ db, sessionCache: { maxEntries: 0, maxStalenessMs: 1_000 } })).toBe('sessionCache.maxEntries');
      for (const value of [undefined, 0, -1, 1.5, Number.NaN, 60_001, '1s', null]) {
        expect(optionAtFault({ db, sessionCache: { maxStalenessMs: value } })).toBe('sessionCache.maxStalenessMs');
      }
    }
    expect(createKyselySessionStorage({ db: postgres, postgresPool: new pg.Pool({ host: '127.0.0.1', port: 1 }), sessionCache: { maxStalenessMs: 200 } }).dialect).toBe('postgres');
    expect(() => createKyselySessionStorage({ db: postgres, sessionCache: {} })).toThrow(
      /another instance of your app can still be accepted here for up to that long/,
    );
  });
});
