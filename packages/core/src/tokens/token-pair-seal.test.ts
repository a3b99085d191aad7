import { createCipheriv, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCodec } from './token-format.js';
import { createTokenHasher } from './token-hasher.js';
import { sealCipher } from './seal-cipher.js';
import { openTokenPair, type SealOptions, sealTokenPair } from './token-pair-seal.js';

const codec = createTokenCodec('afy');
const hasher = createTokenHasher('SHA-256');
const pair = { accessToken: codec.generate('access'), refreshToken: codec.generate('refresh') };
const oldToken = codec.generate('refresh');
const binding = { sessionId: 'Session0123456789abcd', replacedRefreshDigest: await hasher.digest(oldToken) };

const implementations: [string, SealOptions][] = [
  ['node:crypto', {}],
  ['WebCrypto', { preferWebCrypto: true }],
];

describe('the seal cipher', () => {
  it('is node:crypto on Node, WebCrypto when asked', () => {
    expect(sealCipher().implementation).toBe('node-crypto');
    expect(sealCipher({ preferWebCrypto: true }).implementation).toBe('webcrypto');
  });

  it('makes envelopes that either implementation opens', async () => {
    const [node, web] = implementations.map(([, options]) => options);
    expect(await openTokenPair(await sealTokenPair(pair, oldToken, binding, node), oldToken, binding, web)).toEqual(pair);
    expect(await openTokenPair(await sealTokenPair(pair, oldToken, binding, web), oldToken, binding, node)).toEqual(pair);
    // …and refuses the same things either way.
    const sealed = await sealTokenPair(pair, oldToken, binding, web);
    expect(await openTokenPair(sealed, codec.generate('refresh'), binding, node)).toBeNull();
    expect(await openTokenPair(sealed, oldToken, { ...binding, sessionId: 'Other0123456789abcdefg' }, node)).toBeNull();
  });
});

describe('envelopes of the previous release', () => {
  it('still open: the key is the HKDF-SHA-256 that node:crypto hkdfSync computes', async () => {
    // Sealed as 1.x sealed it, with hkdfSync, so that replays stored before an upgrade open after it.
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const key = new Uint8Array(hkdfSync('sha256', oldToken, salt, new TextEncoder().encode('authentify refresh replay v1'), 32));
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(new TextEncoder().encode(`authentify refresh replay v1\0${binding.sessionId}\0${binding.replacedRefreshDigest}`));
    const body = Buffer.concat([cipher.update(`${pair.accessToken} ${pair.refreshToken}`, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const sealed = ['v1', Buffer.from(salt).toString('base64url'), Buffer.from(iv).toString('base64url'), body.toString('base64url')].join('.');
    for (const [, options] of implementations) expect(await openTokenPair(sealed, oldToken, binding, options)).toEqual(pair);
  });
});

describe.each(implementations)('sealTokenPair / openTokenPair on %s', (_name, options) => {
  it('opens with the old token and the same binding, and shows no token in the envelope', async () => {
    const sealed = await sealTokenPair(pair, oldToken, binding, options);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed.length).toBeLessThan(1024);
    for (const token of [pair.accessToken, pair.refreshToken, oldToken]) expect(sealed).not.toContain(token.slice(7, 20));
    expect(await openTokenPair(sealed, oldToken, binding, options)).toEqual(pair);
  });

  it('uses a fresh salt and IV every time', async () => {
    const [a, b] = [await sealTokenPair(pair, oldToken, binding, options), await sealTokenPair(pair, oldToken, binding, options)];
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('does not open with the stored digest, another token, another session or another digest', async () => {
    const sealed = await sealTokenPair(pair, oldToken, binding, options);
    expect(await openTokenPair(sealed, binding.replacedRefreshDigest, binding, options)).toBeNull();
    expect(await openTokenPair(sealed, codec.generate('refresh'), binding, options)).toBeNull();
    expect(await openTokenPair(sealed, oldToken, { ...binding, sessionId: 'Other0123456789abcdefg' }, options)).toBeNull();
    expect(await openTokenPair(sealed, oldToken, { ...binding, replacedRefreshDigest: await hasher.digest(pair.refreshToken) }, options)).toBeNull();
  });

  it('refuses a tampered, truncated or foreign envelope without throwing', async () => {
    const sealed = await sealTokenPair(pair, oldToken, binding, options);
    // The next-to-last character: the last one of base64url may carry unused bits, so changing
    // it can decode to the very same bytes (a tampering that tampers nothing, 1 time in 4 or 16).
    const changed = sealed.at(-2) === 'A' ? 'B' : 'A';
    for (const bad of [`${sealed.slice(0, -2)}${changed}${sealed.at(-1)}`, sealed.slice(0, 40), `v2${sealed.slice(2)}`, '', 'v1....', 'v1.!!.??.**', `${sealed}.x`]) {
      expect(await openTokenPair(bad, oldToken, binding, options), bad).toBeNull();
    }
  });
});
