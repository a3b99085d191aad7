import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { WorkerConfig, WorkerRequest } from './storage-worker-protocol.js';

/** A running storage worker process. */
export interface StorageWorker {
  /** The worker's process id. */
  readonly pid: number;
  /** Sends a request and waits (at most `timeoutMs`) for its answer. */
  request<T = unknown>(request: WorkerRequest, timeoutMs?: number): Promise<T>;
  /** Ends the worker: closes its stdin, and kills it by pid if it has not exited within 5 s. */
  stop(): Promise<void>;
}

const packageDir = join(import.meta.dirname, '..', '..');

/**
 * Starts `storage-worker.ts` in a new Node process, running the TypeScript sources through tsx
 * with the `@authentify/source` condition (as the tests do), and waits until it is ready.
 */
export async function startStorageWorker(config: WorkerConfig, startTimeoutMs = 20_000): Promise<StorageWorker> {
  const child = spawn(
    process.execPath,
    ['--conditions=@authentify/source', '--import', 'tsx', join(import.meta.dirname, 'storage-worker.ts'), JSON.stringify(config)],
    { cwd: packageDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let ready: () => void = () => undefined;
  const readiness = new Promise<void>((resolve) => (ready = resolve));

  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { ready?: true; id?: number; result?: unknown; error?: string };
    if (message.ready) return ready();
    const waiter = pending.get(message.id!);
    pending.delete(message.id!);
    if (message.error !== undefined) waiter?.reject(new Error(`worker ${child.pid}: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`worker exited with ${code}: ${stderr}`));
    pending.clear();
  });

  await withTimeout(Promise.race([readiness, exited.then(() => Promise.reject(new Error(`worker failed to start: ${stderr}`)))]), startTimeoutMs, () => kill(child));

  let nextId = 1;
  return {
    pid: child.pid!,
    request<T>(request: WorkerRequest, timeoutMs = 20_000): Promise<T> {
      const id = nextId++;
      const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
      child.stdin!.write(`${JSON.stringify({ ...request, id })}\n`);
      return withTimeout(answer, timeoutMs, () => pending.delete(id));
    },
    async stop() {
      child.stdin!.end();
      await withTimeout(exited, 5_000, () => kill(child)).catch(() => exited);
    },
  };
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
