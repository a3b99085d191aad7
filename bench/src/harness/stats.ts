/** The p-th percentile (0–100) of `values` by nearest rank; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median with the spread around it: what every figure in the report is given as. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: minimum(values), max: maximum(values) };
}

/** Math.min/max without spreading, which overflows the stack on long lists. */
export function minimum(values: readonly number[]): number {
  let result = Number.POSITIVE_INFINITY;
  for (const value of values) if (value < result) result = value;
  return result;
}

export function maximum(values: readonly number[]): number {
  let result = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > result) result = value;
  return result;
}

/**
 * Ratios of two series measured side by side, round by round (round i of `a` over round i of
 * `b`), summarised. Pairing by round cancels drift that hits both series alike.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Spread {
  const count = Math.min(a.length, b.length);
  return spread(Array.from({ length: count }, (_, index) => a[index]! / b[index]!));
}
