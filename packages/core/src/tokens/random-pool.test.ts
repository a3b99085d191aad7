import { describe, expect, it } from 'vitest';
import { fillRandom } from './random-pool.js';

describe('fillRandom', () => {
  it('fills exactly the target and returns it', () => {
    const target = new Uint8Array(40);
    expect(fillRandom(target)).toBe(target);
    expect(target.some((byte) => byte !== 0)).toBe(true);
  });

  it('never hands out the same bytes twice, also across refills of the pool', () => {
    // Sizes from 16 to 300 bytes walk the pool's end at every offset; 16 random bytes repeat
    // with a probability of about 2^-128 per pair, so any repeat is a reuse of the pool.
    const seen = new Set<string>();
    for (let draw = 0; draw < 5_000; draw++) {
      const bytes = fillRandom(new Uint8Array(16 + (draw % 285)));
      const key = Buffer.from(bytes).toString('hex');
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      // A slice taken from the zeroed, used part of the pool would be all zeros.
      expect(bytes.some((byte) => byte !== 0)).toBe(true);
    }
  });

  it('serves requests larger than the pool', () => {
    const bytes = fillRandom(new Uint8Array(20_000));
    expect(bytes.subarray(19_000).some((byte) => byte !== 0)).toBe(true);
  });

  it('draws every byte value about equally often', () => {
    const counts = new Array<number>(256).fill(0);
    const draws = 1_000_000 / 50;
    for (let draw = 0; draw < draws; draw++) for (const byte of fillRandom(new Uint8Array(50))) counts[byte]!++;
    const expected = 1_000_000 / 256;
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 255 degrees of freedom: above 400 happens with a probability below 1e-9 for uniform bytes.
    expect(chiSquare).toBeLessThan(400);
  });
});
