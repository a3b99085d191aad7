import { formatNanoseconds, formatRatio, type ResultTable } from './report.js';
import type { Spread } from './stats.js';

/**
 * A goal a section sets for one of its figures, printed next to the figure as
 * `comparison | measured | target | met/missed`. Any suite can declare targets this way:
 *
 * - `{ kind: 'ratio', op: '<=' | '>=' | '<' | '>', bound }` for a ratio such as authentify / raw
 *   floor (`value` is the round-by-round Spread from `pairedRatio`), shown as `≤ 2×`, `≥ 0.9×`…;
 * - `{ kind: 'duration', op, bound }` for a time in nanoseconds (`value` is a Spread of
 *   nanoseconds), shown as `< 5.00 ms`.
 *
 * Only the median decides met/missed: the min–max spread is printed so a reader can see when a
 * verdict sits inside the noise, but a single slow round must not flip it.
 *
 * @example
 * const table = targetTable('Targets', [
 *   { comparison: 'Hono: authentify / raw floor rps', value: pairedRatio(a, b), target: { kind: 'ratio', op: '>=', bound: 0.9 } },
 *   { comparison: 'prune p99 pause', value: spread(pauses), target: { kind: 'duration', op: '<', bound: 5_000_000 } },
 * ]);
 * // table.rows[0] = ['Hono: authentify / raw floor rps', '0.93× (0.90–0.95)', '≥ 0.9×', 'met']
 */
export interface Target {
  kind: 'ratio' | 'duration';
  op: '<=' | '>=' | '<' | '>';
  bound: number;
}

export interface TargetedFigure {
  comparison: string;
  value: Spread;
  /** Omitted: the figure is printed with `—` as its target and no verdict (a ratio worth showing that has no goal). */
  target?: Target;
}

const SYMBOL: Record<Target['op'], string> = { '<=': '≤', '>=': '≥', '<': '<', '>': '>' };

/** "≤ 2×", "≥ 0.9×", "< 5.00 ms". */
export function formatTarget(target: Target): string {
  const bound = target.kind === 'ratio' ? `${target.bound}×` : formatNanoseconds(target.bound);
  return `${SYMBOL[target.op]} ${bound}`;
}

/** Whether the median meets the target; a NaN median (nothing measured) never does. */
export function targetMet(target: Target, value: Spread): boolean {
  const measured = value.median;
  if (Number.isNaN(measured)) return false;
  switch (target.op) {
    case '<=':
      return measured <= target.bound;
    case '>=':
      return measured >= target.bound;
    case '<':
      return measured < target.bound;
    case '>':
      return measured > target.bound;
  }
}

function formatValue(figure: TargetedFigure): string {
  if (figure.target?.kind === 'duration') {
    const { median, min, max } = figure.value;
    return `${formatNanoseconds(median)} (${formatNanoseconds(min)}–${formatNanoseconds(max)})`;
  }
  return formatRatio(figure.value);
}

/** A report table of figures with their targets and verdicts, ready for a section's `tables`. */
export function targetTable(caption: string, figures: readonly TargetedFigure[]): ResultTable {
  return {
    caption,
    header: ['comparison', 'measured', 'target', 'met/missed'],
    rows: figures.map((figure) => [
      figure.comparison,
      formatValue(figure),
      figure.target === undefined ? '—' : formatTarget(figure.target),
      figure.target === undefined ? '—' : targetMet(figure.target, figure.value) ? 'met' : 'missed',
    ]),
  };
}
