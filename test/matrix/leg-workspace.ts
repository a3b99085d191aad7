import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { environmentFor, type NodeLine } from './node-lines.js';
import { runLogged } from './run-logged.js';

/**
 * A copy of the workspace for one leg, installed with the leg's Node and peer versions.
 *
 * A copy rather than the checkout itself: the checkout's node_modules hold native modules built
 * for the machine's Node and the lockfile's versions, and a leg must change both without touching
 * what the developer (or the next leg) has.
 */
export function prepareLegWorkspace(options: {
  root: string;
  folder: string;
  line: NodeLine;
  overrides: Record<string, string>;
  /** Where the install and build output goes (shown when a step fails). */
  logFile: string;
}): void {
  const { root, folder, line, overrides, logFile } = options;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  // Tracked files plus new ones not yet committed, never ignored ones (node_modules, dist, .data).
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && !file.startsWith('bench/results/'));
  for (const file of files) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(folder, file));
    } catch (error) {
      // A file deleted in the work tree but not yet in the index is not part of the change.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (Object.keys(overrides).length > 0) {
    const yaml = Object.entries(overrides).map(([name, version]) => `  ${JSON.stringify(name)}: ${JSON.stringify(version)}`);
    appendFileSync(join(folder, 'pnpm-workspace.yaml'), `\n# Added by the compatibility matrix for this leg.\noverrides:\n${yaml.join('\n')}\n`);
  }
  const env = environmentFor(line);
  const run = (args: string[]) => runLogged('pnpm', args, { cwd: folder, env, logFile });
  // The overrides change resolutions, so the lockfile is rewritten in the copy (never in the checkout).
  run(['install', '--no-frozen-lockfile', '--prefer-offline', '--reporter=append-only']);
  run(['run', 'build']);
}
