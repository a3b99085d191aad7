import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import * as kysely from 'kysely';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { kyselyVersion } from '../../test/support/kysely-migrator.js';
import type { KyselyMigrationResultSet, KyselyMigratorProps } from './kysely-migration-types.js';
import { checkMigratorOption, findMigrator, loadInstalledMigrator } from './load-migrator.js';
import { migrateAuthentify } from './migrate-authentify.js';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { peerDependencies: { kysely: string } };
const declaredKyselyRange = manifest.peerDependencies.kysely;

/** A stand-in for Kysely's `Migrator` that records what it was given and reports `outcome`. */
function fakeMigrator(outcome: KyselyMigrationResultSet = { results: [] }) {
  const created: KyselyMigratorProps[] = [];
  class FakeMigrator {
    constructor(props: KyselyMigratorProps) {
      created.push(props);
    }
    async migrateToLatest(): Promise<KyselyMigrationResultSet> {
      return outcome;
    }
  }
  return { FakeMigrator, created };
}

const subpathMissing = () =>
  Promise.reject(Object.assign(new Error("Package subpath './migration' is not defined"), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }));

describe('finding Kysely’s Migrator', () => {
  it('takes it from the root module when it is there (Kysely 0.28), without loading the subpath', async () => {
    const { FakeMigrator } = fakeMigrator();
    const importSubpath = vi.fn(subpathMissing);
    expect(await findMigrator(FakeMigrator, importSubpath)).toBe(FakeMigrator);
    expect(importSubpath).not.toHaveBeenCalled();
  });

  it("takes it from 'kysely/migration' when the root has none (Kysely 0.29)", async () => {
    const { FakeMigrator } = fakeMigrator();
    expect(await findMigrator(undefined, async () => ({ Migrator: FakeMigrator }))).toBe(FakeMigrator);
  });

  it('fails naming both places and the supported versions when neither has one, with the cause', async () => {
    const failure = await findMigrator(undefined, subpathMissing).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'invalid_configuration', option: 'Migrator' });
    expect((failure as Error).message).toMatch(/'kysely' \(Kysely 0\.28\).*'kysely\/migration' \(Kysely 0\.29\)/);
    // The range it names is the one the package declares, so the two cannot drift apart.
    expect((failure as Error).message).toContain(`Install kysely ${declaredKyselyRange}`);
    expect((failure as Error).cause).toMatchObject({ code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });

    const empty = await findMigrator({ notAClass: true }, async () => ({ Migrator: 'nope' })).catch((error: unknown) => error);
    expect(empty).toMatchObject({ code: 'invalid_configuration', option: 'Migrator' });
  });

  it('finds the installed one, once: from the root on Kysely 0.28, from the subpath on 0.29', async () => {
    const found = await loadInstalledMigrator();
    expect(await loadInstalledMigrator()).toBe(found);
    if (kyselyVersion.startsWith('0.28.')) {
      expect(found).toBe(kysely.Migrator);
    } else {
      expect(kysely.Migrator).toBeUndefined();
      const subpath: string = 'kysely/migration';
      expect(found).toBe(((await import(subpath)) as { Migrator: unknown }).Migrator);
    }
  });
});

describe('the Migrator option of migrateAuthentify', () => {
  it('is used instead of the installed one, with Authentify’s provider and history tables', async () => {
    const ran = [{ migrationName: '0001_create_session_tables', direction: 'Up', status: 'Success' }] as const;
    const { FakeMigrator, created } = fakeMigrator({ results: [...ran] });
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    expect(await migrateAuthentify(db, { Migrator: FakeMigrator, migrationTableName: 'my_history' })).toEqual(ran);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ migrationTableName: 'my_history', migrationLockTableName: 'authentify_migration_lock' });
    expect(Object.keys(await created[0]!.provider.getMigrations())).toEqual(['0001_create_session_tables', '0002_add_refresh_replay_columns', '0003_add_session_client_columns', '0004_add_revocation_audit', '0005_add_session_step_up_columns', '0006_add_api_key_columns', '0007_add_session_change_log', '0008_add_live_replay_index']);
    await db.destroy();
  });

  it('runs the real migrations when given the installed Migrator explicitly', async () => {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const results = await migrateAuthentify(db, { Migrator: await loadInstalledMigrator() });
    expect(results.map((result) => [result.migrationName, result.status])).toEqual([
      ['0001_create_session_tables', 'Success'],
      ['0002_add_refresh_replay_columns', 'Success'],
        ['0003_add_session_client_columns', 'Success'],
        ['0004_add_revocation_audit', 'Success'],
        ['0005_add_session_step_up_columns', 'Success'],
        ['0006_add_api_key_columns', 'Success'],
        ['0007_add_session_change_log', 'Success'],
        ['0008_add_live_replay_index', 'Success'],
    ]);
    await db.destroy();
  });

  it('refuses anything but a Migrator class, naming the option, before touching the database', async () => {
    const database = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    for (const Migrator of [null, {}, 'Migrator', () => undefined, class NotAMigrator {}]) {
      await expect(migrateAuthentify(db, { Migrator: Migrator as never })).rejects.toMatchObject({
        code: 'invalid_configuration',
        option: 'Migrator',
        message: expect.stringMatching(/^Invalid option `Migrator`: must be Kysely's Migrator class .*'kysely\/migration'/),
      });
    }
    expect(await db.introspection.getTables({ withInternalKyselyTables: true })).toEqual([]);
    await db.destroy();
  });

  it('treats an absent Migrator as "look it up"', () => {
    expect(checkMigratorOption(undefined)).toBeUndefined();
  });
});
