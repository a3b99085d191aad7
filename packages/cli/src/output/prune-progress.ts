import type { PruneProgress } from '@authentify/core';
import { SingleBar } from 'cli-progress';
import type { OutputStream } from '../cli-io.js';

/** Reports a prune's batches as they finish. */
export interface PruneReporter {
  update(progress: PruneProgress): void;
  done(): void;
}

/**
 * On a terminal, a progress bar of sessions deleted against the estimate, with the rate and an
 * ETA; elsewhere (a log, a pipe, CI) one plain line per batch, which a log keeps readable.
 */
export function createPruneReporter(stream: OutputStream, estimatedSessions: number, now: () => number = Date.now): PruneReporter {
  const started = now();
  const rate = (deleted: number) => Math.round(deleted / Math.max((now() - started) / 1000, 0.001));
  if (stream.isTTY === true) {
    const bar = new SingleBar({
      stream: stream as NodeJS.WritableStream,
      format: 'Pruning [{bar}] {percentage}% | {value}/{total} sessions | {rate}/s | ETA {eta_formatted}',
      etaBuffer: 20,
      hideCursor: true,
      // cli-progress draws only on a TTY unless told otherwise; the stream given is one.
      noTTYOutput: false,
    });
    bar.start(Math.max(estimatedSessions, 1), 0, { rate: 0 });
    let deleted = 0;
    return {
      update(progress) {
        deleted = progress.deletedSessions;
        // The estimate counts revoked sessions still inside the retention: never let the bar overflow.
        if (progress.deletedSessions > bar.getTotal()) bar.setTotal(progress.deletedSessions);
        bar.update(progress.deletedSessions, { rate: rate(progress.deletedSessions) });
      },
      done() {
        // Finished: the real total is what was deleted.
        bar.setTotal(Math.max(deleted, 1));
        bar.update(deleted, { rate: rate(deleted) });
        bar.stop();
      },
    };
  }
  return {
    update(progress) {
      stream.write(
        `prune: batch ${progress.batches}: ${progress.deletedSessions} sessions, ${progress.deletedRotatedTokens} rotated tokens, ` +
          `${progress.deletedRefreshReplays} replays deleted (${rate(progress.deletedSessions)} sessions/s)\n`,
      );
    },
    done() {},
  };
}
