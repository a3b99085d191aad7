import { describe, expect, it } from 'vitest';
import { parseDuration, parseOptionalDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    [900, 900_000],
    [0, 0],
    [1.5, 1_500],
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1.5h', 5_400_000],
    ['30 d', 2_592_000_000],
  ] as const)('%j is %d ms', (input, expected) => {
    expect(parseDuration(input, 'accessTtl')).toBe(expected);
  });

  it.each(['15', '15 minutes', '-1m', 'm', '1y', '', ' ', 'NaNs', '1e3s'])('refuses %j, naming the option', (input) => {
    expect(() => parseDuration(input, 'sliding.interval')).toThrow(/`sliding\.interval`/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 1e12, null, undefined, {}, [], true])('refuses %j', (input) => {
    expect(() => parseDuration(input, 'refreshTtl')).toThrow(expect.objectContaining({ code: 'invalid_configuration', option: 'refreshTtl' }));
  });

  it('lets null through as "none" when the option allows it', () => {
    expect(parseOptionalDuration(null, 'absoluteLifetime')).toBeNull();
  });
});
