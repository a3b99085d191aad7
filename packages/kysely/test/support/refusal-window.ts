/** What {@link measureRefusalWindow} saw. */
export interface RefusalWindow {
  /** Milliseconds from `committedAt` to the answer of the first request that was refused. */
  windowMs: number;
  /** How many requests were still accepted after `committedAt` (answered from a cached copy). */
  acceptedAfterCommit: number;
}

/**
 * Polls `authenticate` every `stepMs` milliseconds of real time, from `committedAt` (a
 * `performance.now()` taken once the revoking instance's commit had returned), until a request
 * is refused, and says how long that took. Gives up, throwing, after `giveUpMs`: a revoked
 * session that stays accepted is the failure these tests exist to catch.
 */
export async function measureRefusalWindow(
  authenticate: () => Promise<{ ok: boolean }>,
  committedAt: number,
  options: { stepMs: number; giveUpMs: number },
): Promise<RefusalWindow> {
  let acceptedAfterCommit = 0;
  for (;;) {
    const answer = await authenticate();
    const answeredAt = performance.now();
    if (!answer.ok) return { windowMs: answeredAt - committedAt, acceptedAfterCommit };
    acceptedAfterCommit++;
    if (answeredAt - committedAt > options.giveUpMs) {
      throw new Error(`a revoked session was still accepted ${Math.round(answeredAt - committedAt)} ms after the revocation committed`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.stepMs));
  }
}
