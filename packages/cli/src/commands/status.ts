import type { SessionStateCounts } from '@authentify/core';
import { type MigrationState, readMigrationState } from '../connection/migration-state.js';
import { CliError, EXIT } from '../exit-codes.js';
import { jsonText } from '../output/text-table.js';
import type { CommandContext } from './command-context.js';

/**
 * `authentify status`: the database, its migrations and its sessions by state. Exits 4 when
 * migrations are pending, so a deploy script can run it as a check.
 */
export async function statusCommand({ io, connection, auth }: CommandContext, options: { json: boolean }): Promise<void> {
  const migrations: MigrationState | null = connection.db === null ? null : await readMigrationState(connection.db, connection);
  const upToDate = migrations === null || migrations.pending.length === 0;
  // Counting needs the tables; with migrations pending they may not be there at all.
  const sessions: SessionStateCounts | null = upToDate ? await auth.countSessionsByState() : null;
  if (options.json) {
    io.stdout.write(jsonText({ database: connection.description, tables: connection.tables, migrations, sessions }));
  } else {
    io.stdout.write(`Database:   ${connection.description}\n`);
    io.stdout.write(`Tables:     ${connection.tables.sessions}, ${connection.tables.rotatedRefreshTokens}\n`);
    if (migrations === null) io.stdout.write('Migrations: not checked (the config module exports no db)\n');
    else io.stdout.write(`Migrations: ${migrations.applied.length} applied, ${migrations.pending.length} pending${migrations.pending.length > 0 ? `: ${migrations.pending.join(', ')}` : ''}\n`);
    if (sessions !== null) io.stdout.write(`Sessions:   ${sessions.live} live, ${sessions.expired} expired, ${sessions.revoked} revoked\n`);
  }
  if (!upToDate) throw new CliError('Migrations are pending: run `authentify migrate`.', EXIT.migrationsPending);
}
