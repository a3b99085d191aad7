import { describe, expect, it } from 'vitest';
import { measureInterleaved } from './measure.js';

/**
 * A clock that only moves when an operation says so, so the figures are exact and the test
 * cannot fail on a loaded machine (the harness is tested here; speed is measured by `pnpm bench`).
 */
function fakeClock() {
  let nanoseconds = 0n;
  return {
    now: () => nanoseconds,
    advance: (by: number) => {
      nanoseconds += BigInt(by);
    },
  };
}

describe('measureInterleaved', () => {
  it('runs every variant the same number of times, in rotating order, and reports nanoseconds per operation', async () => {
    const clock = fakeClock();
    const calls: string[] = [];
    const result = await measureInterleaved(
      [
        { name: 'slow', run: () => { calls.push('slow'); clock.advance(200); } },
        { name: 'fast', run: async () => { calls.push('fast'); clock.advance(20); } },
      ],
      { rounds: 3, operationsPerRound: 10, warmupOperations: 2, now: clock.now },
    );
    expect(calls.filter((name) => name === 'slow')).toHaveLength(2 + 3 * 10);
    expect(calls.filter((name) => name === 'fast')).toHaveLength(2 + 3 * 10);
    // After 4 warm-up calls, round 0 starts with the first variant; round 1 (at 4 + 20) with the other.
    expect(calls[4]).toBe('slow');
    expect(calls[24]).toBe('fast');
    // Warm-up operations advance the clock too, but are never part of a round's figure.
    expect(result.get('slow')).toEqual([200, 200, 200]);
    expect(result.get('fast')).toEqual([20, 20, 20]);
  });

  it('runs a variant with its own operation counts in the same rotation, still per operation', async () => {
    const clock = fakeClock();
    const calls: string[] = [];
    const result = await measureInterleaved(
      [
        { name: 'cheap', run: () => { calls.push('cheap'); clock.advance(10); } },
        { name: 'costly', operations: { perRound: 2, warmup: 1 }, run: () => { calls.push('costly'); clock.advance(500); } },
      ],
      { rounds: 2, operationsPerRound: 20, warmupOperations: 5, now: clock.now },
    );
    expect(calls.filter((name) => name === 'cheap')).toHaveLength(5 + 2 * 20);
    expect(calls.filter((name) => name === 'costly')).toHaveLength(1 + 2 * 2);
    // Round 0: cheap then costly (calls 6–27); round 1 starts with costly.
    expect(calls.slice(6, 28)).toEqual([...Array<string>(20).fill('cheap'), 'costly', 'costly']);
    expect(calls.slice(28, 30)).toEqual(['costly', 'costly']);
    expect(result.get('cheap')).toEqual([10, 10]);
    expect(result.get('costly')).toEqual([500, 500]);
  });

  it('passes each operation its own index, counting on across variants and rounds', async () => {
    const seen: number[] = [];
    await measureInterleaved([{ name: 'a', run: (index) => seen.push(index) }, { name: 'b', run: (index) => seen.push(index) }], {
      rounds: 2,
      operationsPerRound: 2,
      warmupOperations: 1,
      now: fakeClock().now,
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('with concurrency, keeps that many operations in flight and divides the round time by the operations', async () => {
    const clock = fakeClock();
    const maximumInFlight = async (concurrency: number) => {
      let inFlight = 0;
      let maximum = 0;
      const result = await measureInterleaved(
        [
          {
            name: 'io',
            run: async () => {
              inFlight++;
              maximum = Math.max(maximum, inFlight);
              await new Promise((resolve) => setImmediate(resolve));
              clock.advance(100);
              inFlight--;
            },
          },
        ],
        { rounds: 1, operationsPerRound: 8, warmupOperations: 0, concurrency, now: clock.now },
      );
      return { maximum, perOperation: result.get('io')![0] };
    };
    expect(await maximumInFlight(1)).toEqual({ maximum: 1, perOperation: 100 });
    expect(await maximumInFlight(8)).toEqual({ maximum: 8, perOperation: 100 });
    expect((await maximumInFlight(4)).maximum).toBe(4);
  });
});
