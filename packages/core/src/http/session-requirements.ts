import { configurationError } from '../errors.js';
import { type Duration, parseDuration } from '../options/duration.js';

/**
 * What `required({ … })` of an adapter asks of a session beyond being valid.
 *
 * - `freshWithin` — the session must have been authenticated (logged in, or re-authenticated
 *   with `auth.reauthenticate`) less than this long ago, else the request is refused with 403
 *   `reauthentication_required` ("sudo mode"). [none]
 */
export interface RequiredOptions {
  freshWithin?: Duration;
}

/** {@link RequiredOptions}, validated: durations in milliseconds. */
export interface SessionRequirements {
  readonly freshWithinMs: number | null;
}

/**
 * Validates the options of `required({ … })` once, when the middleware is created.
 *
 * @throws AuthentifyError `invalid_configuration` naming the option (`freshWithin`).
 * @example
 * ```ts
 * const requirements = resolveSessionRequirements({ freshWithin: '10m' }); // { freshWithinMs: 600000 }
 * ```
 */
export function resolveSessionRequirements(options: unknown): SessionRequirements {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw configurationError('required', 'expects an options object such as { freshWithin: \'10m\' }.');
  }
  const unknown = Object.keys(options).filter((key) => key !== 'freshWithin');
  if (unknown.length > 0) throw configurationError(`required.${unknown[0]}`, 'is not an option of required(); the only one is freshWithin.');
  const { freshWithin } = options as RequiredOptions;
  if (freshWithin === undefined) return Object.freeze({ freshWithinMs: null });
  const freshWithinMs = parseDuration(freshWithin, 'freshWithin');
  if (freshWithinMs <= 0) throw configurationError('freshWithin', 'must be a positive duration, such as \'10m\'.');
  return Object.freeze({ freshWithinMs });
}

/** Whether `value` is the options object of `required({ … })` rather than a request or a handler. */
export function isRequiredOptions(value: unknown): value is RequiredOptions {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
