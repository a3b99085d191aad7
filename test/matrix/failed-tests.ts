/**
 * The failed tests of a vitest JSON report, one line each, for the summaries at the end of a run.
 * CI keeps only the tail of a long log, so the summary must name what failed: the full output of
 * each failure is further up.
 */

/** The parts of vitest's JSON report (the Jest-compatible format) that name failures. */
export interface VitestFailureReport {
  testResults: {
    name: string;
    status?: string;
    /** Set when the file itself failed (an import error, a failing `beforeAll`). */
    message?: string;
    assertionResults?: { fullName?: string; title?: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** At most this many lines per report: a broken leg fails hundreds of tests for one reason. */
const MAX_LINES = 20;
const MAX_MESSAGE = 160;

/**
 * `file > test name — first line of the error`, for every failed test or failed file. A file that
 * failed in a hook has no message in the report; `hookErrors` (written beside the report by
 * test/reporters/hook-errors-reporter.ts, by file path) supplies it.
 */
export function failedTests(report: VitestFailureReport, root: string, hookErrors: Record<string, string> = {}): string[] {
  const lines: string[] = [];
  for (const file of report.testResults) {
    const path = file.name.startsWith(root) ? file.name.slice(root.length).replace(/^\/+/, '') : file.name;
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) {
      lines.push(`${path} > ${test.fullName ?? test.title ?? '?'} — ${firstLine(test.failureMessages?.[0])}`);
    }
    if (failed.length === 0 && file.status === 'failed') lines.push(`${path} (the file failed) — ${firstLine(file.message || hookErrors[file.name])}`);
  }
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`];
}

function firstLine(message: string | undefined): string {
  // Vitest's messages carry ANSI colours; CI's log is read as plain text.
  const line = (message ?? 'no message').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((text) => text.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > MAX_MESSAGE ? `${trimmed.slice(0, MAX_MESSAGE)}…` : trimmed;
}

/**
 * The counts of a vitest JSON report: every failed test, plus one for each file that failed
 * without a failed test of its own (it crashed on import, or a hook failed). Not
 * `numFailedTestSuites`: vitest counts every `describe` block as a suite, so one failed test
 * inside a describe would count twice.
 */
export function countResults(
  report: (VitestFailureReport & { numPassedTests: number; numFailedTests: number }) | undefined,
): { passed: number; failed: number } {
  if (report === undefined) return { passed: 0, failed: 0 };
  const failedFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  return { passed: report.numPassedTests, failed: report.numFailedTests + failedFiles };
}
