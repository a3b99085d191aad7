import { existsSync } from 'node:fs';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { CliError, EXIT } from '../exit-codes.js';
import { explainDatabaseError } from './database-errors.js';
import type { DatabaseUrl } from './database-url.js';

/** A database opened from a URL. */
export interface OpenedDatabase {
  db: Kysely<unknown>;
  /** The better-sqlite3 handle, so the storage prepares its hot statement once. */
  sqliteDatabase?: unknown;
  /** Where it is, for messages: a file path, or host:port. */
  where: string;
  close(): Promise<void>;
}

/**
 * What to do when an SQLite file does not exist: create it (`migrate`), look at an empty
 * database in memory instead (`migrate --dry-run`: everything is pending, nothing is written),
 * or fail (every other command: a missing file is reported, not silently made empty).
 */
export type MissingSqliteFile = 'create' | 'empty' | 'fail';

/**
 * Opens the database `url` names with its driver (loaded only when needed: install the one you
 * use) and checks that it answers.
 */
export async function openDatabase(url: DatabaseUrl, options: { missingFile: MissingSqliteFile }): Promise<OpenedDatabase> {
  const opened = url.dialect === 'sqlite' ? await openSqlite(url.path, options.missingFile) : await openServer(url);
  try {
    await sql`select 1`.execute(opened.db);
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw explainDatabaseError(error, opened.where) ?? new CliError(`Cannot use the database at ${opened.where}: ${String(error)}`, EXIT.unreachable, { cause: error });
  }
  return opened;
}

async function openSqlite(path: string, missingFile: MissingSqliteFile): Promise<OpenedDatabase> {
  const { default: Database } = await loadDriver<{ default: new (path: string, options: object) => SqliteHandle }>('better-sqlite3', 'sqlite:');
  let database: SqliteHandle;
  try {
    database = missingFile === 'empty' && !existsSync(path) ? new Database(':memory:', {}) : new Database(path, { fileMustExist: missingFile !== 'create' });
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'SQLITE_CANTOPEN';
    throw new CliError(
      missing
        ? `Cannot open the SQLite database ${path}: no such file. Check the path (\`authentify migrate\` creates the file).`
        : `Cannot open the SQLite database ${path}: ${(error as Error).message}`,
      EXIT.unreachable,
      { cause: error },
    );
  }
  // Wait for a running application's write lock instead of failing at once.
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: database as never }) });
  return { db, sqliteDatabase: database, where: path, close: () => db.destroy() };
}

async function openServer(url: Extract<DatabaseUrl, { url: string }>): Promise<OpenedDatabase> {
  const where = `${url.host}:${url.port} (${url.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB'})`;
  if (url.dialect === 'postgres') {
    const { default: pg } = await loadDriver<{ default: { Pool: new (config: object) => unknown } }>('pg', 'postgres://');
    const pool = new pg.Pool({ connectionString: url.url, max: 4, connectionTimeoutMillis: 5000 });
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: pool as never }) });
    return { db, where, close: () => db.destroy() };
  }
  const mysql = await loadDriver<{ createPool: (config: object) => unknown }>('mysql2', 'mysql://');
  const pool = mysql.createPool({ uri: url.url, connectionLimit: 4, connectTimeout: 5000 });
  const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool: pool as never }) });
  return { db, where, close: () => db.destroy() };
}

/** The subset of better-sqlite3 used here. */
interface SqliteHandle {
  pragma(source: string): unknown;
}

async function loadDriver<T>(name: string, scheme: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliError(`A ${scheme} database URL needs the "${name}" package, which is not installed. Install it where @authentify/cli is installed: npm install ${name}`, EXIT.usage, {
        cause: error,
      });
    }
    throw new CliError(`Cannot load the "${name}" driver: ${(error as Error).message}`, EXIT.failure, { cause: error });
  }
}

