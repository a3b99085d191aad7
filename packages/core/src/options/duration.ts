import { configurationError } from '../errors.js';

/** A unit accepted in a duration string: milliseconds, seconds, minutes, hours, days, weeks. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

/**
 * A length of time: a number of **seconds**, or a readable string such as `'90s'`, `'15m'`,
 * `'12h'`, `'7d'` or `'2w'`.
 */
export type Duration = number | `${number}${DurationUnit}` | `${number} ${DurationUnit}`;

const MILLISECONDS_PER_UNIT: Record<DurationUnit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s?(ms|s|m|h|d|w)$/;

/** The longest duration accepted (about 100 years): beyond it, date arithmetic stops being exact. */
const MAX_DURATION_MS = 100 * 365 * 86_400_000;

/**
 * Converts a {@link Duration} to milliseconds, or throws an `invalid_configuration` error that
 * names `option`. Zero is accepted; callers that need a positive value check it themselves.
 *
 * @example
 * ```ts
 * parseDuration('15m', 'accessTtl'); // 900000
 * parseDuration(30, 'refreshReuseGrace'); // 30000
 * ```
 */
export function parseDuration(value: unknown, option: string): number {
  let milliseconds: number;
  if (typeof value === 'number') {
    milliseconds = value * 1_000;
  } else if (typeof value === 'string') {
    const match = DURATION_PATTERN.exec(value.trim());
    if (match === null) {
      throw configurationError(
        option,
        `${JSON.stringify(value)} is not a duration; use seconds (900) or a string such as '15m', '12h', '7d'.`,
      );
    }
    milliseconds = Number(match[1]) * MILLISECONDS_PER_UNIT[match[2] as DurationUnit];
  } else {
    throw configurationError(
      option,
      `expected a duration (seconds, or a string such as '15m'), got ${describeType(value)}.`,
    );
  }
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw configurationError(option, `must be a finite, non-negative duration, got ${String(value)}.`);
  }
  if (milliseconds > MAX_DURATION_MS) {
    throw configurationError(option, `must be at most 100 years, got ${String(value)}.`);
  }
  return Math.round(milliseconds);
}

/** Like {@link parseDuration}, but `null` passes through (meaning "none" / "never"). */
export function parseOptionalDuration(value: unknown, option: string): number | null {
  return value === null ? null : parseDuration(value, option);
}

/** A short description of a value's type for error messages (`null`, `array`, `string`, …). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
