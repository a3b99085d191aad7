/** Longer `Authorization` values are refused outright: our tokens are under 100 characters. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

/** What an `Authorization` header says about our credentials. */
export type AuthorizationParse =
  | { kind: 'absent' }
  /** A scheme that is not ours (`Basic`, a JWT scheme…): left for other middleware. */
  | { kind: 'foreign' }
  /**
   * Our scheme but not exactly one token after it (duplicates, extra words, oversized), or our
   * scheme in a later element of several joined headers (`Basic …, Bearer …`).
   */
  | { kind: 'invalid_request' }
  | { kind: 'token'; token: string };

const isWhitespace = (code: number): boolean => code === 0x20 || code === 0x09;

/**
 * Parses `Authorization: <scheme> <token>` per RFC 9110 §11.4: the scheme is matched
 * case-insensitively against `prefixes` (already lower-cased), separated from the token by
 * spaces or tabs. Never throws, whatever the input.
 */
export function parseAuthorizationHeader(
  value: string | null | undefined,
  prefixes: readonly string[],
): AuthorizationParse {
  if (typeof value !== 'string') return { kind: 'absent' };
  let start = 0;
  let end = value.length;
  while (start < end && isWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isWhitespace(value.charCodeAt(end - 1))) end--;
  if (start === end) return { kind: 'absent' };

  let schemeEnd = start;
  while (schemeEnd < end && !isWhitespace(value.charCodeAt(schemeEnd))) schemeEnd++;
  // A scheme is short; anything longer cannot be ours, and slicing it would be wasted work.
  if (schemeEnd - start > 64) return { kind: 'foreign' };
  const scheme = value.slice(start, schemeEnd).toLowerCase();
  if (!prefixes.includes(scheme)) {
    // `Authorization: Basic …` then `Authorization: Bearer …` arrive joined as one value: ours is
    // a duplicate, refused rather than hidden behind the foreign first one.
    return namesOurSchemeLater(value, start, end, prefixes) ? { kind: 'invalid_request' } : { kind: 'foreign' };
  }

  if (end - start > MAX_AUTHORIZATION_LENGTH) return { kind: 'invalid_request' };
  let tokenStart = schemeEnd;
  while (tokenStart < end && isWhitespace(value.charCodeAt(tokenStart))) tokenStart++;
  if (tokenStart === end) return { kind: 'invalid_request' };
  const token = value.slice(tokenStart, end);
  // Whitespace or a comma inside means two words or two joined headers ("Bearer a, Bearer b").
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (isWhitespace(code) || code === 0x2c) return { kind: 'invalid_request' };
  }
  return { kind: 'token', token };
}

/**
 * Whether an element after a top-level comma starts with one of our schemes followed by
 * whitespace or the end. Commas inside quoted strings (`Digest realm="a, b"`) do not count, so a
 * single foreign header with parameters stays foreign.
 */
function namesOurSchemeLater(value: string, start: number, end: number, prefixes: readonly string[]): boolean {
  if (value.indexOf(',', start) === -1) return false;
  let quoted = false;
  for (let index = start; index < end; index++) {
    const code = value.charCodeAt(index);
    if (quoted) {
      if (code === 0x5c) index++;
      else if (code === 0x22) quoted = false;
      continue;
    }
    if (code === 0x22) {
      quoted = true;
      continue;
    }
    if (code !== 0x2c) continue;
    let elementStart = index + 1;
    while (elementStart < end && isWhitespace(value.charCodeAt(elementStart))) elementStart++;
    let elementEnd = elementStart;
    while (elementEnd < end && !isWhitespace(value.charCodeAt(elementEnd)) && value.charCodeAt(elementEnd) !== 0x2c) elementEnd++;
    const followedByToken = elementEnd < end && isWhitespace(value.charCodeAt(elementEnd));
    if ((followedByToken || elementEnd === end) && prefixes.includes(value.slice(elementStart, elementEnd).toLowerCase())) return true;
  }
  return false;
}
