import { configurationError } from '../errors.js';
import { describeType } from '../options/duration.js';

/**
 * Where Authentify writes what an operator must see: storage failures (rate-limited) and
 * development warnings. `console` fits; so does any logger with `error` and `warn` methods that
 * take a string (pino, winston, a `console`-shaped wrapper). Messages never contain a token or a
 * digest.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const log = pino();
 * createAuthentify({ storage, logger: { error: (m) => log.error(m), warn: (m) => log.warn(m) } });
 * ```
 */
export interface AuthentifyLogger {
  /** A failure the operator must act on (the storage failed). */
  error(message: string): void;
  /** A problem that does not fail the request but will bite (a cookie the browser drops). */
  warn(message: string): void;
}

/** `console` unless `logger` is given; `null` for `logger: false` (silence). */
export function resolveLogger(logger: unknown): AuthentifyLogger | null {
  if (logger === undefined) return console;
  if (logger === false) return null;
  if (typeof logger !== 'object' || logger === null) {
    throw configurationError('logger', `expected false or an object with error() and warn(), such as console, got ${describeType(logger)}.`);
  }
  for (const method of ['error', 'warn'] as const) {
    if (typeof (logger as Record<string, unknown>)[method] !== 'function') {
      throw configurationError(`logger.${method}`, `must be a function taking a message, got ${describeType((logger as Record<string, unknown>)[method])}.`);
    }
  }
  return logger as AuthentifyLogger;
}
