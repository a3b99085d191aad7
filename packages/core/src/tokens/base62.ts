import { fillRandom } from './random-pool.js';

/** The base62 alphabet: tokens made of it survive URLs, cookies and double-click selection. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Bytes at or above this are rejected so that `byte % 62` stays uniform (248 = 4 × 62). */
const UNBIASED_BYTE_LIMIT = 248;

/**
 * Returns `length` characters drawn uniformly from the base62 alphabet with the platform CSPRNG
 * (`crypto.getRandomValues`, present on Node, Bun, Deno and edge runtimes, drawn through the pool of
 * `random-pool.ts`). Each character carries log2(62) ≈ 5.95 bits.
 */
export function randomBase62(length: number): string {
  let result = '';
  // A few spare bytes cover the ~3% that rejection sampling throws away.
  const bytes = new Uint8Array(length + 16);
  while (result.length < length) {
    fillRandom(bytes);
    for (let index = 0; index < bytes.length && result.length < length; index++) {
      const byte = bytes[index]!;
      if (byte < UNBIASED_BYTE_LIMIT) result += BASE62_ALPHABET[byte % 62];
    }
  }
  return result;
}

/** Encodes a non-negative integer below 62^width as exactly `width` base62 digits. */
export function encodeBase62Fixed(value: number, width: number): string {
  let result = '';
  let remaining = value;
  for (let index = 0; index < width; index++) {
    result = BASE62_ALPHABET[remaining % 62]! + result;
    remaining = Math.floor(remaining / 62);
  }
  return result;
}

/** Each base62 digit's value by character code; -1 for every other character. */
const BASE62_VALUES: Int8Array = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let digit = 0; digit < 62; digit++) values[BASE62_ALPHABET.charCodeAt(digit)] = digit;
  return values;
})();

/**
 * The value of `text` from `start` to `end` (exclusive) read as base62 digits, or -1 when a
 * character is not base62. With `end - start` ≤ 8 the value stays an exact integer.
 */
export function decodeBase62(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    const digit = code < 128 ? BASE62_VALUES[code]! : -1;
    if (digit < 0) return -1;
    value = value * 62 + digit;
  }
  return value;
}

/** True when every character of `text` from `start` to `end` (exclusive) is base62. */
export function isBase62(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code >= 128 || BASE62_VALUES[code]! < 0) return false;
  }
  return true;
}
