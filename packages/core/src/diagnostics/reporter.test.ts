import { describe, expect, it } from 'vitest';
import { createTestClock } from '../testing/test-clock.js';
import { createDiagnosticsReporter, STORAGE_FAILURE_LOG_INTERVAL_MS } from './reporter.js';
import { SessionStorageError, type StorageFailureEvent } from './storage-failure.js';

function capture() {
  const lines: { level: 'error' | 'warn'; message: string }[] = [];
  return {
    lines,
    logger: {
      error: (message: string) => void lines.push({ level: 'error', message }),
      warn: (message: string) => void lines.push({ level: 'warn', message }),
    },
  };
}

const missing = new SessionStorageError('schema_missing', 'no such table: authentify_sessions. Run the migrations.');
const down = new SessionStorageError('unreachable', 'connect ECONNREFUSED 127.0.0.1:1.');

describe('the diagnostics reporter', () => {
  it('logs the first failure of each code in full, then counts until the interval has passed', () => {
    const clock = createTestClock();
    const { lines, logger } = capture();
    const reporter = createDiagnosticsReporter({ logger, onStorageFailure: undefined, clock });
    reporter.storageFailure('findSessionByAccessDigest', missing);
    for (let i = 0; i < 500; i += 1) reporter.storageFailure('findSessionByAccessDigest', missing);
    reporter.storageFailure('createSession', down);
    expect(lines.map((line) => line.message)).toEqual([
      '[authentify] Storage failure (schema_missing) in findSessionByAccessDigest(): no such table: authentify_sessions. Run the migrations. Clients are answered 503 storage_unavailable. Further schema_missing failures are counted and reported at most once a minute.',
      '[authentify] Storage failure (unreachable) in createSession(): connect ECONNREFUSED 127.0.0.1:1. Clients are answered 503 storage_unavailable. Further unreachable failures are counted and reported at most once a minute.',
    ]);
    clock.advanceMs(STORAGE_FAILURE_LOG_INTERVAL_MS);
    reporter.storageFailure('rotateTokens', missing);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toEqual({
      level: 'error',
      message: expect.stringContaining('Storage failure (schema_missing) in rotateTokens() (500 more schema_missing failures since the last report): no such table'),
    });
  });

  it('gives the hook every failure, unthrottled, with operation, code, message and cause', () => {
    const events: StorageFailureEvent[] = [];
    const reporter = createDiagnosticsReporter({ logger: null, onStorageFailure: (event) => void events.push(event), clock: Date.now });
    reporter.storageFailure('findSessionById', missing);
    reporter.storageFailure('findSessionById', missing);
    expect(events).toEqual([
      { operation: 'findSessionById', code: 'schema_missing', message: missing.message, cause: missing },
      { operation: 'findSessionById', code: 'schema_missing', message: missing.message, cause: missing },
    ]);
  });

  it('logs what a hook throws or rejects with instead of throwing it', async () => {
    const { lines, logger } = capture();
    const throwing = createDiagnosticsReporter({ logger, onStorageFailure: () => { throw new Error('statsd down'); }, clock: Date.now });
    expect(() => throwing.storageFailure('createSession', down)).not.toThrow();
    const rejecting = createDiagnosticsReporter({ logger, onStorageFailure: () => Promise.reject(new Error('webhook 500')), clock: Date.now });
    rejecting.storageFailure('createSession', down);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => line.message).filter((message) => message.includes('hooks.onStorageFailure'))).toEqual([
      '[authentify] hooks.onStorageFailure threw: statsd down',
      '[authentify] hooks.onStorageFailure threw: webhook 500',
    ]);
  });

  it('never logs a digest that a driver quoted in its message', () => {
    const { lines, logger } = capture();
    const events: StorageFailureEvent[] = [];
    const reporter = createDiagnosticsReporter({ logger, onStorageFailure: (event) => void events.push(event), clock: Date.now });
    const digest = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    reporter.storageFailure('createSession', new Error(`Duplicate entry '${digest}' for key 'PRIMARY'`));
    expect(lines[0]?.message).toContain("Duplicate entry '[redacted]'");
    expect(lines[0]?.message).not.toContain(digest);
    expect(events[0]?.message).not.toContain(digest);
  });

  it('warns once per key', () => {
    const { lines, logger } = capture();
    const reporter = createDiagnosticsReporter({ logger, onStorageFailure: undefined, clock: Date.now });
    reporter.warnOnce('secure-cookie-over-http', 'Cookies are dropped.');
    reporter.warnOnce('secure-cookie-over-http', 'Cookies are dropped.');
    expect(lines).toEqual([{ level: 'warn', message: '[authentify] Cookies are dropped.' }]);
  });
});
