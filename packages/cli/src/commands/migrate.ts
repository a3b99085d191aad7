import { migrateAuthentify } from '@authentify/kysely';
import type { Kysely } from 'kysely';
import { readMigrationState } from '../connection/migration-state.js';
import { CliError, EXIT } from '../exit-codes.js';
import { jsonText } from '../output/text-table.js';
import type { CommandContext } from './command-context.js';

/** `authentify migrate [--dry-run]`: runs (or lists) Authentify's pending migrations. */
export async function migrateCommand({ io, connection }: CommandContext, options: { dryRun: boolean; json: boolean }): Promise<void> {
  const db = requireDb(connection.db, 'migrate');
  const state = await readMigrationState(db, connection);
  let ran: string[] = [];
  if (!options.dryRun && state.pending.length > 0) {
    const results = await migrateAuthentify(db, {
      tables: connection.tables,
      migrationTableName: connection.migrationTableName,
      migrationLockTableName: connection.migrationLockTableName,
    });
    ran = results.map((result) => result.migrationName);
  }
  if (options.json) {
    io.stdout.write(jsonText(options.dryRun ? { dryRun: true, pending: state.pending } : { dryRun: false, ran }));
    return;
  }
  if (state.pending.length === 0) {
    io.stdout.write(`Nothing to migrate: ${connection.description} is up to date.\n`);
  } else if (options.dryRun) {
    io.stdout.write(`Would run ${state.pending.length} migration(s) on ${connection.description}:\n${state.pending.map((name) => `  ${name}\n`).join('')}`);
  } else {
    io.stdout.write(`Ran ${ran.length} migration(s) on ${connection.description}:\n${ran.map((name) => `  ${name}\n`).join('')}`);
  }
}

export function requireDb(db: Kysely<unknown> | null, command: string): Kysely<unknown> {
  if (db !== null) return db;
  throw new CliError(`\`authentify ${command}\` needs the database itself: export \`db\` (your Kysely instance) from the config module, or use --database-url.`, EXIT.usage);
}
