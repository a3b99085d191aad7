import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** `hook-errors.json` beside a JSON report: file path → what failed outside any test. */
export function hookErrorsPath(jsonReport: string): string {
  return jsonReport.replace(/(\.json)?$/, '.hook-errors.json');
}

/**
 * Vitest's JSON report marks a file "failed" when a `beforeAll` or `afterAll` of one of its
 * describe blocks throws, but carries no message for it (only errors of the file itself), so CI's
 * summary could only say "the file failed". This reporter writes, for each such file, the first
 * error of the file or of its failing describe block, with the block's name, to a file beside the
 * JSON report, where the summaries (.ci/run, test/matrix/failed-tests.ts) read it.
 *
 * @example
 * // vitest.config.ts
 * reporters: ['default', ['json', { outputFile: report }], new HookErrorsReporter(hookErrorsPath(report))]
 */
export class HookErrorsReporter implements Reporter {
  readonly #outputFile: string;

  constructor(outputFile: string) {
    this.#outputFile = outputFile;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const errors: Record<string, string> = {};
    for (const module of testModules) {
      const own = module.errors()[0];
      if (own !== undefined) {
        errors[module.moduleId] = own.message || own.name || String(own.stack ?? 'an error without a message');
        continue;
      }
      for (const suite of module.children.allSuites()) {
        const error = suite.errors()[0];
        if (error === undefined) continue;
        const message = error.message || error.name || 'an error without a message';
        errors[module.moduleId] = `in a beforeAll/afterAll of "${suite.fullName}": ${message}`;
        break;
      }
    }
    writeFileSync(this.#outputFile, `${JSON.stringify(errors, null, 2)}\n`);
  }
}
