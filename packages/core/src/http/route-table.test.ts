import { describe, expect, it } from 'vitest';
import { matchRoute } from './route-table.js';

describe('matchRoute', () => {
  it.each([
    ['/auth/refresh', { name: 'refresh', allow: ['POST'] }],
    ['/auth/logout', { name: 'logout', allow: ['POST'] }],
    ['/auth/logout-all', { name: 'logoutAll', allow: ['POST'] }],
    ['/auth/logout-others', { name: 'logoutOthers', allow: ['POST'] }],
    ['/auth/sessions', { name: 'listSessions', allow: ['GET', 'HEAD'] }],
    ['/auth/sessions/abc', { name: 'revokeSession', allow: ['DELETE', 'PATCH'], sessionId: 'abc' }],
    ['/auth/sessions/a%20b', { name: 'revokeSession', allow: ['DELETE', 'PATCH'], sessionId: 'a b' }],
    ['/auth/sessions/%E0%A4%A', { name: 'revokeSession', allow: ['DELETE', 'PATCH'], sessionId: '%E0%A4%A' }],
    ['/auth/sessions/abc/revoke', { name: 'revokeSessionForm', allow: ['POST'], sessionId: 'abc' }],
    ['/auth/api-keys', { name: 'apiKeys', allow: ['GET', 'HEAD', 'POST'] }],
    ['/auth/api-keys/abc', { name: 'apiKey', allow: ['DELETE'], sessionId: 'abc' }],
    ['/auth/api-keys/abc/roll', { name: 'rollApiKey', allow: ['POST'], sessionId: 'abc' }],
  ])('matches %s', (path, match) => {
    expect(matchRoute(path, '/auth')).toEqual(match);
  });

  it.each(['/auth', '/auth/', '/auth/refresh/', '/auth/REFRESH', '/authrefresh', '/other/refresh', '/auth/sessions/', '/auth/sessions/a/b', '/auth/sessions//revoke', '/auth/sessions/a/revoke/', '/auth/sessions/a/Revoke', '/auth/api-keys/', '/auth/api-keys/a/revoke', '/auth/api-keys/a/roll/x', '/auth/api-keys//roll'])(
    'leaves %s to the application',
    (path) => {
      expect(matchRoute(path, '/auth')).toBeNull();
    },
  );

  it('works at the root', () => {
    expect(matchRoute('/refresh', '')).toEqual({ name: 'refresh', allow: ['POST'] });
  });
});
