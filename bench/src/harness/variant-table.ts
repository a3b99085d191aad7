import { formatCount, type ResultTable } from './report.js';
import type { Spread } from './stats.js';
import { type Target, targetTable } from './targets.js';

/** One server variant's figures: its throughput, its p99, and its ratio to the plain framework. */
export interface VariantFigures {
  variant: string;
  requestsPerSecond: Spread;
  latencyP99Ms: Spread;
  /** Requests per second over the plain server's, round by round. */
  vsPlain: Spread;
  /** A goal for `vsPlain`, judged as in `targetTable`; omitted: `—`. */
  target?: Target;
}

/**
 * Every variant of one framework in one table — `variant | requests/s | p99 | vs plain | target |
 * met/missed` — so the floors, authentify and the alternatives read side by side. The last three
 * columns are `targetTable`'s, so a verdict reads the same here as in every Targets table.
 *
 * @example
 * variantTable('Hono', 'plain Hono', [{ variant: 'authentify-hono', requestsPerSecond: rps, latencyP99Ms: p99, vsPlain: ratio, target: { kind: 'ratio', op: '>=', bound: 0.9 } }]);
 * // rows[0] = ['authentify-hono', '9,000 (8,500–9,400)', '12.0 ms', '0.70× (0.66–0.74)', '≥ 0.9×', 'missed']
 */
export function variantTable(caption: string, plainName: string, variants: readonly VariantFigures[]): ResultTable {
  const verdicts = targetTable(caption, variants.map((figures) => ({ comparison: figures.variant, value: figures.vsPlain, target: figures.target })));
  return {
    caption,
    header: ['variant', 'requests/s', 'p99 latency', `vs ${plainName}`, 'target', 'met/missed'],
    rows: variants.map((figures, index) => {
      const { median, min, max } = figures.requestsPerSecond;
      return [
        figures.variant,
        `${formatCount(median)} (${formatCount(min)}–${formatCount(max)})`,
        `${figures.latencyP99Ms.median.toFixed(1)} ms`,
        ...verdicts.rows[index]!.slice(1),
      ];
    }),
  };
}
