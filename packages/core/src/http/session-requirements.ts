import { configurationError } from '../errors.js';
import { type Duration, parseDuration } from '../options/duration.js';
import { scopesProblem } from '../sessions/scopes.js';

/**
 * What `required({ … })` of an adapter asks of a session beyond being valid.
 *
 * - `freshWithin` — the session must have been authenticated (logged in, or re-authenticated
 *   with `auth.reauthenticate`) less than this long ago, else the request is refused with 403
 *   `reauthentication_required` ("sudo mode"). [none]
 * - `scopes` — the credential must carry every one of these scopes, else 403
 *   `insufficient_scope` with `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"`
 *   (RFC 6750 §3.1). An API key carries the scopes it was created with; a login's session has
 *   none set (`scopes: null`) and is not restricted, so it passes. [none]
 */
export interface RequiredOptions {
  freshWithin?: Duration;
  scopes?: readonly string[];
}

/** {@link RequiredOptions}, validated: durations in milliseconds. */
export interface SessionRequirements {
  readonly freshWithinMs: number | null;
  /** `null` when no scope is required. */
  readonly scopes: readonly string[] | null;
}

const OPTION_NAMES = ['freshWithin', 'scopes'];

/**
 * Validates the options of `required({ … })` once, when the middleware is created.
 *
 * @throws AuthentifyError `invalid_configuration` naming the option (`freshWithin`, `scopes`).
 * @example
 * ```ts
 * const requirements = resolveSessionRequirements({ freshWithin: '10m' }); // { freshWithinMs: 600000, scopes: null }
 * resolveSessionRequirements({ scopes: ['repo:read'] });                   // { freshWithinMs: null, scopes: ['repo:read'] }
 * ```
 */
export function resolveSessionRequirements(options: unknown): SessionRequirements {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw configurationError('required', "expects an options object such as { freshWithin: '10m' } or { scopes: ['repo:read'] }.");
  }
  const unknown = Object.keys(options).filter((key) => !OPTION_NAMES.includes(key));
  if (unknown.length > 0) throw configurationError(`required.${unknown[0]}`, 'is not an option of required(); the options are freshWithin and scopes.');
  const { freshWithin, scopes } = options as RequiredOptions;
  let freshWithinMs: number | null = null;
  if (freshWithin !== undefined) {
    freshWithinMs = parseDuration(freshWithin, 'freshWithin');
    if (freshWithinMs <= 0) throw configurationError('freshWithin', "must be a positive duration, such as '10m'.");
  }
  let requiredScopes: readonly string[] | null = null;
  if (scopes !== undefined) {
    const problem = scopesProblem(scopes);
    if (problem !== null) throw configurationError('scopes', problem);
    requiredScopes = Object.freeze([...scopes]);
  }
  return Object.freeze({ freshWithinMs, scopes: requiredScopes });
}

/** Whether `value` is the options object of `required({ … })` rather than a request or a handler. */
export function isRequiredOptions(value: unknown): value is RequiredOptions {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
