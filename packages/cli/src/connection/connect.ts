import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Duration, parseDuration, type SessionStorage } from '@authentify/core';
import { createKyselySessionStorage, type TableNames } from '@authentify/kysely';
import type { Kysely } from 'kysely';
import { CliError, EXIT } from '../exit-codes.js';
import type { AuthentifyCliConfig } from './cli-config.js';
import { ACCEPTED_URL_FORMS, parseDatabaseUrl, redactUrl } from './database-url.js';
import { type MissingSqliteFile, openDatabase } from './open-database.js';

/** The global options every command takes. */
export interface ConnectionOptions {
  databaseUrl?: string;
  config?: string;
  tablePrefix: string;
  auditRetention?: string;
}

/** What a command works with. */
export interface CliConnection {
  storage: SessionStorage;
  /** `null` with a config module that exports no `db`. */
  db: Kysely<unknown> | null;
  tables: TableNames;
  migrationTableName: string;
  migrationLockTableName: string;
  /** From the flag, else the config module, else 30 days; `null` = revocations delete. */
  auditRetention: Duration | null;
  /** The database, for messages (the URL without its password, or the config module). */
  description: string;
  close(): Promise<void>;
}

const DEFAULT_RETENTION = '30d';

/**
 * Connects as the options say: `--config` (a module exporting the application's storage), else
 * `--database-url`, else `AUTHENTIFY_DATABASE_URL`. `missingFile` says what a missing SQLite file means.
 */
export async function connect(options: ConnectionOptions, env: NodeJS.ProcessEnv, cwd: string, missingFile: MissingSqliteFile = 'fail'): Promise<CliConnection> {
  if (options.config !== undefined) return connectWithConfig(options, cwd);
  const url = options.databaseUrl ?? env.AUTHENTIFY_DATABASE_URL;
  if (url === undefined || url === '') {
    throw new CliError(`No database given: pass --database-url, set AUTHENTIFY_DATABASE_URL, or pass --config.\n${ACCEPTED_URL_FORMS}`, EXIT.usage);
  }
  const parsed = parseDatabaseUrl(url);
  const tables = tablesFor(options.tablePrefix);
  const opened = await openDatabase(parsed, { missingFile });
  return {
    storage: createKyselySessionStorage({
      db: opened.db,
      tables,
      ...(opened.sqliteDatabase === undefined ? {} : { sqliteDatabase: opened.sqliteDatabase as never }),
    }),
    db: opened.db,
    tables,
    migrationTableName: `${options.tablePrefix}migration`,
    migrationLockTableName: `${options.tablePrefix}migration_lock`,
    auditRetention: retention(options.auditRetention, undefined),
    description: redactUrl(url),
    close: opened.close,
  };
}

async function connectWithConfig(options: ConnectionOptions, cwd: string): Promise<CliConnection> {
  const path = isAbsolute(options.config!) ? options.config! : resolve(cwd, options.config!);
  let loaded: { default?: unknown; config?: unknown };
  try {
    loaded = (await import(pathToFileURL(path).href)) as typeof loaded;
  } catch (error) {
    throw new CliError(`Cannot load the config module ${path}: ${(error as Error).message}`, EXIT.usage, { cause: error });
  }
  const config = (loaded.config ?? loaded.default) as AuthentifyCliConfig | undefined;
  if (typeof config?.storage?.searchSessions !== 'function') {
    throw new CliError(`The config module ${path} must export (as default or as \`config\`) an object with a \`storage\`: the application's SessionStorage.`, EXIT.usage);
  }
  const tables = { ...tablesFor('authentify_'), ...config.tables };
  return {
    storage: config.storage,
    db: (config.db as Kysely<unknown> | undefined) ?? null,
    tables,
    migrationTableName: config.migrationTableName ?? 'authentify_migration',
    migrationLockTableName: config.migrationLockTableName ?? 'authentify_migration_lock',
    auditRetention: retention(options.auditRetention, config.auditRetention),
    description: `the storage of ${path}`,
    close: async () => {
      await config.close?.();
    },
  };
}

function tablesFor(prefix: string): TableNames {
  // Table names are at most 40 characters, and `rotated_refresh_tokens` takes 22 of them.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,17}$/.test(prefix)) {
    throw new CliError(`--table-prefix must be 1 to 18 letters, digits and underscores, not starting with a digit; got ${JSON.stringify(prefix)}.`, EXIT.usage);
  }
  return { sessions: `${prefix}sessions`, rotatedRefreshTokens: `${prefix}rotated_refresh_tokens` };
}

function retention(flag: string | undefined, configured: AuthentifyCliConfig['auditRetention']): Duration | null {
  if (flag === 'none') return null;
  if (flag !== undefined) {
    try {
      parseDuration(flag as Duration, 'auditRetention');
    } catch {
      throw new CliError(`--audit-retention must be a duration such as 30d, 12h or 90m, or none; got ${JSON.stringify(flag)}.`, EXIT.usage);
    }
    return flag as Duration;
  }
  return configured === undefined ? DEFAULT_RETENTION : configured;
}
