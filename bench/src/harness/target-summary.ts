import type { ResultTable, SectionResult } from './report.js';

/** One judged figure of a run, as the closing Targets table prints it. */
export interface GatheredTarget {
  /** The section's id (`sqlite-operations`, `http`, …). */
  section: string;
  comparison: string;
  measured: string;
  target: string;
  verdict: 'met' | 'missed';
}

/** Whether a table ends in `targetTable`'s columns: `targetTable` itself and `variantTable`. */
function judgesTargets(table: ResultTable): boolean {
  return table.header.at(-2) === 'target' && table.header.at(-1) === 'met/missed';
}

/**
 * Every figure with a target in every section, in report order: the rows of each table that
 * ends in `target | met/missed` (built by `targetTable` or `variantTable`) whose verdict is
 * `met` or `missed`; rows with `—` (a ratio shown without a goal) are left out. The measured
 * value is the column before `target`; when the table's first column is not `comparison`
 * (a variant table), that column's heading is added so the row says what it compares.
 *
 * @example
 * gatherTargets([{ id: 'http', title: 'HTTP', method: '', data: null, tables: [targetTable('Targets', [
 *   { comparison: 'authentify / plain rps', value: { median: 0.93, min: 0.9, max: 0.95 }, target: { kind: 'ratio', op: '>=', bound: 0.9 } },
 * ])] }]);
 * // [{ section: 'http', comparison: 'authentify / plain rps', measured: '0.93× (0.90–0.95)', target: '≥ 0.9×', verdict: 'met' }]
 */
export function gatherTargets(sections: readonly SectionResult[]): GatheredTarget[] {
  const gathered: GatheredTarget[] = [];
  for (const section of sections) {
    for (const table of section.tables.filter(judgesTargets)) {
      const measuredColumn = table.header.length - 3;
      for (const row of table.rows) {
        const verdict = row.at(-1);
        if (verdict !== 'met' && verdict !== 'missed') continue;
        const comparison = table.header[0] === 'comparison' ? row[0]! : `${row[0]!} ${table.header[measuredColumn]!}`;
        gathered.push({ section: section.id, comparison, measured: row[measuredColumn]!, target: row.at(-2)!, verdict });
      }
    }
  }
  return gathered;
}

/** The closing table of a report: every gathered target, and how many were met. */
export function targetSummaryTable(sections: readonly SectionResult[]): ResultTable {
  const gathered = gatherTargets(sections);
  const met = gathered.filter((figure) => figure.verdict === 'met').length;
  return {
    caption: `${met} of ${gathered.length} targets met`,
    header: ['section', 'comparison', 'measured', 'target', 'met/missed'],
    rows: gathered.map((figure) => [figure.section, figure.comparison, figure.measured, figure.target, figure.verdict]),
  };
}
