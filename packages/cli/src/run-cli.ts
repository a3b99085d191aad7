import { AuthentifyError } from '@authentify/core';
import { CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { createProgram } from './program.js';

/**
 * Runs `authentify` with `argv` (the arguments after the program name) and returns its exit
 * code; it never calls `process.exit`, so every pool is closed and every line flushed first.
 *
 * @example
 * ```ts
 * import { processIo, runCli } from '@authentify/cli';
 * process.exitCode = await runCli(['status', '--database-url', 'sqlite:app.db'], processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    await createProgram(io).parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    // Commander has printed its own message (and the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      io.stderr.write(`authentify: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof AuthentifyError && error.code === 'invalid_configuration') {
      io.stderr.write(`authentify: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`authentify: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}
