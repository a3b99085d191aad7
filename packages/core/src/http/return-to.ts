import type { HttpRequest } from './http-types.js';
import type { RequestTarget } from './request-target.js';

/** The query parameter a form names its destination with: `action="/auth/logout?return_to=/login"`. */
export const RETURN_TO_PARAMETER = 'return_to';

/** Longer destinations are refused: a path of ours is never this long, a smuggled URL may be. */
const MAX_RETURN_TO_LENGTH = 2048;

/** Starts with exactly one `/`: `//host` and `/\host` are read by browsers as another host. */
const SINGLE_SLASH_PATH = /^\/(?![/\\])/;

/** C0 controls, space and DEL: URL parsers drop or rewrite some of them, so none are trusted. */
const CONTROL_OR_SPACE = /[\x00-\x20\x7F]/;

/**
 * Whether the request is an HTML form's submission — a `POST` whose body type is one a `<form>`
 * sends (`application/x-www-form-urlencoded`, `multipart/form-data`). Only these get 303 answers;
 * JSON and body-less calls keep their JSON.
 */
export function isFormPost(request: HttpRequest): boolean {
  if (request.method.toUpperCase() !== 'POST') return false;
  const type = request.header('content-type');
  return typeof type === 'string' && /^\s*(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i.test(type);
}

/**
 * Whether `value` has the shape of a same-origin path: one leading `/` (not `//`, not `/\`), no
 * scheme, no control characters or spaces, at most 2 KiB. A shape check only; where it leads is
 * decided by {@link sameOriginLocation}.
 */
export function isSameOriginPathShape(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_RETURN_TO_LENGTH &&
    SINGLE_SLASH_PATH.test(value) &&
    !CONTROL_OR_SPACE.test(value)
  );
}

/**
 * The `Location` for `value` when it is a path on the request's own origin, else `null`. The path
 * is resolved against that origin (`scheme://host` of the request) and must still be on it, and
 * the resolved path must not start with `//` — `/..//evil.example` resolves to the path
 * `//evil.example`, which a browser would read as another host. The answer is the resolved,
 * percent-encoded path, query and fragment.
 */
export function sameOriginLocation(value: unknown, target: RequestTarget): string | null {
  if (!isSameOriginPathShape(value) || target.protocol === null || target.host === null) return null;
  let origin: URL;
  let resolved: URL;
  try {
    origin = new URL(`${target.protocol}//${target.host}`);
    resolved = new URL(value, origin);
  } catch {
    return null;
  }
  if (resolved.origin !== origin.origin || !SINGLE_SLASH_PATH.test(resolved.pathname)) return null;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/**
 * Where a successful form post is sent: its `return_to` query parameter when that is a
 * same-origin path, else `fallback` (the `defaultReturnTo` option), else `null` — answer JSON.
 */
export function formDestination(target: RequestTarget, fallback: string | null): string | null {
  const requested = new URLSearchParams(target.search).get(RETURN_TO_PARAMETER);
  return sameOriginLocation(requested, target) ?? sameOriginLocation(fallback, target);
}
