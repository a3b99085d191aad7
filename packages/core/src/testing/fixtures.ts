import type { SessionRecord } from '../storage/session-record.js';
import { randomBase62 } from '../tokens/base62.js';

/** A user id no other test uses, so tests can share one database without interfering. */
export function uniqueUserId(label = 'user'): string {
  return `${label}-${randomBase62(12)}`;
}

/** A random lower-case hex string of `length` characters, shaped like a digest. */
export function randomDigest(length = 64): string {
  const bytes = new Uint8Array(length / 2);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A complete, valid session record for storage tests: live at `now`, with a refresh token,
 * random digests and a small context. Override any field.
 */
export function sessionRecord(now: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: randomBase62(22),
    userId: uniqueUserId(),
    kind: 'session',
    transport: 'header',
    accessDigest: randomDigest(),
    refreshDigest: randomDigest(),
    context: { device: 'test device', nested: { ok: true, list: [1, 'two', null] } },
    label: null,
    createdAt: new Date(now),
    authenticatedAt: new Date(now),
    lastUsedAt: new Date(now),
    lastIp: '203.0.113.7',
    lastUserAgent: 'Mozilla/5.0 (conformance fixture) Gecko/20100101 Firefox/140.0',
    accessExpiresAt: new Date(now + 15 * MINUTE),
    refreshExpiresAt: new Date(now + 30 * DAY),
    expiresAt: new Date(now + 30 * DAY),
    absoluteExpiresAt: null,
    accessTtlMs: 15 * MINUTE,
    refreshTtlMs: 30 * DAY,
    revokedAt: null,
    revocationReason: null,
    revokedBy: null,
    revocationNote: null,
    scopes: null,
    createdBy: null,
    displayHint: null,
    ...overrides,
  };
}

/** A record that ended (expired as a whole) `agoMs` before `now`. */
export function expiredSessionRecord(now: number, agoMs: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const end = now - agoMs;
  return sessionRecord(now - 31 * DAY, {
    accessExpiresAt: new Date(end - DAY),
    refreshExpiresAt: new Date(end),
    expiresAt: new Date(end),
    ...overrides,
  });
}

/** Runs `count` calls of `task` at once and waits for all, keeping failures as values. */
export async function inParallel<T>(count: number, task: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  // Start every call before awaiting any, so that they really overlap.
  return Promise.allSettled(Array.from({ length: count }, (_, index) => task(index)));
}

/** The values of fulfilled results; throws the first rejection, so a storage error fails loudly. */
export function fulfilledValues<T>(results: PromiseSettledResult<T>[]): T[] {
  const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
