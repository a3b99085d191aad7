import { type Authentify, AuthentifyError, createAuthentify } from '@authentify/core';
import type { CliIo } from '../cli-io.js';
import { type CliConnection, type ConnectionOptions, connect } from '../connection/connect.js';
import { explainDatabaseError } from '../connection/database-errors.js';
import { requireMigrated } from '../connection/migration-state.js';
import type { MissingSqliteFile } from '../connection/open-database.js';
import { CliError, EXIT } from '../exit-codes.js';

/** What a command runs with. */
export interface CommandContext {
  io: CliIo;
  connection: CliConnection;
  /** An Authentify instance on the connection's storage, with the audit retention given. */
  auth: Authentify<object, undefined>;
}

/** How a command wants its connection. */
export interface ContextNeeds {
  /** What a missing SQLite file means. [`'fail'`] */
  missingFile?: MissingSqliteFile;
  /** Refuse to run while migrations are pending (every command that touches sessions). */
  migrated?: boolean;
}

/**
 * Connects, runs `work`, and always disconnects (so the process can exit). A storage failure is
 * explained — unreachable database, missing tables — rather than printed raw.
 */
export async function withContext(io: CliIo, options: ConnectionOptions, needs: ContextNeeds, work: (context: CommandContext) => Promise<void>): Promise<void> {
  const connection = await connect(options, io.env, io.cwd, needs.missingFile);
  try {
    let auth: Authentify<object, undefined>;
    try {
      auth = createAuthentify<object, undefined>({ storage: connection.storage, auditRetention: connection.auditRetention });
    } catch (error) {
      throw new CliError(`Invalid configuration: ${(error as Error).message}`, EXIT.usage, { cause: error });
    }
    if (needs.migrated === true) await requireMigrated(connection);
    await work({ io, connection, auth });
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof AuthentifyError && error.code === 'invalid_argument') throw new CliError(error.message, EXIT.usage, { cause: error });
    throw explainDatabaseError(error, connection.description) ?? error;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
