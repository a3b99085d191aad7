import type { PruneScope } from '@authentify/core';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

const MiB = 1024 * 1024;

/** How the WAL is kept bounded during a prune; the defaults suit a production file. */
export interface SqlitePruneLimits {
  /**
   * Past this much -wal file, a batch waits (without blocking) for the worker's checkpoint, and
   * the next commit restarts the WAL and cuts the file back to half of it. [64 MiB]
   */
  walWaitBytes?: number;
}

/** How many checkpoints a batch waits for at most: a reader of another process may pin old frames. */
const MAX_WAITS = 4;

/**
 * The scope of a prune on a SQLite file in WAL mode opened with `sqliteDatabase`. A batch is
 * synchronous, and so would be the checkpoint SQLite runs after a commit once the WAL passes
 * 1,000 pages (copying pages and an fsync of the database file, on the event loop). So,
 * from the second batch on (a prune with nothing to delete costs nothing):
 *
 * - a worker thread with its own connection runs `wal_checkpoint(PASSIVE)` after each batch,
 *   beside the event loop, and `TRUNCATE` at the end;
 * - `wal_autocheckpoint` is off on this connection, and `journal_size_limit` at most half of
 *   `walWaitBytes`;
 * - before a batch, when the -wal file passed `walWaitBytes`, the batch awaits a checkpoint of
 *   the worker's, and the batch after it runs with none beside it, so that its commit restarts
 *   the WAL and cuts the file back: the file stays within `walWaitBytes` and one batch (without
 *   this it grew to 3–4 GB).
 *
 * `end` stops the worker and restores both pragmas, whatever happened. When the worker cannot
 * start — an in-memory database, no WAL, no `worker_threads`, a driver it cannot load — nothing
 * changes: the batches stay time-bounded and SQLite checkpoints as usual.
 */
export function beginSqlitePrune(database: SqliteDatabase, limits: SqlitePruneLimits = {}): PruneScope {
  const walWaitBytes = limits.walWaitBytes ?? 64 * MiB;
  const keptBytes = Math.floor(walWaitBytes / 2);
  let starting: Promise<Started | undefined> | undefined;
  let started: Started | undefined;

  const start = async (): Promise<Started | undefined> => {
    const pragma = database.pragma?.bind(database);
    const file = database.name;
    if (pragma === undefined || database.memory === true || file === undefined || file === '' || file === ':memory:') return undefined;
    if (String(pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return undefined;
    const driver = await resolveDriver();
    if (driver === undefined) return undefined;
    const checkpointer = await startWalCheckpointer({ file, driver, journalSizeLimitBytes: keptBytes });
    if (checkpointer === undefined) return undefined;
    const { statSync } = await import('node:fs');
    const autocheckpoint = Number(pragma('wal_autocheckpoint', { simple: true }));
    const journalSizeLimit = Number(pragma('journal_size_limit', { simple: true }));
    const restore = (): void => {
      pragma(`wal_autocheckpoint = ${autocheckpoint}`, { simple: true });
      pragma(`journal_size_limit = ${journalSizeLimit}`, { simple: true });
    };
    try {
      pragma('wal_autocheckpoint = 0', { simple: true });
      // Under the bound: a restart cuts the file back below it, so that past it, its size is the log's.
      const retained = journalSizeLimit < 0 ? keptBytes : Math.min(journalSizeLimit, keptBytes);
      pragma(`journal_size_limit = ${retained}`, { simple: true });
    } catch (error) {
      try {
        restore();
      } finally {
        await checkpointer.close();
      }
      throw error;
    }
    return {
      checkpointer,
      restarting: false,
      walBytes: () => {
        try {
          return statSync(`${file}-wal`).size;
        } catch {
          return 0;
        }
      },
      restore,
    };
  };

  return {
    async beforeBatch() {
      // Started in the background: until the worker is up, SQLite checkpoints as usual.
      // A failure to start (a pragma refused, say) leaves the prune as it would be without it.
      starting ??= start().then(
        (result) => (started = result),
        () => undefined,
      );
      const current = started;
      if (current === undefined) return;
      const { checkpointer } = current;
      if (checkpointer.closed) {
        // The thread died: SQLite checkpoints on this connection again for the rest of the prune.
        current.restore();
        started = undefined;
        return;
      }
      if (current.restarting || current.walBytes() <= walWaitBytes) {
        // Small, or the last batch restarted it: checkpoint beside the next batch.
        current.restarting = false;
        if (checkpointer.running === undefined) void checkpointer.checkpoint('PASSIVE');
        return;
      }
      // SQLite restarts the WAL from its beginning (cutting the file back to journal_size_limit)
      // only at a commit that began after a checkpoint copied every frame, with no checkpoint
      // running: one beside every batch never lets that happen, and the WAL grows to gigabytes.
      // So, past the bound, wait (the event loop runs meanwhile) for a checkpoint begun after the
      // last batch, and let the next batch run alone.
      await checkpointer.running;
      for (let wait = 0; wait < MAX_WAITS; wait++) {
        const result = await checkpointer.checkpoint('PASSIVE');
        if (result.checkpointed >= result.log) break;
      }
      current.restarting = true;
    },
    async end() {
      const running = await starting;
      if (running === undefined) return;
      try {
        const passive = await running.checkpointer.checkpoint('PASSIVE');
        if (passive.busy === 0 && passive.checkpointed >= passive.log) await running.checkpointer.checkpoint('TRUNCATE');
      } finally {
        try {
          running.restore();
        } finally {
          await running.checkpointer.close();
        }
      }
    },
  };
}

interface Started {
  checkpointer: WalCheckpointer;
  /** Set after a wait: the next batch runs with no checkpoint beside it, so its commit restarts the WAL. */
  restarting: boolean;
  /** The size of the -wal file: past the retained `journal_size_limit`, where the log has reached. */
  walBytes(): number;
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
