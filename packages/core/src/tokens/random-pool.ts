/**
 * Random bytes from the platform CSPRNG (`crypto.getRandomValues`), drawn 4 KiB at a time and
 * handed out in slices. A `getRandomValues` call costs a few microseconds whatever its size — it
 * is a system call on most platforms — and an issue or a refresh needs four to six small draws
 * (two tokens, a session id, a salt and an IV), so one refill serves dozens of them. Node's own
 * `crypto.randomUUID` caches its entropy the same way. Every byte is handed out once: the slice
 * taken is zeroed in the pool, so no later caller and no heap dump of the pool sees it again.
 */

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
/** Where the unused bytes start; a full pool is `POOL_BYTES` (used up), so the first call refills. */
let offset = POOL_BYTES;

/**
 * Fills `target` with random bytes and returns it. Requests larger than the pool go straight to
 * `crypto.getRandomValues` (which refuses more than 65,536 bytes at once).
 *
 * @example
 * const salt = fillRandom(new Uint8Array(16));
 */
export function fillRandom(target: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const length = target.length;
  if (length > POOL_BYTES) return crypto.getRandomValues(target);
  if (offset + length > POOL_BYTES) {
    crypto.getRandomValues(pool);
    offset = 0;
  }
  target.set(pool.subarray(offset, offset + length));
  pool.fill(0, offset, offset + length);
  offset += length;
  return target;
}
