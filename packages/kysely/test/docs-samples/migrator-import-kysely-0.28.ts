// The `Migrator` import of docs/storage.md for Kysely 0.28, verbatim; migrations.ts loads this
// file when Kysely 0.28 is installed. (Kysely 0.29 still declares the name, as a type error.)
import { Migrator } from 'kysely';

export { Migrator };
