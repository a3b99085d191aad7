import type { TableNames } from '../../src/index.js';

/** What a storage worker connects to. */
export interface WorkerConfig {
  /** The database the worker shares with the test. */
  database: { kind: 'postgres'; url: string } | { kind: 'mysql'; url: string } | { kind: 'sqlite'; file: string };
  /** The test file's tables. */
  tables: TableNames;
  /**
   * Create the worker's storage with a session cache: `true` on SQLite (`sessionCache: {}`), and
   * on Postgres and MySQL its `maxStalenessMs`.
   */
  sessionCache?: boolean | { maxStalenessMs: number };
}

/** One request to a worker; each gets one answer. */
export type WorkerRequest =
  | { op: 'authenticate'; token: string }
  | { op: 'revoke'; sessionId: string }
  | { op: 'loginRace'; userId: string; count: number; max: number }
  | { op: 'rotateRace'; sessionId: string; expectedRefreshDigest: string; count: number };
