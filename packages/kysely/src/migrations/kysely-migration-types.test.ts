import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InstalledMigratorClass as InstalledMigrator } from '../../test/support/kysely-migrator.js';
import { AuthentifyMigrationProvider, createAuthentifyMigrations } from './authentify-migrations.js';
import type { KyselyMigrationResult, KyselyMigratorClass } from './kysely-migration-types.js';
import { loadInstalledMigrator } from './load-migrator.js';
import { migrateAuthentify } from './migrate-authentify.js';

// The installed Kysely's own migration types (0.28's or 0.29's, wherever it declares them).
type InstalledProps = ConstructorParameters<InstalledMigrator>[0];
type InstalledProvider = InstalledProps['provider'];
type InstalledMigrations = Awaited<ReturnType<InstalledProvider['getMigrations']>>;
type InstalledResult = NonNullable<Awaited<ReturnType<InstanceType<InstalledMigrator>['migrateToLatest']>>['results']>[number];

describe('the migration types, against the installed Kysely’s own', () => {
  it('fit each other both ways (checked by the type-check; this only runs it)', async () => {
    // What Authentify hands to the user's Migrator is what that Migrator accepts…
    expectTypeOf(new AuthentifyMigrationProvider()).toExtend<InstalledProvider>();
    expectTypeOf(createAuthentifyMigrations()).toExtend<InstalledMigrations>();
    // …and the user's own Migrator class and the results it reports are what Authentify accepts.
    expectTypeOf<InstalledMigrator>().toExtend<KyselyMigratorClass>();
    expectTypeOf<InstalledResult>().toEqualTypeOf<KyselyMigrationResult>();
    expectTypeOf<Awaited<ReturnType<typeof migrateAuthentify>>[number]>().toExtend<InstalledResult>();
    expect(typeof (await loadInstalledMigrator())).toBe('function');
  });
});
