import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningServer } from '@authentify/core/testing/vitest';
import { Miniflare } from 'miniflare';
import { runningInCi } from '../../../../test/support/ci.js';
import { stopProcess } from '../../../../test/support/run-program.js';

const run = promisify(execFile);
/** packages/fetch: where the runtimes are installed and the scripts resolve from. */
export const packageDir = join(import.meta.dirname, '..', '..');

/**
 * The installed executable of a runtime (devDependencies of this package) — the binary itself,
 * not the `node_modules/.bin` shim: the shim is a shell script that would survive as the only
 * process we can signal, leaving the runtime running.
 */
export function runtimeBinary(name: 'bun' | 'deno'): string {
  return name === 'bun'
    ? join(packageDir, 'node_modules', 'bun', 'bin', 'bun.exe')
    : join(packageDir, 'node_modules', 'deno', 'deno');
}

/**
 * Whether a runtime's suite runs here: always in CI (`CI` set), where a missing runtime must fail
 * the run rather than skip it; elsewhere only when the binary is installed.
 */
export function shouldRun(binary: string): boolean {
  return runningInCi() || existsSync(binary);
}

/**
 * Starts a server process that prints `{"port":…}` on its first stdout line once it listens on
 * 127.0.0.1, and returns its URL; `close` stops exactly that process by its id.
 */
export async function startServerProcess(command: string, args: string[], timeoutMs = 60_000): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: packageDir,
    // Its own process group, so that stopping it also stops anything it spawned.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      stopProcess(child);
      reject(new Error(`${command} ${args.join(' ')}: ${reason}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code) => fail(`exited with code ${code} before listening`));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"port":'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { url: `http://127.0.0.1:${port}`, close: () => stopProcess(child) };
}

/**
 * Bundles the worker with Bun's bundler (workerd loads one ES module; the sources are
 * TypeScript spread over packages) and serves it on workerd through Miniflare, without
 * `nodejs_compat`, so `node:crypto` is absent and core hashes with WebCrypto.
 */
export async function startWorkerd(): Promise<RunningServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'authentify-workerd-'));
  const scriptPath = join(outDir, 'worker.js');
  await run(
    runtimeBinary('bun'),
    ['build', 'test/runtimes/worker.ts', '--conditions=@authentify/source', '--target=browser', '--format=esm', `--outfile=${scriptPath}`],
    { cwd: packageDir, timeout: 60_000 },
  );
  const miniflare = new Miniflare({
    modules: true,
    // Given as text: a scriptPath outside the working directory is refused by workerd.
    script: readFileSync(scriptPath, 'utf8'),
    compatibilityDate: '2026-04-20',
    // No request.cf data: Miniflare would otherwise fetch it from the internet outside vitest.
    cf: false,
    host: '127.0.0.1',
    port: 0,
  });
  rmSync(outDir, { recursive: true, force: true });
  const url = await miniflare.ready;
  return { url: url.origin, close: () => miniflare.dispose() };
}
