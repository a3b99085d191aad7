import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type RunningProgram, startProgram as startSharedProgram } from '../../test/support/run-program.js';

export const examplesDir = import.meta.dirname;
const root = join(examplesDir, '..', '..');
const packages = join(root, 'packages');

/**
 * The programs import packages by name, as a user's would. This folder is not a workspace
 * package, so the test links what they import into its node_modules (ignored by git): the
 * workspace packages themselves and the frameworks they are tested with.
 */
const LINKS: Record<string, string> = {
  '@authentify/core': join(packages, 'core'),
  '@authentify/express': join(packages, 'express'),
  '@authentify/hono': join(packages, 'hono'),
  '@authentify/fetch': join(packages, 'fetch'),
  '@authentify/admin': join(packages, 'admin'),
  express: join(packages, 'express', 'node_modules', 'express'),
  '@types/express': join(packages, 'express', 'node_modules', '@types', 'express'),
  hono: join(packages, 'hono', 'node_modules', 'hono'),
  '@hono/node-server': join(packages, 'hono', 'node_modules', '@hono', 'node-server'),
  '@types/node': join(root, 'node_modules', '@types', 'node'),
};

export function linkDependencies(): void {
  const modules = join(examplesDir, 'node_modules');
  for (const [name, target] of Object.entries(LINKS)) {
    const link = join(modules, name);
    // Several test files link at once: a link that is already right stays, so none of them ever
    // sees it missing; a stale one (a moved checkout) is replaced.
    if (linkTarget(link) === target) continue;
    rmSync(link, { recursive: true, force: true });
    mkdirSync(dirname(link), { recursive: true });
    try {
      symlinkSync(target, link, 'dir');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || linkTarget(link) !== target) throw error;
    }
  }
}

function linkTarget(link: string): string | null {
  try {
    return readlinkSync(link);
  } catch {
    return null;
  }
}

export type { RunningProgram } from '../../test/support/run-program.js';

/**
 * Starts a quick-start program from this folder and returns once it prints
 * `Listening on http://127.0.0.1:<port>`; `stop` ends exactly that process group.
 */
export function startProgram(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunningProgram> {
  return startSharedProgram(command, args, { cwd: examplesDir, env: { DENO_NO_UPDATE_CHECK: '1', ...env }, timeoutMs });
}
