import { parseDuration } from '@authentify/core';
import { jsonText } from '../output/text-table.js';
import { createPruneReporter } from '../output/prune-progress.js';
import type { CommandContext } from './command-context.js';

/**
 * `authentify prune [--batch <n>] [--dry-run]`: deletes sessions that ended longer ago than the
 * audit retention, in batches, with progress on stderr (a bar on a terminal, lines elsewhere).
 */
export async function pruneCommand({ io, connection, auth }: CommandContext, options: { batch: number; dryRun: boolean; json: boolean }): Promise<void> {
  const retentionMs = connection.auditRetention === null ? 0 : parseDuration(connection.auditRetention, 'auditRetention');
  const cutoff = new Date(Date.now() - retentionMs);
  // Expired at the cutoff is exact; revoked counts every retained one, some still inside the retention.
  const estimate = await connection.storage.countSessionsByState({}, cutoff);
  if (options.dryRun) {
    if (options.json) {
      io.stdout.write(jsonText({ dryRun: true, endedBefore: cutoff.toISOString(), expiredSessions: estimate.expired, revokedSessionsAtMost: estimate.revoked }));
    } else {
      io.stdout.write(
        `Would delete ${estimate.expired} expired session(s) and at most ${estimate.revoked} revoked one(s) (those that ended before ${cutoff.toISOString()}), ` +
          'with their rotated refresh tokens and expired refresh replays.\n',
      );
    }
    return;
  }
  const reporter = createPruneReporter(io.stderr, estimate.expired + estimate.revoked);
  const result = await auth.pruneSessions({ batchSize: options.batch, onProgress: (progress) => reporter.update(progress) });
  reporter.done();
  if (options.json) {
    io.stdout.write(jsonText(result));
  } else {
    io.stdout.write(
      `Deleted ${result.deletedSessions} session(s), ${result.deletedRotatedTokens} rotated refresh token(s) and ${result.deletedRefreshReplays} refresh replay(s) in ${result.batches} batch(es).\n`,
    );
  }
}
