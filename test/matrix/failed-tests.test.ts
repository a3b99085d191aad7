import { describe, expect, it } from 'vitest';
import { countResults, failedTests } from './failed-tests.js';

describe('failedTests', () => {
  it('names each failed test with its file and the first line of its error, without colours', () => {
    const report = {
      testResults: [
        {
          name: '/tmp/leg/packages/core/src/a.test.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'a passes', status: 'passed' },
            { fullName: 'a fails', status: 'failed', failureMessages: ['\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at stack'] },
          ],
        },
        { name: '/tmp/leg/packages/kysely/test/b.test.ts', status: 'failed', message: 'Error: connect ECONNREFUSED\nmore', assertionResults: [] },
        { name: '/tmp/leg/packages/core/src/c.test.ts', status: 'passed', assertionResults: [{ fullName: 'c', status: 'passed' }] },
      ],
    };
    expect(failedTests(report, '/tmp/leg')).toEqual([
      'packages/core/src/a.test.ts > a fails — AssertionError: expected 1 to be 2',
      'packages/kysely/test/b.test.ts (the file failed) — Error: connect ECONNREFUSED',
    ]);
  });

  it('gives a file that failed in a hook the error the hook-errors file holds for it', () => {
    const report = {
      testResults: [
        { name: '/r/hooked.test.ts', status: 'failed', message: '', assertionResults: [{ fullName: 'x', status: 'skipped' }] },
        { name: '/r/own.test.ts', status: 'failed', message: 'Error: own message', assertionResults: [] },
      ],
    };
    const hookErrors = { '/r/hooked.test.ts': 'in a beforeAll/afterAll of "outer inner": Error: Deadlock found\nstack', '/r/own.test.ts': 'not used' };
    expect(failedTests(report, '/r', hookErrors)).toEqual([
      'hooked.test.ts (the file failed) — in a beforeAll/afterAll of "outer inner": Error: Deadlock found',
      'own.test.ts (the file failed) — Error: own message',
    ]);
  });

  it('stops after 20 lines and says how many more failed', () => {
    const assertionResults = Array.from({ length: 25 }, (_, index) => ({ fullName: `t${index}`, status: 'failed', failureMessages: ['boom'] }));
    const lines = failedTests({ testResults: [{ name: '/r/x.test.ts', status: 'failed', assertionResults }] }, '/r');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe('x.test.ts > t19 — boom');
    expect(lines[20]).toBe('… and 5 more');
  });
});

describe('countResults', () => {
  it('counts a failed test once, however many describe blocks hold it, and a crashed file as one', () => {
    const report = {
      numPassedTests: 5,
      numFailedTests: 1,
      // What vitest reports for one failed test inside a describe: the file and the block.
      numFailedTestSuites: 2,
      testResults: [
        { name: '/r/a.test.ts', status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'passed' }] },
        { name: '/r/b.test.ts', status: 'failed', message: 'Error: cannot import', assertionResults: [] },
        { name: '/r/c.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    };
    expect(countResults(report)).toEqual({ passed: 5, failed: 2 });
    expect(countResults(undefined)).toEqual({ passed: 0, failed: 0 });
  });
});
