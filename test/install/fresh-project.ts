import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { PackageManager } from './doc-blocks.js';

const execFileAsync = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** The published packages, by directory under packages/. */
export const PUBLISHED = ['core', 'kysely', 'express', 'hono', 'fetch', 'cli', 'admin'] as const;

/**
 * The environment of every child (npm, pnpm, node, tsc, deno, bun): the test's own, with the
 * `node` that runs vitest first on PATH — so that one test file checks Node 20, 22, 24 or 26 —
 * and without what `pnpm vitest` or vitest itself exported for its own run (lifecycle
 * variables, NODE_OPTIONS, NODE_ENV), which a user's shell does not have.
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^npm_/i.test(name) && !/^npm_config_(nodedir|cache|registry|store_dir)$/i.test(name)) continue;
    if (['NODE_OPTIONS', 'NODE_ENV', 'INIT_CWD', 'PNPM_SCRIPT_SRC_DIR', 'PNPM_HOME_FROM_SCRIPT'].includes(name)) continue;
    env[name] = value;
  }
  env.PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
  // Native builds (better-sqlite3 12 on Node 20) need the headers of this very node. Both the
  // system node (/usr) and the registry's `node` package keep them next to bin/.
  const prefix = dirname(dirname(process.execPath));
  if (env.npm_config_nodedir === undefined && existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  // Neither changes what is installed; both save a registry round trip per command.
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

/** The major version of the node running the test. */
export const nodeMajor = Number(process.versions.node.split('.')[0]);

/** What a finished command printed, and how long it took. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs one command line with `sh -c`, as a user's shell would; a non-zero exit throws with its output. */
export async function runLine(line: string, cwd: string, options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CommandResult> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await execFileAsync('sh', ['-c', line], {
      cwd,
      env: childEnv(options.env),
      timeout: options.timeoutMs ?? 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string; signal?: string };
    throw new Error(`\`${line}\` in ${cwd} failed (${failed.code ?? failed.signal}):\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/**
 * Packs every published package with `pnpm pack` into `destination`, as publishing would (with
 * `workspace:` ranges replaced). Returns each package name's tarball path. The tarballs hold
 * dist/, so this fails, naming the fix, when the build has not run.
 */
export async function packPackages(destination: string): Promise<Map<string, string>> {
  const missing = PUBLISHED.filter((name) => !existsSync(join(root, 'packages', name, 'dist', 'index.js')));
  if (missing.length > 0) {
    throw new Error(`packages/{${missing.join(',')}}/dist is missing: run \`pnpm run build\` first (\`pnpm test\` does)`);
  }
  mkdirSync(destination, { recursive: true });
  const tarballs = new Map<string, string>();
  await Promise.all(
    PUBLISHED.map(async (name) => {
      const dir = join(root, 'packages', name);
      await runLine(`pnpm pack --pack-destination ${destination}`, dir);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      const file = `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`;
      if (!readdirSync(destination).includes(file)) throw new Error(`pnpm pack wrote no ${file} to ${destination}`);
      tarballs.set(manifest.name, join(destination, file));
    }),
  );
  return tarballs;
}

/** How a new, empty project is made with each package manager: no lockfile, no workspace. */
const INIT: Record<PackageManager, string> = { npm: 'npm init -y', pnpm: 'pnpm init' };

/** Creates the empty project `dir` with `packageManager`'s own `init`. */
export async function initProject(dir: string, packageManager: PackageManager): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await runLine(INIT[packageManager], dir);
}

/** The version of each of `names` installed in the project at `dir`, read from its node_modules. */
export function installedVersions(dir: string, names: readonly string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    versions[name] = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : '(not installed)';
  }
  return versions;
}
