import { describe, expect, it } from 'vitest';
import { missingScopes, scopesProblem } from './scopes.js';

describe('scopes', () => {
  it('finds what a credential lacks; an unrestricted one (null) lacks nothing', () => {
    expect(missingScopes(['repo:read'], ['repo:read'])).toEqual([]);
    expect(missingScopes(['repo:read'], ['repo:read', 'repo:write'])).toEqual(['repo:write']);
    expect(missingScopes([], ['a'])).toEqual(['a']);
    expect(missingScopes(null, ['admin'])).toEqual([]);
    // Exact comparison: no prefix or case matching.
    expect(missingScopes(['Repo:Read', 'repo'], ['repo:read'])).toEqual(['repo:read']);
  });

  it('accepts RFC 6749 scope tokens and names what is wrong with anything else', () => {
    expect(scopesProblem(['read', 'repo:write', "a!#$%&'()*+,-./:;<=>?@[]^_`{|}~"])).toBeNull();
    for (const bad of [[], 'read', [''], ['a b'], ['quo"te'], ['back\\slash'], ['é'], ['x', 'x'], ['x'.repeat(129)], Array.from({ length: 65 }, (_, i) => `s${i}`), [null]]) {
      expect(scopesProblem(bad), JSON.stringify(bad)).toEqual(expect.any(String));
    }
  });
});
