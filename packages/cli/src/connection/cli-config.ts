import type { Duration, SessionStorage } from '@authentify/core';
import type { TableNames } from '@authentify/kysely';
import type { Kysely } from 'kysely';

/**
 * What a config module (`authentify --config ./authentify.config.js`) exports, as its default
 * export or as `config`: the application's own storage, so the CLI sees exactly what the
 * application sees (custom tables, a custom storage), and optionally its Kysely instance, which
 * `migrate` and the migration check of `status` need.
 *
 * @example
 * ```js
 * // authentify.config.js
 * import { createKyselySessionStorage } from '@authentify/kysely';
 * import { db } from './db.js';
 *
 * export default {
 *   storage: createKyselySessionStorage({ db }),
 *   db,
 *   auditRetention: '30d',
 *   close: () => db.destroy(),
 * };
 * ```
 */
export interface AuthentifyCliConfig {
  /** The session storage the application uses. */
  storage: SessionStorage;
  /** Its Kysely instance: needed by `migrate`, and by `status` to list pending migrations. */
  db?: Kysely<any>;
  /** Table names, as given to the storage. [Authentify's defaults] */
  tables?: Partial<TableNames>;
  /** Migration history tables, as given to `migrateAuthentify`. [`'authentify_migration'`, `'authentify_migration_lock'`] */
  migrationTableName?: string;
  migrationLockTableName?: string;
  /** As configured in the application (`--audit-retention` overrides it). [`'30d'`] */
  auditRetention?: Duration | null;
  /** Called once the command is done, to close pools so the process can exit. */
  close?: () => void | Promise<void>;
}
