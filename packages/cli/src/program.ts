import { createRequire } from 'node:module';
import { hostname, userInfo } from 'node:os';
import { MAX_PAGE_SIZE, REVOCATION_REASONS, type RevocationReason, type SessionState, type Transport } from '@authentify/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIo } from './cli-io.js';
import { withContext } from './commands/command-context.js';
import { migrateCommand } from './commands/migrate.js';
import { pruneCommand } from './commands/prune.js';
import { listSessionsCommand } from './commands/sessions-list.js';
import { revokeSessionsCommand } from './commands/sessions-revoke.js';
import { showSessionCommand } from './commands/sessions-show.js';
import { statsCommand } from './commands/stats.js';
import { statusCommand } from './commands/status.js';
import type { ConnectionOptions } from './connection/connect.js';
import { ACCEPTED_URL_FORMS } from './connection/database-url.js';
import { EXIT_CODES_HELP } from './exit-codes.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `authentify` command tree, writing to `io`. Parse with `parseAsync(argv, { from: 'user' })`. */
export function createProgram(io: CliIo): Command {
  const program = new Command('authentify')
    .description('Operate Authentify sessions: migrate the tables, find, inspect and revoke sessions, prune ended ones.')
    .version(version)
    .option('--database-url <url>', 'the database (or set AUTHENTIFY_DATABASE_URL): sqlite:<path>, postgres://…, mysql://…')
    .option('--config <module>', "a module exporting { storage, db? }: the application's own storage")
    .option('--table-prefix <prefix>', 'prefix of the table names', 'authentify_')
    .option('--audit-retention <duration>', "keep revoked sessions this long (as the application's auditRetention), or none [default: 30d]")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .addHelpText('after', `\nDatabase URLs:\n${ACCEPTED_URL_FORMS.replace(/^Accepted forms:\n/, '')}\n\n${EXIT_CODES_HELP}\n`);

  const globals = (command: Command): ConnectionOptions => command.optsWithGlobals() as ConnectionOptions;
  const json = new Option('--json', 'print stable, machine-readable JSON');

  program
    .command('migrate')
    .description("run Authentify's pending migrations (creates an SQLite file if needed)")
    .option('--dry-run', 'list the pending migrations without running them', false)
    .addOption(json)
    .action((options: { dryRun: boolean; json?: boolean }, command: Command) =>
      withContext(io, globals(command), { missingFile: options.dryRun ? 'empty' : 'create' }, (context) => migrateCommand(context, { dryRun: options.dryRun, json: options.json === true })),
    );

  program
    .command('status')
    .description('show the database, pending migrations (exit 4 when any) and sessions by state')
    .addOption(json)
    .action((options: { json?: boolean }, command: Command) =>
      withContext(io, globals(command), {}, (context) => statusCommand(context, { json: options.json === true })),
    );

  const sessions = program.command('sessions').description('find, inspect and revoke sessions');
  sessions
    .command('list')
    .description('list sessions across users, newest first (one page; --cursor for the next)')
    .option('--user <id>', "only this user's sessions")
    .addOption(new Option('--state <state...>', 'only sessions in these states').choices(['live', 'expired', 'revoked']))
    .addOption(new Option('--transport <transport>', 'only header or cookie sessions').choices(['header', 'cookie']))
    .option('--limit <n>', `sessions per page, 1 to ${MAX_PAGE_SIZE}`, pageSize, 20)
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .addOption(json)
    .action((options: { user?: string; state?: SessionState[]; transport?: Transport; limit: number; cursor?: string; json?: boolean }, command: Command) =>
      withContext(io, globals(command), { migrated: true }, (context) => listSessionsCommand(context, { ...options, json: options.json === true })),
    );
  sessions
    .command('show')
    .description('show one session: user, transport, times, state, audit record and context (never a token)')
    .argument('<id>', 'the session id')
    .addOption(json)
    .action((sessionId: string, options: { json?: boolean }, command: Command) =>
      withContext(io, globals(command), { migrated: true }, (context) => showSessionCommand(context, sessionId, { json: options.json === true })),
    );
  sessions
    .command('revoke')
    .description('revoke one session, or every session of a user (asks first; --yes skips)')
    .argument('[id]', 'the session to revoke')
    .option('--user <id>', "revoke this user's sessions instead")
    .option('--except <id>', 'with --user: keep this session')
    .addOption(new Option('--reason <reason>', 'recorded with the revocation').choices(REVOCATION_REASONS).default('admin'))
    .option('--actor <name>', 'who is revoking, recorded with it [default: you@this-host]')
    .option('--note <text>', 'why, recorded with it (up to 1000 characters)')
    .option('-y, --yes', 'do not ask for confirmation', false)
    .addOption(json)
    .action(
      (
        sessionId: string | undefined,
        options: { user?: string; except?: string; reason: RevocationReason; actor?: string; note?: string; yes: boolean; json?: boolean },
        command: Command,
      ) =>
        withContext(io, globals(command), { migrated: true }, (context) =>
          revokeSessionsCommand(context, sessionId, { ...options, actor: options.actor ?? defaultActor(io), json: options.json === true }),
        ),
    );

  program
    .command('prune')
    .description('delete sessions that ended before the audit retention, in batches, with progress')
    .option('--batch <n>', 'the most rows deleted per batch, 1 to 100000', batchSize, 1000)
    .option('--dry-run', 'count what would be deleted, delete nothing', false)
    .addOption(json)
    .action((options: { batch: number; dryRun: boolean; json?: boolean }, command: Command) =>
      withContext(io, globals(command), { migrated: true }, (context) => pruneCommand(context, { ...options, json: options.json === true })),
    );

  program
    .command('stats')
    .description('sessions by state and transport, and logins of the last day and week')
    .addOption(json)
    .action((options: { json?: boolean }, command: Command) =>
      withContext(io, globals(command), { migrated: true }, (context) => statsCommand(context, { json: options.json === true })),
    );

  return program;
}

function pageSize(value: string): number {
  return wholeNumber(value, 1, MAX_PAGE_SIZE);
}

function batchSize(value: string): number {
  return wholeNumber(value, 1, 100_000);
}

function wholeNumber(value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
  return number;
}

/** `user@host`: who ran the command, for the audit record, unless `--actor` says otherwise. */
function defaultActor(io: CliIo): string {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back on the environment.
    user = io.env.USER ?? io.env.LOGNAME;
  }
  return `${user ?? 'unknown'}@${hostname()}`;
}
