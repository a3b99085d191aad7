/**
 * The ready-made routes. `revokeSessionForm` is the `POST` twin of `revokeSession`
 * (`DELETE /sessions/:id`) for HTML forms, which cannot send `DELETE`.
 */
export type RouteName =
  | 'refresh'
  | 'logout'
  | 'logoutAll'
  | 'logoutOthers'
  | 'listSessions'
  | 'revokeSession'
  | 'revokeSessionForm';

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
  /** For `revokeSession` and `revokeSessionForm`: the percent-decoded id from the path. */
  readonly sessionId?: string;
}

const FIXED_ROUTES: ReadonlyArray<{ name: RouteName; suffix: string; allow: readonly string[] }> = [
  { name: 'refresh', suffix: '/refresh', allow: ['POST'] },
  { name: 'logout', suffix: '/logout', allow: ['POST'] },
  { name: 'logoutAll', suffix: '/logout-all', allow: ['POST'] },
  { name: 'logoutOthers', suffix: '/logout-others', allow: ['POST'] },
  { name: 'listSessions', suffix: '/sessions', allow: ['GET', 'HEAD'] },
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
  const prefix = '/sessions/';
  if (!rest.startsWith(prefix) || rest.length === prefix.length) return null;
  const segments = rest.slice(prefix.length).split('/');
  const [id, action] = segments;
  if (id === undefined || id === '') return null;
  if (segments.length === 1) return { name: 'revokeSession', allow: REVOKE_ALLOW, sessionId: decodeSegment(id) };
  if (segments.length === 2 && `/${action}` === REVOKE_FORM_SUFFIX) {
    return { name: 'revokeSessionForm', allow: REVOKE_FORM_ALLOW, sessionId: decodeSegment(id) };
  }
  return null;
}

/** Percent-decodes a path segment; a broken escape is kept as written (it then matches no session). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
