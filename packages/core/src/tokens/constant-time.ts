/**
 * Compares two strings in time that depends only on their lengths, never on where they first
 * differ. Use it whenever a value derived from a secret (a digest) is compared in memory;
 * lookups by digest in a database index need no such care, because a digest of a 256-bit
 * random token gives an attacker no usable handle on the token.
 */
export function constantTimeEqual(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++) {
    difference |= left.charCodeAt(index) ^ right.charCodeAt(index);
  }
  return difference === 0;
}
