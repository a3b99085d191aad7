// The `Migrator` import of docs/storage.md for Kysely 0.29, verbatim; migrations.ts loads this
// file when Kysely 0.29 is installed, and migrator-import-kysely-0.28.ts otherwise.
// @ts-ignore -- 'kysely/migration' exists from Kysely 0.29 on; under 0.28 this is `any`, and not run.
import { Migrator } from 'kysely/migration';

export { Migrator };
