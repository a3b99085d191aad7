import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { countResults, failedTests, type VitestFailureReport } from './failed-tests.js';
import { type MatrixLeg, PROJECT_FOLDERS } from './legs.js';
import { prepareLegWorkspace } from './leg-workspace.js';
import { environmentFor, nodeLine } from './node-lines.js';
import { declaredPeers, peerOverrides } from './peer-versions.js';
import { runLogged } from './run-logged.js';
import { hookErrorsPath } from '../reporters/hook-errors-reporter.js';

/** What one leg did, as the report and `.ci/run` show it. */
export interface LegResult {
  readonly name: string;
  readonly node: string;
  /** The peer versions actually installed in the leg's workspace, by name. */
  readonly peers: Record<string, string>;
  readonly passed: number;
  readonly failed: number;
  readonly seconds: number;
  /** Why the leg could not run its tests, or which step outside the tests failed. */
  readonly problems: string[];
  /** The failed tests, one line each (file, name, first line of the error). */
  readonly failures: string[];
}

interface VitestReport extends VitestFailureReport {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
}

/** The projects of `leg` that ran no test file at all. */
function projectsThatDidNotRun(leg: MatrixLeg, folder: string, report: VitestReport): string[] {
  return leg.projects.filter((project) => {
    const prefix = join(folder, PROJECT_FOLDERS[project] ?? `no folder known for ${project}`);
    return !report.testResults.some((file) => file.name.startsWith(prefix));
  });
}

/** The version of each declared peer that the leg's workspace resolved. */
function installedPeers(root: string, folder: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const peer of declaredPeers(root)) {
    const packageDir = peer.declaredBy.replace('@authentify/', '');
    const manifest = join(folder, 'packages', packageDir, 'node_modules', peer.name, 'package.json');
    versions[peer.name] = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'missing';
  }
  return versions;
}

/** Installs, builds and tests one leg in its own workspace copy under `workDir`. */
export function runLeg(leg: MatrixLeg, options: { root: string; workDir: string }): LegResult {
  const started = Date.now();
  const folder = join(options.workDir, leg.name);
  const logFile = join(options.workDir, `${leg.name}.log`);
  const reportFile = join(options.workDir, `${leg.name}.json`);
  rmSync(logFile, { force: true });
  rmSync(reportFile, { force: true });
  rmSync(hookErrorsPath(reportFile), { force: true });
  const problems: string[] = [];
  const seconds = () => Math.round((Date.now() - started) / 1000);
  let node = `v${leg.nodeMajor}`;
  try {
    const line = nodeLine(leg.nodeMajor, join(options.workDir, 'nodes'));
    node = line.version;
    const overrides = peerOverrides(options.root, leg.peers, line.version);
    prepareLegWorkspace({ root: options.root, folder, line, overrides, logFile });
    const env = environmentFor(line);
    if (leg.typecheck) {
      try {
        runLogged('pnpm', ['run', 'typecheck'], { cwd: folder, env, logFile });
      } catch (error) {
        problems.push(`typecheck: ${(error as Error).message}`);
      }
    }
    const projects = leg.projects.flatMap((project) => ['--project', project]);
    // The suites' own output goes to the terminal: a failure must be readable in CI's log.
    // The report's path goes through the root vitest config, not `--outputFile`: vitest 4.1.0
    // (the lower end of the peer range) lets the config's reporter options win over the flag.
    const tests = spawnSync('pnpm', ['exec', 'vitest', 'run', ...projects], {
      cwd: folder,
      env: { ...env, AUTHENTIFY_VITEST_REPORT: reportFile },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as VitestReport) : undefined;
    const { passed, failed } = countResults(report);
    const missing = report ? projectsThatDidNotRun(leg, folder, report) : [];
    if (missing.length > 0) problems.push(`these projects ran no test file: ${missing.join(', ')}`);
    // Vitest also fails a run whose tests all passed (an unhandled error, a crashed worker).
    if (tests.status !== 0 && failed === 0) problems.push(`vitest exited ${tests.status ?? tests.signal} with no failed test (see its output above)`);
    const hookErrorsFile = hookErrorsPath(reportFile);
    const hookErrors = existsSync(hookErrorsFile) ? (JSON.parse(readFileSync(hookErrorsFile, 'utf8')) as Record<string, string>) : {};
    const failures = report ? failedTests(report, folder, hookErrors) : [];
    return { name: leg.name, node, peers: installedPeers(options.root, folder), passed, failed: failed + problems.length, seconds: seconds(), problems, failures };
  } catch (error) {
    problems.push((error as Error).message);
    return { name: leg.name, node, peers: {}, passed: 0, failed: problems.length, seconds: seconds(), problems, failures: [] };
  }
}
