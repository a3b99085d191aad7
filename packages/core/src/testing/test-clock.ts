import { type Duration, parseDuration } from '../options/duration.js';

/**
 * A clock that stands still until told to move, for tests of expiry, sliding and grace windows.
 * Pass it as the `clock` option: `createAuthentify({ storage, clock })`.
 *
 * @example
 * ```ts
 * const clock = createTestClock();
 * const auth = createAuthentify({ storage, clock, accessTtl: '15m' });
 * clock.advance('16m'); // the access token is now expired
 * ```
 */
export interface TestClock {
  /** The current test time in epoch milliseconds. */
  (): number;
  /** Moves time forward by a duration (seconds or '15m'-style). */
  advance(duration: Duration): void;
  /** Moves time forward by a number of milliseconds. */
  advanceMs(milliseconds: number): void;
}

/** Creates a {@link TestClock} starting at `startMs` (default: the real current time). */
export function createTestClock(startMs: number = Date.now()): TestClock {
  let now = startMs;
  const clock = (() => now) as TestClock;
  clock.advance = (duration) => {
    now += parseDuration(duration, 'advance');
  };
  clock.advanceMs = (milliseconds) => {
    now += milliseconds;
  };
  return clock;
}
