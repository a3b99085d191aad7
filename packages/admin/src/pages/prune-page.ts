import type { PruneProgress } from '@authentify/core';
import { html, type SafeHtml } from '../html.js';
import { layout } from './layout.js';

/** Totals of a prune that took several requests, carried by the "continue" form. */
export type PruneTotals = Pick<PruneProgress, 'deletedSessions' | 'deletedRotatedTokens' | 'deletedRefreshReplays' | 'batches'>;

/**
 * The prune page: before a run, what it will do; after one, what it deleted so far and — while
 * there is more — a button that runs the next round of batches.
 */
export function prunePage(data: { basePath: string; actor: string; totals: PruneTotals | null; done: boolean; batchSize: number; batchesPerRequest: number }): SafeHtml {
  const { basePath, totals } = data;
  const form = (label: string) => html`<form method="post" action="${basePath}/prune" aria-label="Prune">
${totals === null ? '' : html`<input type="hidden" name="deletedSessions" value="${totals.deletedSessions}">
<input type="hidden" name="deletedRotatedTokens" value="${totals.deletedRotatedTokens}">
<input type="hidden" name="deletedRefreshReplays" value="${totals.deletedRefreshReplays}">
<input type="hidden" name="batches" value="${totals.batches}">`}
<button type="submit">${label}</button>
</form>`;
  return layout({
    basePath,
    title: 'Prune',
    actor: data.actor,
    body: html`<h1>Prune ended sessions</h1>
<p>Deletes sessions that expired or were revoked longer ago than the audit retention, then the
rotated refresh-token digests and sealed refresh replays that have run out. Expired sessions are
refused whether or not a prune runs: pruning only reclaims space. Each press runs about
${data.batchesPerRequest} batches of ${data.batchSize} rows.</p>
${totals === null ? form('Start pruning') : progress(totals, data.done)}
${totals !== null && !data.done ? form('Continue pruning') : ''}`,
  });
}

function progress(totals: PruneTotals, done: boolean): SafeHtml {
  return html`<p class="${done ? 'notice' : 'error'}" role="status" data-prune="${done ? 'done' : 'more'}">${done ? 'Done: nothing ended is left to delete.' : 'More to delete: continue to run the next batches.'}</p>
<dl>
  <dt>Sessions deleted</dt><dd data-deleted="sessions">${totals.deletedSessions}</dd>
  <dt>Rotated token digests deleted</dt><dd data-deleted="rotated">${totals.deletedRotatedTokens}</dd>
  <dt>Refresh replays deleted</dt><dd data-deleted="replays">${totals.deletedRefreshReplays}</dd>
  <dt>Batches run</dt><dd>${totals.batches}</dd>
</dl>`;
}
