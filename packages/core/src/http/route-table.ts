/**
 * The ready-made routes. `revokeSessionForm` is the `POST` twin of `revokeSession`
 * (`DELETE /sessions/:id`) for HTML forms, which cannot send `DELETE`. `apiKeys` lists
 * (`GET`) and creates (`POST`) the user's API keys, `apiKey` (`DELETE /api-keys/:id`) revokes
 * one and `rollApiKey` (`POST /api-keys/:id/roll`) rolls it.
 */
export type RouteName =
  | 'refresh'
  | 'logout'
  | 'logoutAll'
  | 'logoutOthers'
  | 'listSessions'
  | 'revokeSession'
  | 'revokeSessionForm'
  | 'apiKeys'
  | 'apiKey'
  | 'rollApiKey';

/**
 * Where each route answers, for a given `basePath`; `revokeSession` ends in `/:id` and
 * `revokeSessionForm` in `/:id/revoke`.
 */
export type RoutePaths = Readonly<Record<RouteName, string>>;

/** A request path that is one of ours, with the methods its route allows. */
export interface RouteMatch {
  readonly name: RouteName;
  /** Allowed methods, for `405` and `OPTIONS` answers (`Allow` header). */
  readonly allow: readonly string[];
  /** For `revokeSession`, `revokeSessionForm`, `apiKey` and `rollApiKey`: the percent-decoded id from the path. */
  readonly sessionId?: string;
}

const FIXED_ROUTES: ReadonlyArray<{ name: RouteName; suffix: string; allow: readonly string[] }> = [
  { name: 'refresh', suffix: '/refresh', allow: ['POST'] },
  { name: 'logout', suffix: '/logout', allow: ['POST'] },
  { name: 'logoutAll', suffix: '/logout-all', allow: ['POST'] },
  { name: 'logoutOthers', suffix: '/logout-others', allow: ['POST'] },
  { name: 'listSessions', suffix: '/sessions', allow: ['GET', 'HEAD'] },
  { name: 'apiKeys', suffix: '/api-keys', allow: ['GET', 'HEAD', 'POST'] },
];

/** `DELETE` revokes the session, `PATCH` renames it (both answered by the `revokeSession` route). */
const REVOKE_ALLOW = ['DELETE', 'PATCH'] as const;
const REVOKE_FORM_ALLOW = ['POST'] as const;
const REVOKE_FORM_SUFFIX = '/revoke';

/** The paths of the routes under `basePath`. */
export function routePaths(basePath: string): RoutePaths {
  return Object.freeze({
    refresh: `${basePath}/refresh`,
    logout: `${basePath}/logout`,
    logoutAll: `${basePath}/logout-all`,
    logoutOthers: `${basePath}/logout-others`,
    listSessions: `${basePath}/sessions`,
    revokeSession: `${basePath}/sessions/:id`,
    revokeSessionForm: `${basePath}/sessions/:id/revoke`,
    apiKeys: `${basePath}/api-keys`,
    apiKey: `${basePath}/api-keys/:id`,
    rollApiKey: `${basePath}/api-keys/:id/roll`,
  });
}

/**
 * Which route a request path is, if any. Paths match exactly (no trailing slash, case-sensitive);
 * anything else is not ours and goes on to the application.
 */
export function matchRoute(pathname: string, basePath: string): RouteMatch | null {
  if (!pathname.startsWith(`${basePath}/`)) return null;
  const rest = pathname.slice(basePath.length);
  for (const route of FIXED_ROUTES) {
    if (rest === route.suffix) return { name: route.name, allow: route.allow };
  }
  const sessions = idAndAction(rest, '/sessions/');
  if (sessions !== null) {
    if (sessions.action === undefined) return { name: 'revokeSession', allow: REVOKE_ALLOW, sessionId: sessions.id };
    if (`/${sessions.action}` === REVOKE_FORM_SUFFIX) return { name: 'revokeSessionForm', allow: REVOKE_FORM_ALLOW, sessionId: sessions.id };
    return null;
  }
  const keys = idAndAction(rest, '/api-keys/');
  if (keys !== null) {
    if (keys.action === undefined) return { name: 'apiKey', allow: ['DELETE'], sessionId: keys.id };
    if (keys.action === 'roll') return { name: 'rollApiKey', allow: ['POST'], sessionId: keys.id };
  }
  return null;
}

/** `<prefix><id>` or `<prefix><id>/<action>`, the id percent-decoded; `null` for anything else. */
function idAndAction(rest: string, prefix: string): { id: string; action?: string } | null {
  if (!rest.startsWith(prefix) || rest.length === prefix.length) return null;
  const segments = rest.slice(prefix.length).split('/');
  const [id, action] = segments;
  if (id === undefined || id === '' || segments.length > 2) return null;
  return action === undefined ? { id: decodeSegment(id) } : { id: decodeSegment(id), action };
}

/** Percent-decodes a path segment; a broken escape is kept as written (it then matches no session). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
