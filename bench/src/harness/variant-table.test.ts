import { describe, expect, it } from 'vitest';
import { variantTable } from './variant-table.js';

describe('variantTable', () => {
  it('lists each variant with its throughput, p99, ratio to plain and, where set, its target and verdict', () => {
    const table = variantTable('Hono', 'plain Hono', [
      { variant: 'plain', requestsPerSecond: { median: 14_000, min: 12_500.4, max: 15_000 }, latencyP99Ms: { median: 8, min: 7, max: 9 }, vsPlain: { median: 1, min: 1, max: 1 } },
      {
        variant: 'authentify-hono (no cache)',
        requestsPerSecond: { median: 7_000, min: 6_000, max: 8_000 },
        latencyP99Ms: { median: 14.25, min: 12, max: 20 },
        vsPlain: { median: 0.5, min: 0.45, max: 0.55 },
        target: { kind: 'ratio', op: '>=', bound: 0.9 },
      },
      {
        variant: 'cached',
        requestsPerSecond: { median: 13_000, min: 12_000, max: 14_000 },
        latencyP99Ms: { median: 9, min: 8, max: 10 },
        vsPlain: { median: 0.93, min: 0.88, max: 0.97 },
        target: { kind: 'ratio', op: '>=', bound: 0.9 },
      },
    ]);
    expect(table.header).toEqual(['variant', 'requests/s', 'p99 latency', 'vs plain Hono', 'target', 'met/missed']);
    expect(table.rows).toEqual([
      ['plain', '14,000 (12,500–15,000)', '8.0 ms', '1.00× (1.00–1.00)', '—', '—'],
      ['authentify-hono (no cache)', '7,000 (6,000–8,000)', '14.3 ms', '0.50× (0.45–0.55)', '≥ 0.9×', 'missed'],
      ['cached', '13,000 (12,000–14,000)', '9.0 ms', '0.93× (0.88–0.97)', '≥ 0.9×', 'met'],
    ]);
  });
});
