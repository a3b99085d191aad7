import { describe, expect, it } from 'vitest';
import { isRequiredOptions, resolveSessionRequirements } from './session-requirements.js';

describe('resolveSessionRequirements', () => {
  it('turns freshWithin into milliseconds, and no option into no requirement', () => {
    expect(resolveSessionRequirements({ freshWithin: '10m' })).toEqual({ freshWithinMs: 600_000, scopes: null });
    expect(resolveSessionRequirements({ freshWithin: 30 })).toEqual({ freshWithinMs: 30_000, scopes: null });
    expect(resolveSessionRequirements({})).toEqual({ freshWithinMs: null, scopes: null });
  });

  it('keeps the scopes, alone or with freshWithin', () => {
    expect(resolveSessionRequirements({ scopes: ['repo:read', 'deploy'] })).toEqual({ freshWithinMs: null, scopes: ['repo:read', 'deploy'] });
    expect(resolveSessionRequirements({ scopes: ['admin'], freshWithin: '5m' })).toEqual({ freshWithinMs: 300_000, scopes: ['admin'] });
  });

  it.each([
    [{ freshWithin: 'soon' }, 'freshWithin'],
    [{ freshWithin: 0 }, 'freshWithin'],
    [{ freshWithin: -5 }, 'freshWithin'],
    [{ freshwithin: '10m' }, 'required.freshwithin'],
    [{ scopes: [] }, 'scopes'],
    [{ scopes: 'repo:read' }, 'scopes'],
    [{ scopes: ['has space'] }, 'scopes'],
    [{ scopes: ['quote"'] }, 'scopes'],
    [{ scopes: ['a', 'a'] }, 'scopes'],
    [{ scopes: [42] }, 'scopes'],
    [{ scope: ['a'] }, 'required.scope'],
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
