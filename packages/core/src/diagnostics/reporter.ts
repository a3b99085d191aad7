import type { Clock } from '../options/options.js';
import type { AuthentifyLogger } from './logger.js';
import { redactSecrets } from './redact.js';
import { classifyStorageFailure, type StorageFailureCode, type StorageFailureEvent } from './storage-failure.js';

/** How long after a logged storage failure of one code the next ones are only counted. */
export const STORAGE_FAILURE_LOG_INTERVAL_MS = 60_000;

/** What core and the HTTP layer report through: every storage failure, and one-time warnings. */
export interface DiagnosticsReporter {
  /** Classifies a storage failure, calls the hook, logs (rate-limited); returns the event. */
  storageFailure(operation: string, error: unknown): StorageFailureEvent;
  /** Logs `message` as a warning the first time `key` is reported, never again. */
  warnOnce(key: string, message: string): void;
}

/**
 * A reporter. The hook sees every failure. The logger sees, per failure code, the first failure
 * in full, and afterwards at most one line per {@link STORAGE_FAILURE_LOG_INTERVAL_MS}: the
 * latest failure with the number of others since the previous line — so an outage of thousands
 * of requests a second logs a line a minute per code, not a line per request. Nothing is logged
 * by a timer: a summary waits for the next failure, which keeps edge runtimes and tests free of
 * background work.
 */
export function createDiagnosticsReporter(options: {
  logger: AuthentifyLogger | null;
  onStorageFailure: ((event: StorageFailureEvent) => void | Promise<void>) | undefined;
  clock: Clock;
}): DiagnosticsReporter {
  const { logger, onStorageFailure, clock } = options;
  const lastLogged = new Map<StorageFailureCode, { at: number; suppressed: number }>();
  const warned = new Set<string>();

  const log = (event: StorageFailureEvent): void => {
    if (logger === null) return;
    const now = clock();
    const previous = lastLogged.get(event.code);
    if (previous !== undefined && now - previous.at < STORAGE_FAILURE_LOG_INTERVAL_MS) {
      previous.suppressed += 1;
      return;
    }
    lastLogged.set(event.code, { at: now, suppressed: 0 });
    const since = previous === undefined || previous.suppressed === 0
      ? ''
      : ` (${previous.suppressed} more ${event.code} failure${previous.suppressed === 1 ? '' : 's'} since the last report)`;
    logger.error(
      `[authentify] Storage failure (${event.code}) in ${event.operation}()${since}: ${event.message} ` +
        `Clients are answered 503 storage_unavailable. Further ${event.code} failures are counted and reported at most once a minute.`,
    );
  };

  return {
    storageFailure(operation, error) {
      const { code, message } = classifyStorageFailure(error);
      const event: StorageFailureEvent = { operation, code, message: redactSecrets(message), cause: error };
      log(event);
      if (onStorageFailure !== undefined) callHook(onStorageFailure, event, logger);
      return event;
    },
    warnOnce(key, message) {
      if (warned.has(key)) return;
      warned.add(key);
      logger?.warn(`[authentify] ${message}`);
    },
  };
}

/**
 * The hook is not awaited and what it throws is logged, not thrown: the request already failed
 * with `storage_unavailable`, and a broken monitoring hook must not turn that 503 into a 500.
 */
function callHook(
  hook: (event: StorageFailureEvent) => void | Promise<void>,
  event: StorageFailureEvent,
  logger: AuthentifyLogger | null,
): void {
  const report = (error: unknown): void => {
    logger?.error(`[authentify] hooks.onStorageFailure threw: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
  };
  try {
    const result = hook(event);
    if (result instanceof Promise) result.catch(report);
  } catch (error) {
    report(error);
  }
}
