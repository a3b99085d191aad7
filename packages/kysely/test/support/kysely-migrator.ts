import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as kysely from 'kysely';
// @ts-ignore -- the subpath exists from Kysely 0.29 on; under 0.28 this is `any`, and unused.
import type * as kyselyMigration from 'kysely/migration';

/**
 * The type of the installed Kysely's own `Migrator` class: the root's on 0.28; on 0.29 the root
 * declares `Migrator` as a type error, and the class is the one in 'kysely/migration'.
 */
export type InstalledMigratorClass = typeof kysely.Migrator extends new (...args: never) => unknown
  ? typeof kysely.Migrator
  : typeof kyselyMigration.Migrator;

/** Kysely 0.29 keeps the migrator here; a variable, since the subpath does not resolve on 0.28. */
const MIGRATION_SUBPATH: string = 'kysely/migration';

/**
 * Kysely's own `Migrator`, from wherever the installed version keeps it: 'kysely' on 0.28,
 * 'kysely/migration' on 0.29. A named import of either breaks the other version (the root of
 * 0.29 has no run-time `Migrator`), so the tests that use the class directly take it from here.
 */
export const Migrator = (
  typeof kysely.Migrator === 'function' ? kysely.Migrator : ((await import(MIGRATION_SUBPATH)) as { Migrator: unknown }).Migrator
) as InstalledMigratorClass;

/** The installed Kysely's version, e.g. `0.29.9`. */
export const kyselyVersion: string = readKyselyVersion();

function readKyselyVersion(): string {
  // Neither version exports './package.json': find it from the resolved entry point instead.
  const entry = createRequire(import.meta.url).resolve('kysely');
  const root = entry.slice(0, entry.lastIndexOf('/node_modules/kysely/') + '/node_modules/kysely/'.length);
  return (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
}
