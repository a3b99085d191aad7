import { describe, expect, it } from 'vitest';
import { isRequiredOptions, resolveSessionRequirements } from './session-requirements.js';

describe('resolveSessionRequirements', () => {
  it('turns freshWithin into milliseconds, and no option into no requirement', () => {
    expect(resolveSessionRequirements({ freshWithin: '10m' })).toEqual({ freshWithinMs: 600_000 });
    expect(resolveSessionRequirements({ freshWithin: 30 })).toEqual({ freshWithinMs: 30_000 });
    expect(resolveSessionRequirements({})).toEqual({ freshWithinMs: null });
  });

  it.each([
    [{ freshWithin: 'soon' }, 'freshWithin'],
    [{ freshWithin: 0 }, 'freshWithin'],
    [{ freshWithin: -5 }, 'freshWithin'],
    [{ freshwithin: '10m' }, 'required.freshwithin'],
    [null, 'required'],
  ])('refuses %j at construction, naming %s', (options, option) => {
    expect(() => resolveSessionRequirements(options)).toThrow(expect.objectContaining({ code: 'invalid_configuration', option }));
  });

  it('tells an options object from a request or a handler', () => {
    expect(isRequiredOptions({ freshWithin: '10m' })).toBe(true);
    expect(isRequiredOptions(() => undefined)).toBe(false);
    expect(isRequiredOptions(new Request('http://localhost/'))).toBe(false);
    expect(isRequiredOptions(null)).toBe(false);
  });
});
