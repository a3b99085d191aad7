/**
 * The exit codes of `authentify`, stable across releases (scripts test them). Documented in
 * docs/cli.md and in `authentify --help`.
 */
export const EXIT = {
  /** It did what was asked. */
  ok: 0,
  /** It failed: a session that does not exist, a storage error, anything not below. */
  failure: 1,
  /** The command line or the configuration is wrong: an unknown flag, a bad database URL. */
  usage: 2,
  /** The database cannot be reached: not running, wrong host or port, wrong credentials. */
  unreachable: 3,
  /** Authentify's tables are missing or behind: run `authentify migrate`. */
  migrationsPending: 4,
  /** A destructive command was not confirmed: declined, or no terminal to ask and no `--yes`. */
  notConfirmed: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table printed by `--help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  failure (e.g. no such session, a storage error)
  2  usage error (bad flags, bad or missing database URL, bad config module)
  3  database unreachable (not running, wrong host/port, credentials or database name)
  4  migrations pending or tables missing: run \`authentify migrate\`
  5  not confirmed (declined, or no terminal and no --yes)`;

/** A failure with the message to print and the exit code to end with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
