import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';

/**
 * Runs a command with its output appended to `logFile` rather than the terminal (an install
 * prints thousands of lines); when it fails, throws with the command and the log's last lines.
 */
export function runLogged(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): void {
  appendFileSync(options.logFile, `\n$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  appendFileSync(options.logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    const tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n');
    const how = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${command} ${args.join(' ')} failed (${how}) in ${options.cwd}; last lines of ${options.logFile}:\n${tail}`);
  }
}
