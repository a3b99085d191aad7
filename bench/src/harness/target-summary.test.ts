import { describe, expect, it } from 'vitest';
import { renderMarkdown, type SectionResult } from './report.js';
import { gatherTargets, targetSummaryTable } from './target-summary.js';
import { targetTable } from './targets.js';
import { variantTable } from './variant-table.js';

const at = (median: number, min = median, max = median) => ({ median, min, max });

/** Fixed sections shaped like the real ones: a Targets table, a variant table, and tables without targets. */
const sections: SectionResult[] = [
  {
    id: 'sqlite-operations',
    title: 'In-process operations',
    method: 'm',
    tables: [
      { caption: 'Verification', header: ['variant', 'time per verification'], rows: [['authentify', '5.00 µs (4.90 µs–5.10 µs)']] },
      targetTable('Targets', [
        { comparison: 'issue: authentify / raw floor', value: at(1.1, 1.05, 1.2), target: { kind: 'ratio', op: '<=', bound: 1.2 } },
        { comparison: 'authentify / authentify with the promise lookup', value: at(0.8) },
        { comparison: 'refresh: authentify / raw floor', value: at(1.5, 1.4, 1.6), target: { kind: 'ratio', op: '<=', bound: 1.2 } },
      ]),
    ],
    data: null,
  },
  {
    id: 'http',
    title: 'HTTP',
    method: 'm',
    tables: [
      variantTable('Hono', 'plain Hono', [
        { variant: 'plain Hono', requestsPerSecond: at(10_000), latencyP99Ms: at(9), vsPlain: at(1) },
        { variant: 'authentify-hono, session cache', requestsPerSecond: at(9_300), latencyP99Ms: at(10), vsPlain: at(0.93, 0.9, 0.95), target: { kind: 'ratio', op: '>=', bound: 0.9 } },
      ]),
      { caption: 'Express 5', header: ['variant', 'requests/s', 'p99 latency', 'vs plain'], rows: [['express-plain', '8,000 (7,900–8,100)', '9.0 ms', '1.00×']] },
    ],
    data: null,
  },
  {
    id: 'prune-under-load',
    title: 'Prune',
    method: 'm',
    tables: [targetTable('Targets', [{ comparison: 'prune p99 pause', value: at(3_000_000, 2_000_000, 4_000_000), target: { kind: 'duration', op: '<', bound: 5_000_000 } }])],
    data: null,
  },
];

describe('the Targets summary of a report', () => {
  it('gathers every judged figure of every section in report order, and leaves out figures without a target', () => {
    expect(gatherTargets(sections)).toEqual([
      { section: 'sqlite-operations', comparison: 'issue: authentify / raw floor', measured: '1.10× (1.05–1.20)', target: '≤ 1.2×', verdict: 'met' },
      { section: 'sqlite-operations', comparison: 'refresh: authentify / raw floor', measured: '1.50× (1.40–1.60)', target: '≤ 1.2×', verdict: 'missed' },
      { section: 'http', comparison: 'authentify-hono, session cache vs plain Hono', measured: '0.93× (0.90–0.95)', target: '≥ 0.9×', verdict: 'met' },
      { section: 'prune-under-load', comparison: 'prune p99 pause', measured: '3.00 ms (2.00 ms–4.00 ms)', target: '< 5.00 ms', verdict: 'met' },
    ]);
  });

  it('gathers nothing from sections without targets', () => {
    expect(gatherTargets([{ ...sections[1]!, tables: [sections[1]!.tables[1]!] }])).toEqual([]);
    expect(targetSummaryTable([]).caption).toBe('0 of 0 targets met');
  });

  it('ends the markdown report with the section durations and then the Targets table', () => {
    const markdown = renderMarkdown({
      mode: 'full',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationSeconds: 421.4,
      machine: { cpus: 2 } as never,
      sections,
      durations: [
        { step: 'fixture: large SQLite file (shared)', seconds: 30.4 },
        { step: 'http', seconds: 180.6 },
      ],
    });
    const durations = markdown.indexOf('## Section durations');
    const targets = markdown.indexOf('## Targets');
    expect(durations).toBeGreaterThan(markdown.indexOf('## Prune'));
    expect(targets).toBeGreaterThan(durations);
    expect(markdown.slice(durations, targets)).toContain('**421 s in all**\n\n| step | seconds |\n|---|---|\n| fixture: large SQLite file (shared) | 30 |\n| http | 181 |');
    expect(markdown.slice(targets)).toContain(
      '**3 of 4 targets met**\n\n| section | comparison | measured | target | met/missed |\n|---|---|---|---|---|\n' +
        '| sqlite-operations | issue: authentify / raw floor | 1.10× (1.05–1.20) | ≤ 1.2× | met |\n' +
        '| sqlite-operations | refresh: authentify / raw floor | 1.50× (1.40–1.60) | ≤ 1.2× | missed |\n',
    );
  });
});
