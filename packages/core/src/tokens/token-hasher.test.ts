import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time.js';
import { createTokenHasher, TOKEN_HASH_ALGORITHMS } from './token-hasher.js';

describe('token hasher', () => {
  it('uses node:crypto on Node, without a static import of it', () => {
    expect(createTokenHasher('SHA-256').implementation).toBe('node-crypto');
  });

  it.each(TOKEN_HASH_ALGORITHMS)('%s: node:crypto and WebCrypto give the same lower-case hex digest', async (algorithm) => {
    const token = 'afy_at_exampleTokenValue';
    const nodeDigest = await createTokenHasher(algorithm).digest(token);
    const webDigest = await createTokenHasher(algorithm, { preferWebCrypto: true }).digest(token);
    const reference = createHash(algorithm.replace('-', '').toLowerCase()).update(token).digest('hex');
    expect(nodeDigest).toBe(reference);
    expect(webDigest).toBe(reference);
  });

  it('digests synchronously on node:crypto (no promise on the hot path)', () => {
    expect(typeof createTokenHasher('SHA-256').digest('x')).toBe('string');
  });

  it('hashes non-ASCII input as UTF-8 on both paths', async () => {
    const token = 'añy_🚀';
    expect(await createTokenHasher('SHA-256', { preferWebCrypto: true }).digest(token)).toBe(
      createTokenHasher('SHA-256').digest(token),
    );
  });
});

describe('constantTimeEqual', () => {
  it('compares strings for equality', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'ab')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
