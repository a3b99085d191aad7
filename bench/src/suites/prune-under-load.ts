import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { PruneProgress } from '@authentify/core';
import { copySqliteSessionsFixture, type SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { formatCount, formatNanoseconds, type SectionResult } from '../harness/report.js';
import { maximum, percentile } from '../harness/stats.js';
import { benchAuthentify } from './sqlite-operations.js';

interface PruneSetup {
  label: string;
  batchSize: number;
  where: 'same process' | 'separate process';
  /** Whether it runs on the large table, or on the comparison table when one is given. */
  table: 'large' | 'comparison';
}

const SETUPS: PruneSetup[] = [
  { label: 'same process, batches of 1,000 (the default)', batchSize: 1_000, where: 'same process', table: 'large' },
  { label: 'same process, batches of 100', batchSize: 100, where: 'same process', table: 'comparison' },
  { label: 'separate process, batches of 1,000', batchSize: 1_000, where: 'separate process', table: 'comparison' },
];

/**
 * Verifications arrive one at a time, each queued behind whatever the event loop is doing (as a
 * request would be), and their latency counts from arrival: first alone, then while every expired
 * session is pruned — in the same process with two batch sizes, and from a separate process.
 * Each set-up starts from a fresh copy of its file. The default set-up prunes the large table;
 * the two alternatives prune `comparison` when given (a full run: pruning a million sessions
 * three times would take most of the time budget), else the large table too.
 */
export async function runPruneUnderLoad(
  large: SqliteSessionsFixture,
  comparison: SqliteSessionsFixture | null,
  baselineMs: number,
): Promise<SectionResult> {
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  for (const setup of SETUPS) {
    const source = setup.table === 'comparison' && comparison !== null ? comparison : large;
    const fixture = copySqliteSessionsFixture(source, `prune-${setup.batchSize}`);
    const table = `${formatCount(source.totalSessions - source.accessTokens.length)} of ${formatCount(source.totalSessions)}`;
    try {
      const verifyOnce = verifier(fixture);
      const baseline: number[] = [];
      const baselineEnd = performance.now() + baselineMs;
      for (let index = 0; performance.now() < baselineEnd; index++) baseline.push(await verifyOnce(index));

      const during: number[] = [];
      let pruning = true;
      const started = performance.now();
      const prune = startPrune(fixture, setup).finally(() => {
        pruning = false;
      });
      for (let index = 0; pruning; index++) during.push(await verifyOnce(index));
      const report = await prune;
      const seconds = (performance.now() - started) / 1000;

      rows.push(
        [setup.label, table, 'alone', ...latencyColumns(baseline), '—'],
        [setup.label, table, 'during the prune', ...latencyColumns(during), `${formatCount(report.deletedSessions)} in ${seconds.toFixed(1)} s (${formatCount(report.deletedSessions / seconds)}/s)`],
      );
      data[setup.label] = { totalSessions: source.totalSessions, baseline: summary(baseline), during: summary(during), prune: report, seconds };
    } finally {
      await fixture.close();
    }
  }
  return {
    id: 'prune-under-load',
    title: `Pruning ${formatCount(large.totalSessions - large.accessTokens.length)} expired sessions while verifications go on`,
    method:
      'A fresh copy of a session file per set-up, in which all sessions but the live ones expired a day ago; the second column says how many of how many are pruned. ' +
      'Verifications run one after another in this process, each queued on the event loop like an arriving request, so a latency includes any prune batch running when it arrived. ' +
      'better-sqlite3 is synchronous: in the same process a batch blocks the event loop for its whole duration, which bounds the p99; from a separate process, WAL lets readers go on beside the writer.',
    tables: [
      {
        caption: 'Verification latency, from arrival to answer',
        header: ['prune set-up', 'expired / sessions', 'verifications', 'count', 'p50', 'p99', 'max', 'prune'],
        rows,
      },
    ],
    data,
  };
}

function verifier(fixture: SqliteSessionsFixture): (index: number) => Promise<number> {
  const auth = benchAuthentify(fixture);
  const tokens = fixture.accessTokens;
  return async (index) => {
    const arrived = process.hrtime.bigint();
    await new Promise((resolve) => setImmediate(resolve));
    const result = await auth.authenticateToken(tokens[Math.floor(Math.random() * tokens.length)]!, 'header');
    if (!result.ok) throw new Error(`verification ${index} failed during the prune benchmark: ${result.reason}`);
    return Number(process.hrtime.bigint() - arrived);
  };
}

async function startPrune(fixture: SqliteSessionsFixture, setup: PruneSetup): Promise<PruneProgress> {
  if (setup.where === 'same process') return benchAuthentify(fixture).pruneSessions({ batchSize: setup.batchSize });
  const benchDir = join(import.meta.dirname, '..', '..');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(benchDir, 'src', 'prune-worker.ts'), fixture.file, String(setup.batchSize)],
    { cwd: benchDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`prune worker exited with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as PruneProgress;
}

function latencyColumns(latencies: number[]): string[] {
  return [
    formatCount(latencies.length),
    formatNanoseconds(percentile(latencies, 50)),
    formatNanoseconds(percentile(latencies, 99)),
    formatNanoseconds(maximum(latencies)),
  ];
}

function summary(latencies: number[]): Record<string, number> {
  return {
    count: latencies.length,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
    max: maximum(latencies),
  };
}
