import { AuthentifyError } from '../errors.js';
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
  /** Rows deleted per storage call. [`1000`] */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: PruneProgress) => void;
  /** Stops between batches when aborted; the work done so far stays done. */
  signal?: AbortSignal;
}

/**
 * Deletes sessions that ended — expired, or revoked — longer ago than `auditRetention` (at once
 * when there is none), in bounded batches with a pause for the event loop in between, so that a
 * table of a million expired rows is cleaned without stalling verification; then (unless scoped
 * to one user) rotated refresh digests past their own expiry and sealed refresh replays past
 * their grace window. Expired sessions and replays are refused whether or not a prune has run;
 * pruning only reclaims space.
 */
export async function pruneSessions<Context extends object, User>(
  runtime: Runtime<Context, User>,
  options: PruneOptions = {},
): Promise<PruneProgress> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new AuthentifyError('invalid_argument', `batchSize must be a whole number from 1 to 100000, got ${String(batchSize)}.`);
  }
  const now = runtime.options.clock();
  const endedBefore = new Date(now - (runtime.options.auditRetentionMs ?? 0));
  const progress: PruneProgress = { deletedSessions: 0, deletedRotatedTokens: 0, deletedRefreshReplays: 0, batches: 0 };
  const report = (): void => options.onProgress?.({ ...progress });

  for (;;) {
    options.signal?.throwIfAborted();
    const deleted = await runtime.storage.deleteEndedSessions({
      endedBefore,
      limit: batchSize,
      ...(options.userId === undefined ? {} : { userId: options.userId }),
    });
    progress.deletedSessions += deleted;
    progress.batches++;
    report();
    if (deleted < batchSize) break;
    await yieldToEventLoop();
  }
  if (options.userId !== undefined) return progress;

  for (;;) {
    options.signal?.throwIfAborted();
    const deleted = await runtime.storage.deleteExpiredRotatedTokens({ expiredBefore: new Date(now), limit: batchSize });
    progress.deletedRotatedTokens += deleted;
    progress.batches++;
    report();
    if (deleted < batchSize) break;
    await yieldToEventLoop();
  }

  for (;;) {
    options.signal?.throwIfAborted();
    const deleted = await runtime.storage.deleteExpiredRefreshReplays({ expiredBefore: new Date(now), limit: batchSize });
    progress.deletedRefreshReplays += deleted;
    progress.batches++;
    report();
    if (deleted < batchSize) break;
    await yieldToEventLoop();
  }
  return progress;
}

/** Lets queued requests run between batches (a synchronous driver would otherwise starve them). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
