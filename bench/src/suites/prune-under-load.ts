import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createAuthentify, type PruneProgress } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
import { copySqliteSessionsFixture, type SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { formatCount, formatNanoseconds, type SectionResult } from '../harness/report.js';
import { maximum, percentile, spread } from '../harness/stats.js';
import { targetTable } from '../harness/targets.js';
import { benchAuthentify } from './sqlite-operations.js';

interface PruneSetup {
  label: string;
  /** `default`: `pruneSessions()` as shipped; `fixed-1000`: the prune before issue 13 (Kysely batches of 1,000, no WAL handling). */
  batches: 'default' | 'fixed-1000';
  where: 'same process' | 'separate process';
  /** Whether it runs on the large table, or on the comparison table when one is given. */
  table: 'large' | 'comparison';
}

const NEW_DEFAULT = 'same process, time-bounded batches (the default)';
const OLD_FIXED = 'same process, fixed batches of 1,000 (before)';
const SETUPS: PruneSetup[] = [
  { label: NEW_DEFAULT, batches: 'default', where: 'same process', table: 'large' },
  { label: `${NEW_DEFAULT}, comparison table`, batches: 'default', where: 'same process', table: 'comparison' },
  { label: OLD_FIXED, batches: 'fixed-1000', where: 'same process', table: 'comparison' },
  { label: 'separate process, the default', batches: 'default', where: 'separate process', table: 'comparison' },
];

interface Measured {
  during: number[];
  rate: number;
}

/**
 * Verifications arrive one at a time, each queued behind whatever the event loop is doing (as a
 * request would be), and their latency counts from arrival: first alone, then while every expired
 * session is pruned. The default prune (batches stopped after ~100 rows or ~2 ms, a pause for
 * the event loop between them, the WAL checkpointed from a worker thread) runs on the large
 * table; on the comparison table (a full run: pruning a million sessions several times would
 * take most of the time budget) it runs again next to the prune before issue 13 (Kysely batches
 * of 1,000, SQLite's own checkpoints on the event loop) and from a separate process, so the
 * rates compare on one table size. Each set-up starts from a fresh copy of its file.
 */
export async function runPruneUnderLoad(
  large: SqliteSessionsFixture,
  comparison: SqliteSessionsFixture | null,
  baselineMs: number,
): Promise<SectionResult> {
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  const measured = new Map<string, Measured>();
  for (const setup of SETUPS) {
    const source = setup.table === 'comparison' && comparison !== null ? comparison : large;
    const fixture = copySqliteSessionsFixture(source, `prune-${setup.batches}`);
    const table = `${formatCount(source.totalSessions - source.accessTokens.length)} of ${formatCount(source.totalSessions)}`;
    try {
      const verifyOnce = verifier(fixture);
      const baseline: number[] = [];
      const baselineEnd = performance.now() + baselineMs;
      for (let index = 0; performance.now() < baselineEnd; index++) baseline.push(await verifyOnce(index));

      const during: number[] = [];
      let pruning = true;
      let maxWalBytes = 0;
      const watchWal = (): void => void (maxWalBytes = Math.max(maxWalBytes, walBytes(fixture.file)));
      const started = performance.now();
      const prune = startPrune(fixture, setup, watchWal).finally(() => {
        pruning = false;
      });
      for (let index = 0; pruning; index++) during.push(await verifyOnce(index));
      const report = await prune;
      const seconds = (performance.now() - started) / 1000;
      const rate = report.deletedSessions / seconds;
      measured.set(setup.label, { during, rate });

      const wal = setup.where === 'same process' ? formatMiB(maxWalBytes) : '—';
      rows.push(
        [setup.label, table, 'alone', ...latencyColumns(baseline), '—', '—'],
        [setup.label, table, 'during the prune', ...latencyColumns(during), `${formatCount(report.deletedSessions)} in ${seconds.toFixed(1)} s (${formatCount(rate)}/s)`, wal],
      );
      data[setup.label] = { totalSessions: source.totalSessions, baseline: summary(baseline), during: summary(during), prune: report, seconds, rate, maxWalBytes };
    } finally {
      await fixture.close();
    }
  }
  const newDefault = measured.get(NEW_DEFAULT)!;
  const sameTable = measured.get(`${NEW_DEFAULT}, comparison table`)!;
  const oldFixed = measured.get(OLD_FIXED)!;
  const rateRatio = sameTable.rate / oldFixed.rate;
  data['targets'] = { p99DuringPrune: percentile(newDefault.during, 99), rateNewOverOld: rateRatio };
  const comparisonSize = formatCount((comparison ?? large).totalSessions);
  return {
    id: 'prune-under-load',
    title: `Pruning ${formatCount(large.totalSessions - large.accessTokens.length)} expired sessions while verifications go on`,
    method:
      'A fresh copy of a session file per set-up, in which all sessions but the live ones expired a day ago; the second column says how many of how many are pruned. ' +
      'Verifications run one after another in this process, each queued on the event loop like an arriving request, so a latency includes any prune batch (or SQLite checkpoint) running when it arrived. ' +
      'better-sqlite3 is synchronous: in the same process a batch blocks the event loop for its whole duration, so the default stops a batch after about 100 rows or 2 ms and checkpoints the WAL from a worker thread; ' +
      '"before" is the prune as it was (Kysely batches of 1,000, SQLite checkpointing on the event loop after commits). The last column is the largest -wal file seen after a batch. ' +
      'The targets are one run each (no rounds): the p99 of the default on the large table, and the rates of the default and "before" on the same table.',
    tables: [
      {
        caption: 'Verification latency, from arrival to answer',
        header: ['prune set-up', 'expired / sessions', 'verifications', 'count', 'p50', 'p99', 'max', 'prune', 'largest WAL'],
        rows,
      },
      targetTable('Targets', [
        {
          comparison: `verification p99 during the default same-process prune of ${formatCount(large.totalSessions - large.accessTokens.length)} sessions`,
          value: spread([percentile(newDefault.during, 99)]),
          target: { kind: 'duration', op: '<', bound: 5_000_000 },
        },
        {
          comparison: `prune rate, default / before (same process, ${comparisonSize} sessions)`,
          value: spread([rateRatio]),
          target: { kind: 'ratio', op: '>=', bound: 0.8 },
        },
      ]),
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

async function startPrune(fixture: SqliteSessionsFixture, setup: PruneSetup, afterBatch: () => void): Promise<PruneProgress> {
  if (setup.where === 'same process') {
    if (setup.batches === 'default') return benchAuthentify(fixture).pruneSessions({ onProgress: afterBatch });
    // The prune before issue 13: without `sqliteDatabase` it runs on Kysely, in batches of 1,000,
    // with SQLite's own checkpoints — while verification keeps its synchronous lookup.
    const storage = createKyselySessionStorage({ db: fixture.db });
    return createAuthentify({ storage, accessTtl: '7d', refreshTtl: '30d' }).pruneSessions({ batchSize: 1_000, onProgress: afterBatch });
  }
  const benchDir = join(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'src', 'prune-worker.ts'), fixture.file], {
    cwd: benchDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`prune worker exited with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as PruneProgress;
}

/** The size of the file's -wal, 0 when there is none. */
function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
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
