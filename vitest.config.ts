import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { HookErrorsReporter, hookErrorsPath } from './test/reporters/hook-errors-reporter.js';

/**
 * Where the JSON report goes: CI reads its pass/fail count from it (see .ci/run), and each leg
 * of the compatibility matrix names its own file (test/matrix/run-leg.ts).
 */
const jsonReport = process.env.AUTHENTIFY_VITEST_REPORT ?? (process.env.CI ? '.vitest-results.json' : undefined);

export default defineConfig({
  test: {
    // One worker more than there are cores: most test files wait on a database, a server, a child
    // process or a browser, so vitest's default (cores - 1: a single worker on two cores) leaves
    // the machine idle. Files never share tables, ports or folders (each has its own), so they
    // may run side by side.
    maxWorkers: availableParallelism() + 1,
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts', '{docs,bench,test}/vitest.config.ts', 'test/install/vitest.config.ts'],
    // Beside it, the errors of failed hooks, which the JSON report leaves without a message.
    reporters: jsonReport === undefined ? ['default'] : ['default', ['json', { outputFile: jsonReport }], new HookErrorsReporter(hookErrorsPath(jsonReport))],
  },
});
