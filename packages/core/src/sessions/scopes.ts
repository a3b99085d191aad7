import { AuthentifyError } from '../errors.js';

/** An RFC 6749 §3.3 scope-token: printable ASCII without space, `"` or `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const MAX_SCOPE_LENGTH = 128;
const MAX_SCOPES = 64;

/**
 * Why `value` is not a list of scopes (1–64 distinct RFC 6749 scope tokens of at most 128
 * characters), or `null` when it is one.
 */
export function scopesProblem(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return "must be a non-empty array of scope strings such as ['repo:read'].";
  if (value.length > MAX_SCOPES) return `must have at most ${MAX_SCOPES} scopes, got ${value.length}.`;
  const seen = new Set<string>();
  for (const scope of value) {
    if (typeof scope !== 'string' || scope.length > MAX_SCOPE_LENGTH || !SCOPE_TOKEN.test(scope)) {
      return `has ${JSON.stringify(scope)}, which is not a scope: 1–${MAX_SCOPE_LENGTH} printable ASCII characters without spaces, quotes or backslashes (RFC 6749 §3.3).`;
    }
    if (seen.has(scope)) return `repeats the scope ${JSON.stringify(scope)}.`;
    seen.add(scope);
  }
  return null;
}

/** The scopes of a call's argument, checked; `invalid_argument` naming `option` otherwise. */
export function checkScopes(value: unknown, option: string): readonly string[] {
  const problem = scopesProblem(value);
  if (problem !== null) throw new AuthentifyError('invalid_argument', `${option} ${problem}`);
  return value as string[];
}

/**
 * The scopes of `required` that `granted` lacks (empty when it has them all). `granted: null`
 * is an unrestricted credential — a login's session — and lacks nothing.
 */
export function missingScopes(granted: readonly string[] | null, required: readonly string[]): string[] {
  if (granted === null) return [];
  return required.filter((scope) => !granted.includes(scope));
}
