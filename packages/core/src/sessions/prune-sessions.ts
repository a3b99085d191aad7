import { AuthentifyError } from '../errors.js';
import type { PruneScope } from '../storage/session-storage.js';
import type { Runtime } from './runtime.js';

/** Progress of a prune, reported after every batch and returned at the end. */
export interface PruneProgress {
  /** Sessions deleted so far. */
  deletedSessions: number;
  /** Rotated refresh-token digests deleted so far (kept only for reuse detection). */
  deletedRotatedTokens: number;
  /** Sealed refresh replays deleted so far (kept only for the grace window). */
  deletedRefreshReplays: number;
  /** Batches run so far. */
  batches: number;
}

export interface PruneOptions {
  /** Only this user's sessions; rotated-token and replay cleanup is then skipped (it is global). */
  userId?: string;
  /**
   * The most rows one storage call deletes. [`1000`] A storage on a synchronous driver (SQLite
   * with `sqliteDatabase`) stops a batch earlier, after about 100 rows or 1 ms of deleting.
   */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: PruneProgress) => void;
  /** Stops between batches when aborted (with the signal's reason); the work done so far stays done. */
  signal?: AbortSignal;
}

/**
 * Deletes sessions that ended — expired, or revoked — longer ago than `auditRetention` (at once
 * when there is none), in bounded batches with a pause for the event loop in between, so that a
 * table of a million expired rows is cleaned without stalling verification; then (unless scoped
 * to one user) rotated refresh digests past their own expiry and sealed refresh replays past
 * their grace window. Each phase goes on until a batch deletes nothing: a storage on a
 * synchronous driver stops a batch early, after a few milliseconds, and a short batch does not
 * mean the phase is done. Expired sessions and replays are refused whether or not a prune has
 * run; pruning only reclaims space.
 *
 * The storage's optional `beginPrune` scope is opened before the first batch and always ended,
 * also when the prune is aborted or a batch throws.
 */
export async function pruneSessions<Context extends object, User>(
  runtime: Runtime<Context, User>,
  options: PruneOptions = {},
): Promise<PruneProgress> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new AuthentifyError('invalid_argument', `batchSize must be a whole number from 1 to 100000, got ${String(batchSize)}.`);
  }
  options.signal?.throwIfAborted();
  const now = runtime.options.clock();
  const endedBefore = new Date(now - (runtime.options.auditRetentionMs ?? 0));
  const progress: PruneProgress = { deletedSessions: 0, deletedRotatedTokens: 0, deletedRefreshReplays: 0, batches: 0 };
  const { storage } = runtime;
  const scope = (await storage.beginPrune?.()) ?? NO_SCOPE;
  let first = true;

  /** Runs `batch` until it deletes nothing, adding what it deleted to `field`. */
  const phase = async (field: 'deletedSessions' | 'deletedRotatedTokens' | 'deletedRefreshReplays', batch: () => Promise<number>) => {
    for (;;) {
      options.signal?.throwIfAborted();
      if (!first) await scope.beforeBatch?.();
      first = false;
      const deleted = await batch();
      progress[field] += deleted;
      progress.batches++;
      options.onProgress?.({ ...progress });
      if (deleted === 0) return;
      await yieldToEventLoop();
    }
  };

  try {
    await phase('deletedSessions', () =>
      storage.deleteEndedSessions({ endedBefore, limit: batchSize, ...(options.userId === undefined ? {} : { userId: options.userId }) }),
    );
    if (options.userId !== undefined) return progress;
    await phase('deletedRotatedTokens', () => storage.deleteExpiredRotatedTokens({ expiredBefore: new Date(now), limit: batchSize }));
    await phase('deletedRefreshReplays', () => storage.deleteExpiredRefreshReplays({ expiredBefore: new Date(now), limit: batchSize }));
    return progress;
  } finally {
    await scope.end();
  }
}

const NO_SCOPE: PruneScope = { end: () => Promise.resolve() };

/**
 * Lets queued requests run between batches (a synchronous driver would otherwise starve them):
 * `setImmediate` runs after pending I/O, where arriving requests wait; edge runtimes without it
 * get a zero timer.
 */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate === undefined ? setTimeout(resolve, 0) : immediate(resolve)));
}
