import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './report.js';
import { formatTarget, targetMet, targetTable } from './targets.js';

describe('bench targets', () => {
  it('prints targets with their symbol and unit', () => {
    expect(formatTarget({ kind: 'ratio', op: '<=', bound: 2 })).toBe('≤ 2×');
    expect(formatTarget({ kind: 'ratio', op: '>=', bound: 0.9 })).toBe('≥ 0.9×');
    expect(formatTarget({ kind: 'ratio', op: '>', bound: 1.2 })).toBe('> 1.2×');
    expect(formatTarget({ kind: 'duration', op: '<', bound: 5_000_000 })).toBe('< 5.00 ms');
  });

  it('judges on the median, bounds included only for ≤ and ≥', () => {
    const at = (median: number) => ({ median, min: 0, max: 100 });
    expect(targetMet({ kind: 'ratio', op: '<=', bound: 2 }, at(2))).toBe(true);
    expect(targetMet({ kind: 'ratio', op: '<', bound: 2 }, at(2))).toBe(false);
    expect(targetMet({ kind: 'ratio', op: '>=', bound: 0.9 }, at(0.9))).toBe(true);
    expect(targetMet({ kind: 'ratio', op: '>', bound: 0.9 }, at(0.9))).toBe(false);
    expect(targetMet({ kind: 'ratio', op: '>=', bound: 0.9 }, at(0.89))).toBe(false);
    expect(targetMet({ kind: 'ratio', op: '>=', bound: 0.9 }, at(Number.NaN))).toBe(false);
  });

  it('renders ratio | target | met/missed rows into the markdown report', () => {
    const table = targetTable('Targets', [
      { comparison: 'authentify / raw', value: { median: 0.93, min: 0.9, max: 0.95 }, target: { kind: 'ratio', op: '>=', bound: 0.9 } },
      { comparison: 'better-auth / authentify', value: { median: 3.5, min: 3.1, max: 4 }, target: { kind: 'ratio', op: '<=', bound: 2 } },
      { comparison: 'pause', value: { median: 1_500_000, min: 1_000_000, max: 6_000_000 }, target: { kind: 'duration', op: '<', bound: 5_000_000 } },
      { comparison: 'informative', value: { median: 1, min: 1, max: 1 } },
    ]);
    expect(table.rows).toEqual([
      ['authentify / raw', '0.93× (0.90–0.95)', '≥ 0.9×', 'met'],
      ['better-auth / authentify', '3.50× (3.10–4.00)', '≤ 2×', 'missed'],
      ['pause', '1.50 ms (1.00 ms–6.00 ms)', '< 5.00 ms', 'met'],
      ['informative', '1.00× (1.00–1.00)', '—', '—'],
    ]);
    const markdown = renderMarkdown({
      mode: 'quick',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationSeconds: 1,
      machine: { cpus: 2 } as never,
      sections: [{ id: 'x', title: 'X', method: 'm', tables: [table], data: null }],
      durations: [],
    });
    expect(markdown).toContain('| comparison | measured | target | met/missed |\n|---|---|---|---|\n| authentify / raw | 0.93× (0.90–0.95) | ≥ 0.9× | met |');
    expect(markdown).toContain('| better-auth / authentify | 3.50× (3.10–4.00) | ≤ 2× | missed |');
  });
});
