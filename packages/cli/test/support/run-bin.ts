import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built bin, run as users run it: `node dist/bin.js` (the file `bin.authentify` names). */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** Fails (never skips) when the package has not been built. */
export function requireBuiltBin(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` before the CLI tests.`);
}

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the bin with `args` in `cwd`, stdin a pipe (not a terminal) that gets `input` and is then
 * closed. Environment: the test's, minus AUTHENTIFY_DATABASE_URL unless `env` sets it.
 */
export function runBin(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<BinResult> {
  return runProcess(process.execPath, [BIN, ...args], options);
}

/**
 * Runs `command` under a pseudo-terminal (`script` from util-linux), so the CLI sees a TTY on
 * stdin, stdout and stderr, as in an operator's shell. `script -e` exits with the child's code.
 */
export function runInTerminal(command: string, options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<BinResult> {
  return runProcess('/usr/bin/script', ['-qfec', command, '/dev/null'], options);
}

function runProcess(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<BinResult> {
  const { AUTHENTIFY_DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: { ...inherited, NO_COLOR: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin.write(options.input);
    child.stdin.end();
  });
}
