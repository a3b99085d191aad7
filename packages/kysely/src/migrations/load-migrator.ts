import { AuthentifyError, configurationError } from '@authentify/core';
// A namespace import, not `import { Migrator }`: on Kysely 0.29 the root module has no runtime
// `Migrator`, and a named import of it is a SyntaxError when this module loads, while a missing
// member of the namespace is only `undefined`.
import * as kysely from 'kysely';
import type { KyselyMigratorClass } from './kysely-migration-types.js';

/**
 * Where Kysely 0.29 keeps its migrator. A variable rather than a literal in `import()`, so that
 * TypeScript does not try to resolve it against Kysely 0.28 (which has no such subpath) and
 * bundlers do not fail the build over it; a bundle passes the `Migrator` option instead.
 */
const MIGRATION_SUBPATH: string = 'kysely/migration';

const HOW_TO_IMPORT = "import { Migrator } from 'kysely/migration' on Kysely 0.29, from 'kysely' on Kysely 0.28";

let installed: Promise<KyselyMigratorClass> | undefined;

/**
 * The `Migrator` of the installed Kysely, looked up once: the root module (Kysely 0.28) first,
 * then 'kysely/migration' (Kysely 0.29).
 *
 * @throws AuthentifyError `invalid_configuration` (option `Migrator`) when neither has one.
 */
export function loadInstalledMigrator(): Promise<KyselyMigratorClass> {
  installed ??= findMigrator(kysely.Migrator, () => import(MIGRATION_SUBPATH)).catch((error: unknown) => {
    installed = undefined; // let a later call look again rather than remember the failure
    throw error;
  });
  return installed;
}

/**
 * The `Migrator` class: `fromRoot` when it is one, else the `Migrator` of the module
 * `importSubpath` loads. Separate from {@link loadInstalledMigrator} so that both layouts can be
 * tested with whichever Kysely is installed.
 */
export async function findMigrator(fromRoot: unknown, importSubpath: () => Promise<unknown>): Promise<KyselyMigratorClass> {
  if (isMigratorClass(fromRoot)) return fromRoot;
  let subpath: unknown;
  try {
    subpath = await importSubpath();
  } catch (error) {
    throw notFound(error);
  }
  const fromSubpath = typeof subpath === 'object' && subpath !== null ? (subpath as { Migrator?: unknown }).Migrator : undefined;
  if (isMigratorClass(fromSubpath)) return fromSubpath;
  throw notFound(undefined);
}

/** The `Migrator` option of `migrateAuthentify`, checked: a Migrator class, or `undefined`. */
export function checkMigratorOption(value: unknown): KyselyMigratorClass | undefined {
  if (value === undefined || isMigratorClass(value)) return value;
  const got = typeof value === 'function' ? 'a function without a migrateToLatest method' : value === null ? 'null' : typeof value;
  throw configurationError('Migrator', `must be Kysely's Migrator class (${HOW_TO_IMPORT}); got ${got}.`);
}

/** A class whose instances can `migrateToLatest()`: enough to tell Kysely's `Migrator` from a mistake. */
function isMigratorClass(value: unknown): value is KyselyMigratorClass {
  return typeof value === 'function' && typeof (value.prototype as { migrateToLatest?: unknown } | undefined)?.migrateToLatest === 'function';
}

function notFound(cause: unknown): AuthentifyError {
  // As `configurationError` words it, plus the `cause`: why 'kysely/migration' did not load.
  return new AuthentifyError(
    'invalid_configuration',
    "Invalid option `Migrator`: not given, and the installed Kysely has no Migrator in 'kysely' (Kysely 0.28) " +
      `or in 'kysely/migration' (Kysely 0.29). Install kysely >=0.28.2 <0.30, or pass the class (${HOW_TO_IMPORT}).`,
    { option: 'Migrator', cause },
  );
}
