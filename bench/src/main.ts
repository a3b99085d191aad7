/**
 * `pnpm bench [--quick] [--only=<section,…>]`: measures Authentify against the raw floor and
 * against JWT, side by side in one run, and writes bench/results/latest-<mode>.{json,md}.
 * It measures the packages as built (`dist/`, what users run): the root `pnpm bench` builds them first.
 * Everything runs on 127.0.0.1; each section is bounded in operations and time.
 */
import { join } from 'node:path';
import { type BetterAuthSessionsFixture, createBetterAuthSessionsFixture } from './fixtures/better-auth-sessions.js';
import { createSqliteSessionsFixture } from './fixtures/sqlite-sessions.js';
import { describeMachine } from './harness/machine.js';
import { type BenchReport, renderMarkdown, type SectionResult, type StepDuration, writeReport } from './harness/report.js';
import { benchPlan, type BenchPlan } from './plan.js';
import { runAlternatives } from './suites/alternatives.js';
import { runHttp } from './suites/http.js';
import { runInMemoryFloor } from './suites/in-memory-floor.js';
import { runInstrumentation } from './suites/instrumentation.js';
import { runPruneUnderLoad } from './suites/prune-under-load.js';
import { runScale } from './suites/scale.js';
import { runServerDatabases } from './suites/server-databases.js';
import { runSessionCache } from './suites/session-cache.js';
import { runSqliteOperations } from './suites/sqlite-operations.js';

const SECTIONS = ['sqlite-operations', 'session-cache', 'alternatives', 'instrumentation', 'scale', 'server-databases', 'http', 'prune-under-load'];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
// A typo would otherwise measure nothing and write an empty report.
const unknownArgs = args.filter((arg) => arg !== '--quick' && !arg.startsWith('--only='));
const unknownSections = (only ?? []).filter((id) => !SECTIONS.includes(id));
if (unknownArgs.length > 0 || unknownSections.length > 0) {
  console.error(
    `pnpm bench: unknown ${unknownArgs.length > 0 ? `argument(s) ${unknownArgs.join(' ')}` : `section(s) ${unknownSections.join(',')}`}. ` +
      `Usage: pnpm bench [--quick] [--only=${SECTIONS.join(',')}]`,
  );
  process.exit(2);
}
const plan: BenchPlan = benchPlan(quick ? 'quick' : 'full');
const wanted = (id: string) => only === undefined || only.includes(id);

const started = performance.now();
const startedAt = new Date().toISOString();
const sections: SectionResult[] = [];
const log = (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const durations: StepDuration[] = [];
/** Runs one step of the run and records its wall-clock time, for the report's durations table. */
async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const from = performance.now();
  try {
    return await run();
  } finally {
    durations.push({ step, seconds: (performance.now() - from) / 1000 });
  }
}

log(`${plan.mode} run: ${plan.sqliteSessions.toLocaleString('en-US')} SQLite sessions`);
const large = await timed('fixture: large SQLite file (shared)', () =>
  createSqliteSessionsFixture({ totalSessions: plan.sqliteSessions, knownSessions: plan.knownSessions, label: 'large' }),
);
log('large SQLite file filled');
// better-auth's own tables, as many sessions as authentify's: for the in-process and HTTP comparisons.
let betterAuth: BetterAuthSessionsFixture | null = null;
try {
  if (wanted('alternatives') || wanted('http')) {
    betterAuth = await timed('fixture: better-auth SQLite file (alternatives, http)', () =>
      createBetterAuthSessionsFixture({ totalSessions: plan.sqliteSessions, knownSessions: plan.knownSessions, label: 'better-auth' }),
    );
    log('better-auth SQLite file filled');
  }
  if (wanted('sqlite-operations')) {
    sections.push(await timed('sqlite-operations', () => runSqliteOperations(large, plan.measure)));
    // Its own section (same verification, one more floor) so it runs with the in-process operations.
    sections.push(await timed('in-memory-floor', () => runInMemoryFloor(large, plan.measure)));
    log('in-process operations measured');
  }
  if (wanted('session-cache')) {
    sections.push(await timed('session-cache', () => runSessionCache(large, plan.measure)));
    log('session cache measured');
  }
  if (wanted('alternatives')) {
    sections.push(await timed('alternatives', () => runAlternatives(large, betterAuth!, plan.measure)));
    log('better-auth and JWT measured in process');
  }
  if (wanted('instrumentation')) {
    sections.push(await timed('instrumentation', () => runInstrumentation(large, plan.measure)));
    log('OpenTelemetry wrapper measured');
  }
  if (wanted('scale')) {
    sections.push(
      await timed('scale (its small file included)', async () => {
        const small = await createSqliteSessionsFixture({
          totalSessions: plan.smallSqliteSessions,
          knownSessions: Math.min(plan.knownSessions, plan.smallSqliteSessions / 2),
          label: 'small',
        });
        try {
          return await runScale(small, large, plan.measure);
        } finally {
          await small.close();
        }
      }),
    );
    log('scale measured');
  }
  if (wanted('server-databases')) {
    sections.push(
      await timed('server-databases (their tables\' fill included)', () =>
        runServerDatabases(plan.serverSessions, plan.knownSessions, { ...plan.measure, operationsPerRound: plan.measure.operationsPerRound / 10 }),
      ),
    );
    log('PostgreSQL and MariaDB measured');
  }
  if (wanted('http')) {
    sections.push(await timed('http', () => runHttp(large, betterAuth!, plan.http)));
    log('HTTP measured');
  }
  // Last: it deletes the expired filler the other sections used.
  if (wanted('prune-under-load')) {
    sections.push(
      await timed('prune-under-load (its comparison file included)', async () => {
        const comparison =
          plan.pruneComparisonSessions === null
            ? null
            : await createSqliteSessionsFixture({
                totalSessions: plan.pruneComparisonSessions,
                knownSessions: plan.pruneComparisonSessions / 100,
                label: 'prune-comparison',
              });
        try {
          return await runPruneUnderLoad(large, comparison, plan.mode === 'full' ? 5_000 : 1_000);
        } finally {
          await comparison?.close();
        }
      }),
    );
    log('prune under load measured');
  }
} finally {
  await betterAuth?.close();
  await large.close();
}

const report: BenchReport = {
  mode: plan.mode,
  startedAt,
  durationSeconds: (performance.now() - started) / 1000,
  machine: describeMachine(),
  sections,
  durations,
};
const written = writeReport(report, join(import.meta.dirname, '..', 'results'));
console.log(`\n${renderMarkdown(report)}`);
log(`written ${written.markdown} and ${written.json}`);
