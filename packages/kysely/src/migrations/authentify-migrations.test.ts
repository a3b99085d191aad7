import { AuthentifyError } from '@authentify/core';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AuthentifyMigrationProvider, createAuthentifyMigrations } from './authentify-migrations.js';
import { migrateAuthentify } from './migrate-authentify.js';

describe('Authentify migrations', () => {
  it('are a named, ordered record with up and down', async () => {
    const migrations = await new AuthentifyMigrationProvider().getMigrations();
    expect(Object.keys(migrations)).toEqual(['0001_create_session_tables', '0002_add_refresh_replay_columns', '0003_add_session_client_columns', '0004_add_revocation_audit', '0005_add_session_step_up_columns', '0006_add_api_key_columns', '0007_add_session_change_log', '0008_add_live_replay_index']);
    expect(typeof migrations['0001_create_session_tables']?.up).toBe('function');
    expect(typeof migrations['0001_create_session_tables']?.down).toBe('function');
  });

  it('refuse invalid table names and dialects, naming the option', () => {
    expect(() => createAuthentifyMigrations({ tables: { sessions: 'bad name' } })).toThrow(
      expect.objectContaining({ code: 'invalid_configuration', option: 'tables.sessions' }),
    );
    expect(() => new AuthentifyMigrationProvider({ dialect: 'mssql' as never })).toThrow(
      expect.objectContaining({ code: 'invalid_configuration', option: 'dialect' }),
    );
  });

  it('migrateAuthentify refuses invalid migration table names before touching the database', async () => {
    const database = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    await expect(migrateAuthentify(db, { migrationTableName: 'x; drop' })).rejects.toMatchObject({
      code: 'invalid_configuration',
      option: 'migrationTableName',
    });
    expect(await db.introspection.getTables({ withInternalKyselyTables: true })).toEqual([]);
    await db.destroy();
  });

  it('migrateAuthentify reports a failed migration as storage_unavailable with the cause', async () => {
    const database = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    database.exec('create table authentify_sessions (id text)'); // in the way
    const failure = await migrateAuthentify(db).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthentifyError);
    expect(failure).toMatchObject({ code: 'storage_unavailable' });
    expect((failure as Error).message).toMatch(/0001_create_session_tables.*already exists/);
    expect((failure as Error).cause).toBeInstanceOf(Error);
    await db.destroy();
  });
});
