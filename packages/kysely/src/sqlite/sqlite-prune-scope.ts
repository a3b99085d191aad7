import type { PruneScope } from '@authentify/core';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

const MiB = 1024 * 1024;

/** How the WAL is kept bounded during a prune; the defaults suit a production file. */
export interface SqlitePruneLimits {
  /** Past this much WAL, a batch waits (without blocking) for the worker's checkpoint to catch up. [32 MiB] */
  walWaitBytes?: number;
  /** `journal_size_limit` during the prune when the connection has none: what a reset WAL is cut back to. [64 MiB] */
  journalSizeLimitBytes?: number;
}

/** How many checkpoints a batch waits for at most: a reader of another process may pin old frames. */
const MAX_WAITS = 4;

/**
 * The scope of a prune on a SQLite file in WAL mode opened with `sqliteDatabase`. A batch is
 * synchronous, and so would be the checkpoint SQLite runs after a commit once the WAL passes
 * 1,000 pages (an fsync of the database file, 10–30 ms during which nothing else runs). So,
 * from the second batch on (a prune with nothing to delete costs nothing):
 *
 * - a worker thread with its own connection runs `wal_checkpoint(PASSIVE)` after each batch,
 *   beside the event loop, and `TRUNCATE` at the end;
 * - `wal_autocheckpoint` is off on this connection, `journal_size_limit` set if it had none;
 * - before a batch, when the WAL passed `walWaitBytes` and the checkpoints fell behind, the batch
 *   awaits the worker's checkpoint, so the WAL stays bounded (without this it grew to 3–4 GB).
 *
 * `end` stops the worker and restores both pragmas, whatever happened. When the worker cannot
 * start — an in-memory database, no WAL, no `worker_threads`, a driver it cannot load — nothing
 * changes: the batches stay time-bounded and SQLite checkpoints as usual.
 */
export function beginSqlitePrune(database: SqliteDatabase, limits: SqlitePruneLimits = {}): PruneScope {
  const walWaitBytes = limits.walWaitBytes ?? 32 * MiB;
  const journalSizeLimitBytes = limits.journalSizeLimitBytes ?? 64 * MiB;
  let starting: Promise<Started | undefined> | undefined;

  const start = async (): Promise<Started | undefined> => {
    const pragma = database.pragma?.bind(database);
    const file = database.name;
    if (pragma === undefined || database.memory === true || file === undefined || file === '' || file === ':memory:') return undefined;
    if (String(pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return undefined;
    const driver = await resolveDriver();
    if (driver === undefined) return undefined;
    const checkpointer = await startWalCheckpointer({ file, driver, journalSizeLimitBytes });
    if (checkpointer === undefined) return undefined;
    const autocheckpoint = Number(pragma('wal_autocheckpoint', { simple: true }));
    const journalSizeLimit = Number(pragma('journal_size_limit', { simple: true }));
    const pageSize = Number(pragma('page_size', { simple: true }));
    pragma('wal_autocheckpoint = 0', { simple: true });
    if (journalSizeLimit < 0) pragma(`journal_size_limit = ${journalSizeLimitBytes}`, { simple: true });
    return {
      checkpointer,
      // A WAL frame is a page and its 24-byte header.
      waitFrames: Math.max(1, Math.floor(walWaitBytes / (pageSize + 24))),
      restore: () => {
        pragma(`wal_autocheckpoint = ${autocheckpoint}`, { simple: true });
        pragma(`journal_size_limit = ${journalSizeLimit}`, { simple: true });
      },
    };
  };

  return {
    async beforeBatch() {
      const started = await (starting ??= start());
      if (started === undefined) return;
      const { checkpointer, waitFrames } = started;
      for (let wait = 0; wait < MAX_WAITS; wait++) {
        const running = checkpointer.running ?? checkpointer.checkpoint('PASSIVE');
        const latest = checkpointer.latest;
        // Caught up (the next commit restarts the WAL from its beginning) or still small: go on.
        if (latest === undefined || latest.log < waitFrames || latest.checkpointed >= latest.log) return;
        await running;
      }
    },
    async end() {
      if (starting === undefined) return;
      const started = await starting;
      if (started === undefined) return;
      try {
        const passive = await started.checkpointer.checkpoint('PASSIVE');
        if (passive.busy === 0 && passive.checkpointed >= passive.log) await started.checkpointer.checkpoint('TRUNCATE');
      } finally {
        try {
          started.restore();
        } finally {
          await started.checkpointer.close();
        }
      }
    },
  };
}

interface Started {
  checkpointer: WalCheckpointer;
  waitFrames: number;
  restore(): void;
}

/** The better-sqlite3 this package resolves (a peer dependency), or `undefined` where there is none. */
async function resolveDriver(): Promise<string | undefined> {
  try {
    // Loaded here, not at the top: the package also runs where there is no `node:module`.
    const { createRequire } = await import('node:module');
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return undefined;
  }
}
