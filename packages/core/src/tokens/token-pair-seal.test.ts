import { describe, expect, it } from 'vitest';
import { createTokenCodec } from './token-format.js';
import { createTokenHasher } from './token-hasher.js';
import { openTokenPair, sealTokenPair } from './token-pair-seal.js';

const codec = createTokenCodec('afy');
const hasher = createTokenHasher('SHA-256');
const pair = { accessToken: codec.generate('access'), refreshToken: codec.generate('refresh') };
const oldToken = codec.generate('refresh');
const binding = { sessionId: 'Session0123456789abcd', replacedRefreshDigest: await hasher.digest(oldToken) };

describe('sealTokenPair / openTokenPair', () => {
  it('opens with the old token and the same binding, and shows no token in the envelope', async () => {
    const sealed = await sealTokenPair(pair, oldToken, binding);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed.length).toBeLessThan(1024);
    for (const token of [pair.accessToken, pair.refreshToken, oldToken]) expect(sealed).not.toContain(token.slice(7, 20));
    expect(await openTokenPair(sealed, oldToken, binding)).toEqual(pair);
  });

  it('uses a fresh salt and IV every time', async () => {
    const [a, b] = [await sealTokenPair(pair, oldToken, binding), await sealTokenPair(pair, oldToken, binding)];
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('does not open with the stored digest, another token, another session or another digest', async () => {
    const sealed = await sealTokenPair(pair, oldToken, binding);
    expect(await openTokenPair(sealed, binding.replacedRefreshDigest, binding)).toBeNull();
    expect(await openTokenPair(sealed, codec.generate('refresh'), binding)).toBeNull();
    expect(await openTokenPair(sealed, oldToken, { ...binding, sessionId: 'Other0123456789abcdefg' })).toBeNull();
    expect(await openTokenPair(sealed, oldToken, { ...binding, replacedRefreshDigest: await hasher.digest(pair.refreshToken) })).toBeNull();
  });

  it('refuses a tampered, truncated or foreign envelope without throwing', async () => {
    const sealed = await sealTokenPair(pair, oldToken, binding);
    // The next-to-last character: the last one of base64url may carry unused bits, so changing
    // it can decode to the very same bytes (a tampering that tampers nothing, 1 time in 4 or 16).
    const changed = sealed.at(-2) === 'A' ? 'B' : 'A';
    for (const bad of [`${sealed.slice(0, -2)}${changed}${sealed.at(-1)}`, sealed.slice(0, 40), `v2${sealed.slice(2)}`, '', 'v1....', 'v1.!!.??.**', `${sealed}.x`]) {
      expect(await openTokenPair(bad, oldToken, binding), bad).toBeNull();
    }
  });
});
