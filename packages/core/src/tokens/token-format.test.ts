import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET } from './base62.js';
import { crc32Ascii } from './crc32.js';
import { createTokenCodec, TOKEN_CHECKSUM_LENGTH, TOKEN_SECRET_LENGTH } from './token-format.js';

const codec = createTokenCodec('afy');

describe('token format', () => {
  it('makes access and refresh tokens with recognisable prefixes, 44 secret characters and a checksum', () => {
    const access = codec.generate('access');
    const refresh = codec.generate('refresh');
    expect(access).toMatch(/^afy_at_[0-9A-Za-z]{50}$/);
    expect(refresh).toMatch(/^afy_rt_[0-9A-Za-z]{50}$/);
    expect(codec.isWellFormed('access', access)).toBe(true);
    expect(codec.isWellFormed('refresh', refresh)).toBe(true);
  });

  it('carries at least 256 bits of randomness', () => {
    expect(TOKEN_SECRET_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(256);
  });

  it('never repeats a token in 100,000 draws, and uses the whole alphabet evenly', () => {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let index = 0; index < 100_000; index++) {
      const token = codec.generate('access');
      seen.add(token);
      if (index < 20_000) {
        for (const char of token.slice(7, 7 + TOKEN_SECRET_LENGTH)) counts.set(char, (counts.get(char) ?? 0) + 1);
      }
    }
    expect(seen.size).toBe(100_000);
    expect(counts.size).toBe(62);
    // 20,000 × 44 characters over 62 symbols ≈ 14,194 each; a biased generator misses by far more than 5%.
    const expected = (20_000 * TOKEN_SECRET_LENGTH) / 62;
    for (const char of BASE62_ALPHABET) expect(Math.abs(counts.get(char)! - expected) / expected).toBeLessThan(0.05);
  });

  it('refuses an access token presented as a refresh token and vice versa', () => {
    expect(codec.isWellFormed('refresh', codec.generate('access'))).toBe(false);
    expect(codec.isWellFormed('access', codec.generate('refresh'))).toBe(false);
  });

  it('makes API keys with their own marker, which no session token check accepts', () => {
    const apiKey = codec.generate('api_key');
    expect(apiKey).toMatch(/^afy_ak_[0-9A-Za-z]{50}$/);
    expect(codec.isWellFormed('api_key', apiKey)).toBe(true);
    expect(codec.isWellFormed('access', apiKey)).toBe(false);
    expect(codec.isWellFormed('refresh', apiKey)).toBe(false);
    expect(codec.isWellFormed('api_key', codec.generate('access'))).toBe(false);
    // The marker is covered by the checksum: relabelling an access token does not make a key.
    expect(codec.isWellFormed('api_key', codec.generate('access').replace('_at_', '_ak_'))).toBe(false);
  });

  it('refuses every single-character change (the checksum catches typos)', () => {
    const token = codec.generate('access');
    for (let position = 0; position < token.length; position++) {
      for (const replacement of ['0', 'Z', 'z', '_', '-', ' ']) {
        if (token[position] === replacement) continue;
        const mutated = token.slice(0, position) + replacement + token.slice(position + 1);
        expect(codec.isWellFormed('access', mutated), mutated).toBe(false);
      }
    }
  });

  it('refuses truncated, extended, swapped and foreign-prefix strings, and non-strings', () => {
    const token = codec.generate('access');
    // Two adjacent characters of the secret that differ: a fixed pair is equal 1 time in 62, and
    // swapping equal characters changes nothing.
    const at = [...token].findIndex((char, index) => index >= 7 && index + 1 < token.length && char !== token[index + 1]);
    const swapped = token.slice(0, at) + token[at + 1] + token[at] + token.slice(at + 2);
    expect(swapped).not.toBe(token);
    for (const candidate of [
      token.slice(0, -1),
      `${token}0`,
      swapped,
      token.replace('afy_', 'xyz_'),
      createTokenCodec('other').generate('access'),
      '',
      'afy_at_',
      token.toUpperCase(),
    ]) {
      expect(codec.isWellFormed('access', candidate), candidate).toBe(false);
    }
    for (const junk of [undefined, null, 42, {}, ['x']]) expect(codec.isWellFormed('access', junk as unknown as string)).toBe(false);
  });

  it('offers the pattern a secret scanner can use to find leaked tokens', () => {
    const leak = `config: token=${codec.generate('refresh')} # oops`;
    expect(codec.scannerPattern.test(leak)).toBe(true);
    expect(codec.scannerPattern.test('afy_at_tooShort')).toBe(false);
    expect(codec.scannerPattern.test(`key=${codec.generate('api_key')}`)).toBe(true);
  });

  it('has a fixed length and checksum width', () => {
    expect(codec.generate('access')).toHaveLength(7 + TOKEN_SECRET_LENGTH + TOKEN_CHECKSUM_LENGTH);
  });
});

describe('crc32Ascii', () => {
  it('matches the standard CRC-32 check value', () => {
    expect(crc32Ascii('123456789')).toBe(0xcbf43926);
    expect(crc32Ascii('')).toBe(0);
  });
});
