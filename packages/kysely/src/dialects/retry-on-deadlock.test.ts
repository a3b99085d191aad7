import { describe, expect, it } from 'vitest';
import { errorCode, retryOnDeadlock } from './retry-on-deadlock.js';

const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
const isDeadlock = (error: unknown) => errorCode(error) === '40P01';

describe('retryOnDeadlock', () => {
  it('runs a transaction the database aborted for a deadlock again, and returns its result', async () => {
    let attempts = 0;
    const result = await retryOnDeadlock(async () => {
      attempts++;
      if (attempts < 3) throw deadlock;
      return 'committed';
    }, isDeadlock);
    expect({ result, attempts }).toEqual({ result: 'committed', attempts: 3 });
  });

  it('gives up after four attempts with the deadlock error', async () => {
    let attempts = 0;
    await expect(
      retryOnDeadlock(async () => {
        attempts++;
        throw deadlock;
      }, isDeadlock),
    ).rejects.toBe(deadlock);
    expect(attempts).toBe(4);
  });

  it('throws any other error at once', async () => {
    let attempts = 0;
    const other = Object.assign(new Error('lock timeout'), { code: '55P03' });
    await expect(
      retryOnDeadlock(async () => {
        attempts++;
        throw other;
      }, isDeadlock),
    ).rejects.toBe(other);
    expect(attempts).toBe(1);
  });

  it('reads driver error codes, and nothing from values that are not errors', () => {
    expect(errorCode(Object.assign(new Error(), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }))).toBe('ER_LOCK_DEADLOCK');
    expect(errorCode('40P01')).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode({ code: 40 })).toBeUndefined();
  });
});
