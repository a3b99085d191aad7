import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine.js';
import type { Spread } from './stats.js';
import { targetSummaryTable } from './target-summary.js';

/** One table of a report section, already formatted. */
export interface ResultTable {
  caption: string;
  header: string[];
  rows: string[][];
}

/** What each benchmark suite returns: formatted tables for people, raw data for machines. */
export interface SectionResult {
  id: string;
  title: string;
  /** How it was measured, in a sentence or two. */
  method: string;
  tables: ResultTable[];
  data: unknown;
}

/** The wall-clock time of one step of a run: a shared fixture's fill, or a section with its own fixtures. */
export interface StepDuration {
  step: string;
  seconds: number;
}

export interface BenchReport {
  mode: 'full' | 'quick';
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  sections: SectionResult[];
  /** In run order; their sum is the run's duration but for the report's writing. */
  durations: StepDuration[];
}

export function formatNanoseconds(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}

/** "1.23 µs (1.20–1.31)": the median with the spread of the rounds. */
export function formatSpreadNs(value: Spread): string {
  return `${formatNanoseconds(value.median)} (${formatNanoseconds(value.min)}–${formatNanoseconds(value.max)})`;
}

/** "1.08× (1.05–1.12)". */
export function formatRatio(value: Spread): string {
  return `${value.median.toFixed(2)}× (${value.min.toFixed(2)}–${value.max.toFixed(2)})`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [
    `# Benchmark results (${report.mode} run)`,
    '',
    `Run ${report.startedAt}, took ${Math.round(report.durationSeconds)} s.`,
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    ...Object.entries(report.machine).map(([key, value]) => `| ${key} | ${String(value)} |`),
    '',
  ];
  const pushTable = (table: ResultTable) => {
    lines.push(`**${table.caption}**`, '', `| ${table.header.join(' | ')} |`, `|${table.header.map(() => '---').join('|')}|`);
    for (const row of table.rows) lines.push(`| ${row.join(' | ')} |`);
    lines.push('');
  };
  for (const section of report.sections) {
    lines.push(`## ${section.title}`, '', section.method, '');
    section.tables.forEach(pushTable);
  }
  lines.push('## Section durations', '', 'Wall-clock seconds of each step, in run order; a fixture shared by several sections is its own step.', '');
  pushTable({
    caption: `${Math.round(report.durationSeconds)} s in all`,
    header: ['step', 'seconds'],
    rows: report.durations.map(({ step, seconds }) => [step, seconds.toFixed(0)]),
  });
  // Last, so the console output of a run ends with the verdicts.
  lines.push('## Targets', '', 'Every figure with a target, gathered from the sections above; met/missed is judged on the median.', '');
  pushTable(targetSummaryTable(report.sections));
  return `${lines.join('\n')}\n`;
}

/** Writes `latest.json`, `latest.md` and a timestamped copy of the JSON under `dir`. */
export function writeReport(report: BenchReport, dir: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(dir, `${stamp}-${report.mode}.json`), json);
  writeFileSync(join(dir, `latest-${report.mode}.json`), json);
  const markdown = join(dir, `latest-${report.mode}.md`);
  writeFileSync(markdown, renderMarkdown(report));
  return { json: join(dir, `latest-${report.mode}.json`), markdown };
}
