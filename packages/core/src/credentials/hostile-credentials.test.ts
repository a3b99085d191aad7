import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';

/**
 * Property tests: generated and mutated Authorization and Cookie headers thrown at a live
 * instance that holds real sessions. None may throw, none may authenticate.
 */
const storage = new MemorySessionStorage();
const auth = createAuthentify({ storage });
const issued = await Promise.all([
  auth.issueSession({ userId: 'victim', transport: 'header' }),
  auth.issueSession({ userId: 'victim', transport: 'cookie' }),
]);
const realTokens = issued.flatMap((session) => [session.accessToken, session.refreshToken!]);

const request = (authorization: string | null, cookie: string | null) => ({
  header: (name: string) => (name === 'authorization' ? authorization : name === 'cookie' ? cookie : null),
});

/** A real token with a few characters changed, dropped, doubled or case-flipped. */
const mutatedToken = fc
  .tuple(
    fc.constantFrom(...realTokens),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'insert', 'flip')), { minLength: 1, maxLength: 4 }),
    fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  )
  .map(([token, edits, char]) => {
    let result = token;
    for (const [at, edit] of edits) {
      const index = at % Math.max(result.length, 1);
      if (edit === 'replace') result = result.slice(0, index) + char + result.slice(index + 1);
      if (edit === 'delete') result = result.slice(0, index) + result.slice(index + 1);
      if (edit === 'insert') result = result.slice(0, index) + char + result.slice(index);
      if (edit === 'flip') {
        const c = result[index] ?? '';
        result = result.slice(0, index) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + result.slice(index + 1);
      }
    }
    return result;
  })
  // Whitespace added only at the edges trims back to the real token (header and cookie parsers
  // both trim, as HTTP allows): that is the genuine credential, not a hostile one.
  .filter((token) => !realTokens.includes(token.trim()));

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', ',', ';', '=', '"', 'B', 'e', 'a', 'r', '_', 'afy_at_', 'afy_access'), maxLength: 60 }),
  fc.constant('x'.repeat(100_000)),
);

const hostileAuthorization = fc.oneof(
  anyText,
  mutatedToken.map((token) => `Bearer ${token}`),
  fc.tuple(fc.constantFrom('Bearer', 'bearer', 'TOKEN', 'Basic', 'Bearer\t'), fc.oneof(mutatedToken, anyText)).map(([scheme, rest]) => `${scheme} ${rest}`),
  fc.tuple(mutatedToken, mutatedToken).map(([a, b]) => `Bearer ${a}, Bearer ${b}`),
  fc.constantFrom(...realTokens).map((token) => `Bearer ${token} extra`),
  fc.constantFrom(...realTokens).map((token) => `Bearer${token}`),
);

const hostileCookie = fc.oneof(
  anyText,
  mutatedToken.map((token) => `afy_access=${token}`),
  fc.tuple(anyText, mutatedToken).map(([junk, token]) => `${junk}; afy_access=${token}`),
  fc.constantFrom(...realTokens).map((token) => `afy_access=${encodeURIComponent(token)}%`),
  fc.constant(`afy_access=${'a'.repeat(16_000)}`),
);

/**
 * The properties are bounded by their run counts, not by time: on two busy cores, beside other
 * test files, 60,000 runs can take well over the default timeout. This only catches a hang.
 */
const PROPERTY_TIMEOUT_MS = 300_000;

describe('hostile credentials', () => {
  it('no generated Authorization header throws or authenticates (60,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileAuthorization, async (authorization) => {
        const result = await auth.authenticate(request(authorization, null));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 60_000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('no generated Cookie header throws or authenticates (40,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCookie, async (cookie) => {
        const result = await auth.authenticate(request(null, cookie));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 40_000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('no generated refresh token refreshes (10,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedToken, anyText), async (token) => {
        expect((await auth.refresh(token, 'header')).ok).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('the real tokens still work afterwards (the properties above were not vacuous)', async () => {
    expect(await auth.authenticate(request(`Bearer ${issued[0]!.accessToken}`, null))).toMatchObject({ ok: true });
    expect(await auth.authenticate(request(null, `afy_access=${issued[1]!.accessToken}`))).toMatchObject({ ok: true });
  });
});
