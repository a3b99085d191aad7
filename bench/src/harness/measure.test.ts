import { describe, expect, it } from 'vitest';
import { measureInterleaved } from './measure.js';

describe('measureInterleaved', () => {
  it('runs every variant the same number of times, in rotating order, and times each round', async () => {
    const calls: string[] = [];
    const busyWait = (microseconds: number) => {
      const end = process.hrtime.bigint() + BigInt(microseconds * 1000);
      while (process.hrtime.bigint() < end);
    };
    const result = await measureInterleaved(
      [
        { name: 'slow', run: () => { calls.push('slow'); busyWait(200); } },
        { name: 'fast', run: async () => { calls.push('fast'); busyWait(20); } },
      ],
      { rounds: 3, operationsPerRound: 10, warmupOperations: 2 },
    );
    expect(calls.filter((name) => name === 'slow')).toHaveLength(2 + 3 * 10);
    expect(calls.filter((name) => name === 'fast')).toHaveLength(2 + 3 * 10);
    expect(result.get('slow')).toHaveLength(3);
    // After 4 warm-up calls, round 0 starts with the first variant; round 1 (at 4 + 20) with the other.
    expect(calls[4]).toBe('slow');
    expect(calls[24]).toBe('fast');
    for (let round = 0; round < 3; round++) expect(result.get('slow')![round]!).toBeGreaterThan(result.get('fast')![round]! * 3);
  });

  it('with concurrency, runs the operations in lanes and reports wall time per operation', async () => {
    const sleep = () => new Promise((resolve) => setTimeout(resolve, 5));
    const sequential = await measureInterleaved([{ name: 'sleep', run: sleep }], { rounds: 1, operationsPerRound: 8, warmupOperations: 0 });
    const concurrent = await measureInterleaved([{ name: 'sleep', run: sleep }], { rounds: 1, operationsPerRound: 8, warmupOperations: 0, concurrency: 8 });
    expect(concurrent.get('sleep')![0]!).toBeLessThan(sequential.get('sleep')![0]! / 3);
  });
});
