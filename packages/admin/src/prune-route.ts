import type { PruneProgress } from '@authentify/core';
import { BadInput } from './bad-input.js';
import type { ConsoleContext } from './console-routes.js';
import { type PruneTotals, prunePage } from './pages/prune-page.js';
import { htmlResponse } from './responses.js';

/** The prune page before a run. */
export function showPrune(context: ConsoleContext): Response {
  return htmlResponse(page(context, null, false));
}

/**
 * Runs about `pruneBatchesPerRequest` batches of `pruneSessions`, then answers with the totals
 * so far (those of earlier rounds come back in the form) and, while there is more, a button for
 * the next round — a bounded request on any runtime, progress without a client script, and a
 * GET that never deletes anything. A round that stops early is safe to repeat: deleting what
 * ended is idempotent, and each round starts again where rows are left.
 */
export async function runPrune(form: URLSearchParams, context: ConsoleContext): Promise<Response> {
  const before = carriedTotals(form);
  const { pruneBatchSize, pruneBatchesPerRequest } = context.settings;
  const stop = new AbortController();
  const enough = new Error('batch budget spent');
  let latest: PruneProgress = { deletedSessions: 0, deletedRotatedTokens: 0, deletedRefreshReplays: 0, batches: 0 };
  let done = true;
  try {
    latest = await context.auth.pruneSessions({
      batchSize: pruneBatchSize,
      signal: stop.signal,
      onProgress: (progress) => {
        const deleted = progress.deletedSessions + progress.deletedRotatedTokens + progress.deletedRefreshReplays;
        const batchDeleted = deleted > latest.deletedSessions + latest.deletedRotatedTokens + latest.deletedRefreshReplays;
        latest = progress;
        // Stop only after a batch that deleted something (more rows may be left; a batch can stop
        // short of the batch size while rows remain): an empty one ends its phase anyway, so a
        // round overruns its budget by at most one batch per phase, and an empty table finishes
        // in one round instead of asking to continue for nothing.
        if (progress.batches >= pruneBatchesPerRequest && batchDeleted) stop.abort(enough);
      },
    });
  } catch (error) {
    if (error !== enough) throw error;
    done = false;
  }
  const totals: PruneTotals = {
    deletedSessions: before.deletedSessions + latest.deletedSessions,
    deletedRotatedTokens: before.deletedRotatedTokens + latest.deletedRotatedTokens,
    deletedRefreshReplays: before.deletedRefreshReplays + latest.deletedRefreshReplays,
    batches: before.batches + latest.batches,
  };
  return htmlResponse(page(context, totals, done));
}

function page(context: ConsoleContext, totals: PruneTotals | null, done: boolean) {
  return prunePage({
    basePath: context.settings.basePath,
    actor: context.operator.actor,
    totals,
    done,
    batchSize: context.settings.pruneBatchSize,
    batchesPerRequest: context.settings.pruneBatchesPerRequest,
  });
}

/** The totals of earlier rounds from the "continue" form; none on the first round. */
function carriedTotals(form: URLSearchParams): PruneTotals {
  const count = (name: keyof PruneTotals): number => {
    const value = form.get(name);
    if (value === null || value === '') return 0;
    if (!/^\d{1,12}$/.test(value)) throw new BadInput(`${name} must be a whole number.`);
    return Number(value);
  };
  return {
    deletedSessions: count('deletedSessions'),
    deletedRotatedTokens: count('deletedRotatedTokens'),
    deletedRefreshReplays: count('deletedRefreshReplays'),
    batches: count('batches'),
  };
}
