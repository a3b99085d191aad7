import type { MeasureOptions } from './harness/measure.js';

/** How big and how long each part of a run is: a full run (< 10 min on 2 cores) or --quick (< 2 min). */
export interface BenchPlan {
  mode: 'full' | 'quick';
  /** Sessions in the large SQLite table. */
  sqliteSessions: number;
  /** Sessions in the small table of the scale comparison. */
  smallSqliteSessions: number;
  /** Live sessions with known tokens, spread through each table. */
  knownSessions: number;
  measure: MeasureOptions;
  /** Sessions in the Postgres and MariaDB tables. */
  serverSessions: number;
  /** Load per HTTP variant: seconds of measurement after a warm-up, and rounds. */
  http: { seconds: number; warmupSeconds: number; rounds: number; connections: number };
  /**
   * Sessions in the table on which the default prune runs again next to the former fixed batches
   * of 1,000 and from a separate process (the rate comparison), or null to run those on the large
   * table too. Pruning a million sessions takes a minute or more on two cores, so a run prunes the
   * large table once, with the default set-up.
   */
  pruneComparisonSessions: number | null;
}

export function benchPlan(mode: 'full' | 'quick'): BenchPlan {
  return mode === 'full'
    ? {
        mode,
        sqliteSessions: 1_000_000,
        smallSqliteSessions: 10_000,
        knownSessions: 10_000,
        measure: { rounds: 9, operationsPerRound: 20_000, warmupOperations: 5_000 },
        serverSessions: 100_000,
        http: { seconds: 3, warmupSeconds: 1, rounds: 3, connections: 50 },
        pruneComparisonSessions: 100_000,
      }
    : {
        mode,
        sqliteSessions: 100_000,
        smallSqliteSessions: 10_000,
        knownSessions: 5_000,
        measure: { rounds: 5, operationsPerRound: 5_000, warmupOperations: 1_000 },
        serverSessions: 20_000,
        http: { seconds: 2, warmupSeconds: 1, rounds: 1, connections: 50 },
        pruneComparisonSessions: 30_000,
      };
}
