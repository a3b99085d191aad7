/** What `PRAGMA wal_checkpoint` reports: frames in the WAL, and how many of them are in the database file. */
export interface CheckpointResult {
  /** `1` when the checkpoint could not finish (another connection held a lock it needed). */
  busy: number;
  /** Frames in the WAL (`-1` when the database is not in WAL mode). */
  log: number;
  /** Frames of the WAL copied into the database file. */
  checkpointed: number;
}

/** A worker thread with its own connection to a SQLite file, checkpointing its WAL on request. */
export interface WalCheckpointer {
  /** What the last checkpoint that finished reported; `undefined` before the first. */
  readonly latest: CheckpointResult | undefined;
  /**
   * Asks for a checkpoint (`PASSIVE` never waits for a lock; `TRUNCATE` also empties the -wal
   * file when nothing else is writing). Joins the one running, if any. Never rejects: a failed
   * checkpoint reports `busy: 1`.
   */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): Promise<CheckpointResult>;
  /** The checkpoint running now, if any. */
  readonly running: Promise<CheckpointResult> | undefined;
  /** `true` once the thread has exited (closed, or failed): every checkpoint then reports `busy`. */
  readonly closed: boolean;
  /** Closes the worker's connection and waits until the thread has exited. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The worker's code, as a CommonJS script (an `eval` worker), so that it needs no file of its own
 * next to the compiled package nor a TypeScript loader. It opens `file` with the same
 * better-sqlite3 the application loaded, and answers each request with the checkpoint's result.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const database = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
database.pragma('journal_size_limit = ' + workerData.journalSizeLimitBytes);
// NORMAL in WAL: a checkpoint syncs the WAL before and the database file after, never less.
database.pragma('synchronous = NORMAL');
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    database.close();
    parentPort.close();
    return;
  }
  let result;
  try {
    const row = database.pragma('wal_checkpoint(' + (message.mode === 'TRUNCATE' ? 'TRUNCATE' : 'PASSIVE') + ')')[0];
    result = { busy: Number(row.busy), log: Number(row.log), checkpointed: Number(row.checkpointed) };
  } catch (error) {
    result = { busy: 1, log: -1, checkpointed: -1 };
  }
  parentPort.postMessage({ type: 'checkpointed', result });
});
parentPort.postMessage({ type: 'ready' });
`;

/** Live checkpointer threads of this process, for tests that a prune leaves none behind. */
let liveCheckpointers = 0;
export function liveCheckpointerCount(): number {
  return liveCheckpointers;
}

/**
 * Starts a checkpointer thread on `file`, loading better-sqlite3 from `driver` (a resolved
 * module path). Resolves with `undefined` when it cannot start — no `worker_threads` in this
 * runtime, the driver or the file not found — so that the caller falls back to checkpointing on
 * its own connection; the thread is then already gone.
 */
export async function startWalCheckpointer(options: { file: string; driver: string; journalSizeLimitBytes: number }): Promise<WalCheckpointer | undefined> {
  let Worker: typeof import('node:worker_threads').Worker;
  try {
    ({ Worker } = await import('node:worker_threads'));
  } catch {
    return undefined;
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: options });
  liveCheckpointers++;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      liveCheckpointers--;
      resolve();
    }),
  );
  const ready = await new Promise<boolean>((resolve) => {
    worker.once('message', (message: { type: string }) => resolve(message.type === 'ready'));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  if (!ready) {
    await worker.terminate();
    await exited;
    return undefined;
  }
  worker.on('error', () => {
    // A failure after start ends the thread; pending and later checkpoints answer `busy`.
  });

  let latest: CheckpointResult | undefined;
  let running: Promise<CheckpointResult> | undefined;
  let settle: ((result: CheckpointResult) => void) | undefined;
  let closed = false;
  const failed: CheckpointResult = { busy: 1, log: -1, checkpointed: -1 };
  worker.on('message', (message: { type: string; result?: CheckpointResult }) => {
    if (message.type !== 'checkpointed' || message.result === undefined) return;
    latest = message.result;
    const done = settle;
    running = undefined;
    settle = undefined;
    done?.(message.result);
  });
  void exited.then(() => {
    closed = true;
    const done = settle;
    running = undefined;
    settle = undefined;
    done?.(failed);
  });

  return {
    get latest() {
      return latest;
    },
    get running() {
      return running;
    },
    get closed() {
      return closed;
    },
    checkpoint(mode) {
      if (running !== undefined) return running;
      if (closed) return Promise.resolve(failed);
      running = new Promise<CheckpointResult>((resolve) => (settle = resolve));
      worker.postMessage({ type: 'checkpoint', mode });
      return running;
    },
    async close() {
      if (!closed) {
        await running;
        worker.postMessage({ type: 'close' });
      }
      await exited;
    },
  };
}
