/** What {@link measureRefusalWindow} saw, in milliseconds after `committedAt`. */
export interface RefusalWindow {
  /** When the answer of the first refused request arrived. */
  windowMs: number;
  /**
   * When the last request that was still accepted (from a cached copy) had been sent; `null` when
   * none was. A request sent after the commit plus the cache's bound must not be accepted, however
   * slowly the machine answers, so this is the figure that tests the bound exactly.
   */
  lastAcceptedSentMs: number | null;
  /** How many requests were still accepted after `committedAt`. */
  acceptedAfterCommit: number;
}

/**
 * Polls `authenticate` every `stepMs` milliseconds of real time, from `committedAt` (a
 * `performance.now()` taken once the revoking instance's commit had returned), until a request
 * is refused, and says when. Gives up, throwing, after `giveUpMs`: a revoked session that stays
 * accepted is the failure these tests exist to catch.
 */
export async function measureRefusalWindow(
  authenticate: () => Promise<{ ok: boolean }>,
  committedAt: number,
  options: { stepMs: number; giveUpMs: number },
): Promise<RefusalWindow> {
  let acceptedAfterCommit = 0;
  let lastAcceptedSentMs: number | null = null;
  for (;;) {
    const sentAt = performance.now();
    const answer = await authenticate();
    const answeredAt = performance.now();
    if (!answer.ok) return { windowMs: answeredAt - committedAt, lastAcceptedSentMs, acceptedAfterCommit };
    acceptedAfterCommit++;
    lastAcceptedSentMs = sentAt - committedAt;
    if (answeredAt - committedAt > options.giveUpMs) {
      throw new Error(`a revoked session was still accepted ${Math.round(answeredAt - committedAt)} ms after the revocation committed`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.stepMs));
  }
}

/** One line for the test log: each window, and how many requests were accepted inside it. */
export function describeWindows(windows: RefusalWindow[]): string {
  return windows
    .map((window) => `${Math.round(window.windowMs)} ms (${window.acceptedAfterCommit} accepted, last sent at ${window.lastAcceptedSentMs === null ? '-' : Math.round(window.lastAcceptedSentMs)} ms)`)
    .join(', ');
}
