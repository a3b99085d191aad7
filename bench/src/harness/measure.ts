/** One contender in an in-process measurement: an operation run many times. */
export interface Variant {
  name: string;
  /**
   * Runs the `index`-th operation. A synchronous variant returns a plain value and is not awaited,
   * so the raw floor is not charged for an `await` it does not need; an async one is awaited.
   */
  run(index: number): unknown;
  /**
   * Operations this variant runs per round and in warm-up, in place of the options' counts, for a
   * contender tens of times slower than the rest (better-auth's `getSession`): it still runs in
   * every round, in the same rotation, and its figure is still per operation; it just takes as
   * long per round as the others instead of fifty times longer.
   */
  operations?: { perRound: number; warmup: number };
}

export interface MeasureOptions {
  rounds: number;
  operationsPerRound: number;
  /** Operations run once per variant before measuring (JIT, caches, connection pools). */
  warmupOperations: number;
  /**
   * Operations in flight at once (default 1). Above 1, each round's operations are split over that
   * many concurrent lanes and the figure is wall time per operation — the inverse of throughput.
   */
  concurrency?: number;
  /** The clock, in nanoseconds. [`process.hrtime.bigint`] Tests inject a fake one. */
  now?: () => bigint;
}

/**
 * Measures variants in interleaved rounds — in every round each variant runs once, in a rotating
 * order — so that anything that drifts during the run (CPU frequency, GC, another process) hits
 * every variant alike. Returns nanoseconds per operation, one value per round, per variant.
 */
export async function measureInterleaved(
  variants: readonly Variant[],
  options: MeasureOptions,
): Promise<Map<string, number[]>> {
  const now = options.now ?? process.hrtime.bigint;
  const perRound = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  let operationIndex = 0;
  for (const variant of variants) {
    const warmup = variant.operations?.warmup ?? options.warmupOperations;
    for (let index = 0; index < warmup; index++) await settle(variant.run(operationIndex++));
  }
  for (let round = 0; round < options.rounds; round++) {
    for (let offset = 0; offset < variants.length; offset++) {
      const variant = variants[(round + offset) % variants.length]!;
      const operations = variant.operations?.perRound ?? options.operationsPerRound;
      const start = now();
      if ((options.concurrency ?? 1) === 1) {
        for (let index = 0; index < operations; index++) {
          const result = variant.run(operationIndex++);
          if (result instanceof Promise) await result;
        }
      } else {
        const lanes = options.concurrency!;
        const perLane = Math.ceil(operations / lanes);
        await Promise.all(
          Array.from({ length: lanes }, async () => {
            for (let index = 0; index < perLane; index++) await settle(variant.run(operationIndex++));
          }),
        );
      }
      const elapsed = Number(now() - start);
      perRound.get(variant.name)!.push(elapsed / operations);
    }
  }
  return perRound;
}

async function settle(result: unknown): Promise<void> {
  if (result instanceof Promise) await result;
}
