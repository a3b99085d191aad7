import { scopesProblem } from '../sessions/scopes.js';
import { configurationError } from '../errors.js';
import type { AuthentifySettings } from '../options/resolve-options.js';
import { describeType } from '../options/duration.js';
import { isSameOriginPathShape } from './return-to.js';

/**
 * The HTTP options every adapter accepts (`createAuthentifyExpress(auth, options)`, …), validated
 * once when the adapter is created: a mistake throws `AuthentifyError` `invalid_configuration`
 * naming the option. Cookie names and `Authorization` schemes come from the core options.
 */
export interface AuthentifyHttpOptions {
  /**
   * The full path under which the ready-made routes answer: `${basePath}/refresh`,
   * `${basePath}/logout`, … Mount the routes at the application's root. `''` puts them at the
   * root. [`'/auth'`]
   */
  basePath?: string;
  /** `realm` of the `WWW-Authenticate` challenge. [none] */
  realm?: string;
  /**
   * CSRF protection of cookie-authenticated unsafe requests: `Origin` / `Sec-Fetch-Site` must
   * show the request's own origin or one of `allowedOrigins` (exact origins such as
   * `'https://app.example'`). `false` turns it off — only if something else protects you.
   * [`{ allowedOrigins: [] }`]
   */
  csrf?: false | { allowedOrigins?: readonly string[] };
  /**
   * Where a successful form post to the logout and revoke routes goes when its `return_to` query
   * parameter is missing or not a same-origin path: a path on this site such as `'/login'`.
   * Without it such a post gets the JSON answer a script would. [none: JSON]
   */
  defaultReturnTo?: string;
  /**
   * Script-free refresh for browser navigations. When set, a top-level navigation (`GET`/`HEAD`
   * with `Sec-Fetch-Mode: navigate`, or without Fetch Metadata an `Accept` listing `text/html`)
   * that the `required` middleware would refuse for a missing or dead access cookie is answered
   * `303` to the refresh route with a same-origin `return_to`; the refresh route then accepts
   * that `GET`, rotates the tokens, sets both cookies and answers `303` back. When it cannot
   * refresh, it answers `303` to `loginPath` (with `return_to`), or 401 without one — never back
   * to the page, so it cannot loop. `true` is `{}`. Scripts' `fetch()` keeps its 401.
   * [`false`: navigations get the 401 like any caller]
   */
  navigationRefresh?: boolean | {
    /** The application's login page, a same-origin path such as `'/login'`. [none: 401] */
    loginPath?: string;
  };
  /**
   * The API key routes (`GET`/`POST /api-keys`, `DELETE /api-keys/:id`, `POST
   * /api-keys/:id/roll`): off unless given. `scopes` lists every scope a user may put on a key
   * of their own; a request for any other is refused with 400 `invalid_body`.
   * [none: the routes are not served]
   */
  apiKeys?: { scopes: readonly string[] };
  /** How session cookies are written. */
  cookies?: {
    /** `'auto'`: `Secure` except for plain-http requests to localhost / 127.0.0.1 / [::1]. [`'auto'`] */
    secure?: 'auto' | boolean;
    /** `'none'` needs `secure: true`. [`'lax'`] */
    sameSite?: 'lax' | 'strict' | 'none';
    /** `Domain` attribute, to share cookies with subdomains. [none: this host only] */
    domain?: string;
    /** `Path` of the access cookie. [`'/'`] */
    path?: string;
    /** `Path` of the refresh cookie, sent only to the refresh route. [`${basePath}/refresh`] */
    refreshPath?: string;
  };
}

/** The validated HTTP options. */
export interface HttpSettings {
  readonly basePath: string;
  readonly realm: string | null;
  /** `null` = CSRF check off. Origins are normalised by `URL` (lower-case, no default port). */
  readonly csrf: { readonly allowedOrigins: readonly string[] } | null;
  /** A same-origin path, or `null`: form posts without a usable `return_to` then get JSON. */
  readonly defaultReturnTo: string | null;
  /** `null` = off: navigations get the 401. `loginPath: null` = a failed navigation refresh answers 401. */
  readonly navigationRefresh: { readonly loginPath: string | null } | null;
  /** `null` = the API key routes are off. */
  readonly apiKeys: { readonly scopes: readonly string[] } | null;
  readonly cookies: {
    readonly names: { readonly access: string; readonly refresh: string };
    readonly secure: 'auto' | boolean;
    readonly sameSite: 'lax' | 'strict' | 'none';
    readonly domain: string | null;
    readonly path: string;
    readonly refreshPath: string;
    /**
     * `true` when sliding expiry is on: each extension also moves the refresh token's expiry, yet
     * the refresh cookie is not sent on the requests that extend it (its path is the refresh
     * route), so it is written to live as long as its token can come to live (see
     * `refreshCookie`).
     */
    readonly refreshSlides: boolean;
  };
  /** The scheme named in `WWW-Authenticate` and `tokenType`: `Bearer`, or the first configured one. */
  readonly scheme: string;
}

const KNOWN_OPTIONS = new Set(['basePath', 'realm', 'csrf', 'defaultReturnTo', 'navigationRefresh', 'apiKeys', 'cookies']);
const KNOWN_COOKIE_OPTIONS = new Set(['secure', 'sameSite', 'domain', 'path', 'refreshPath']);
const BASE_PATH = /^(?:\/[A-Za-z0-9._~-]+)*$/;
/** Printable ASCII except `;` (it would end the attribute) and `,`. */
const COOKIE_PATH = /^\/[\x21-\x2B\x2D-\x3A\x3C-\x7E]*$/;
const COOKIE_DOMAIN = /^\.?[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
/** A realm goes between double quotes: printable ASCII without `"` and `\`. */
const REALM = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,200}$/;

/**
 * Validates the adapter options against the core settings (cookie names, schemes) and fills in
 * defaults. Throws `invalid_configuration` naming the first option at fault.
 */
export function resolveHttpOptions(options: unknown, core: AuthentifySettings): HttpSettings {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw configurationError('options', `expected an object, got ${describeType(options)}.`);
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) throw configurationError(name, 'is not an option of the Authentify HTTP adapters.');
  }
  const given = options as AuthentifyHttpOptions;
  const basePath = given.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !BASE_PATH.test(basePath)) {
    throw configurationError('basePath', `must be '' or a path like '/auth' (no trailing slash), got ${JSON.stringify(basePath)}.`);
  }
  if (given.realm !== undefined && (typeof given.realm !== 'string' || !REALM.test(given.realm))) {
    throw configurationError('realm', 'must be 1–200 printable ASCII characters without " or \\.');
  }
  const defaultReturnTo = given.defaultReturnTo ?? null;
  if (defaultReturnTo !== null && !isSameOriginPathShape(defaultReturnTo)) {
    throw configurationError(
      'defaultReturnTo',
      `must be a path on this site starting with a single '/' (no scheme, host, spaces or control characters), got ${JSON.stringify(defaultReturnTo)}.`,
    );
  }
  const cookies = resolveCookies(given.cookies, basePath, core);
  const navigationRefresh = resolveNavigationRefresh(given.navigationRefresh);
  if (navigationRefresh !== null && !cookiePathCovers(cookies.refreshPath, `${basePath}/refresh`)) {
    throw configurationError(
      'navigationRefresh',
      `needs the refresh cookie sent to the refresh route ${basePath}/refresh, but cookies.refreshPath is ${JSON.stringify(cookies.refreshPath)}.`,
    );
  }
  return {
    basePath,
    realm: given.realm ?? null,
    csrf: resolveCsrf(given.csrf),
    defaultReturnTo,
    navigationRefresh,
    apiKeys: resolveApiKeys(given.apiKeys),
    cookies,
    scheme: challengeScheme(core.headerPrefixes),
  };
}

function resolveApiKeys(option: unknown): HttpSettings['apiKeys'] {
  if (option === undefined) return null;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw configurationError('apiKeys', `expected { scopes: [...] }, got ${describeType(option)}.`);
  }
  for (const name of Object.keys(option)) {
    if (name !== 'scopes') throw configurationError(`apiKeys.${name}`, 'is not an option; apiKeys takes { scopes }.');
  }
  const { scopes } = option as { scopes: unknown };
  const problem = scopesProblem(scopes);
  if (problem !== null) throw configurationError('apiKeys.scopes', problem);
  return Object.freeze({ scopes: Object.freeze([...(scopes as string[])]) });
}

function resolveNavigationRefresh(option: unknown): HttpSettings['navigationRefresh'] {
  if (option === undefined || option === false) return null;
  if (option === true) return { loginPath: null };
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw configurationError('navigationRefresh', `expected a boolean or { loginPath }, got ${describeType(option)}.`);
  }
  for (const name of Object.keys(option)) {
    if (name !== 'loginPath') throw configurationError(`navigationRefresh.${name}`, 'is not an option; navigationRefresh takes { loginPath }.');
  }
  const loginPath = (option as { loginPath?: unknown }).loginPath;
  if (loginPath === undefined) return { loginPath: null };
  if (!isSameOriginPathShape(loginPath) || loginPath.includes('#')) {
    throw configurationError(
      'navigationRefresh.loginPath',
      `must be a path on this site starting with a single '/' (no scheme, host, fragment, spaces or control characters), got ${JSON.stringify(loginPath)}.`,
    );
  }
  return { loginPath };
}

/** Whether a cookie with `Path=cookiePath` is sent to `path` (RFC 6265 §5.1.4 path-match). */
export function cookiePathCovers(cookiePath: string, path: string): boolean {
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path.charAt(cookiePath.length) === '/';
}

function resolveCsrf(csrf: unknown): HttpSettings['csrf'] {
  if (csrf === false) return null;
  if (csrf === undefined) return { allowedOrigins: [] };
  if (typeof csrf !== 'object' || csrf === null || Array.isArray(csrf)) {
    throw configurationError('csrf', `expected false or { allowedOrigins }, got ${describeType(csrf)}.`);
  }
  for (const name of Object.keys(csrf)) {
    if (name !== 'allowedOrigins') throw configurationError(`csrf.${name}`, 'is not an option; csrf takes { allowedOrigins }.');
  }
  const origins = (csrf as { allowedOrigins?: unknown }).allowedOrigins ?? [];
  if (!Array.isArray(origins)) {
    throw configurationError('csrf.allowedOrigins', `must be an array of origins, got ${describeType(origins)}.`);
  }
  return { allowedOrigins: origins.map((origin, index) => normaliseOrigin(origin, `csrf.allowedOrigins[${index}]`)) };
}

function normaliseOrigin(origin: unknown, option: string): string {
  const problem = `must be an origin like 'https://app.example' (scheme, host, optional port; no path), got ${JSON.stringify(origin)}.`;
  if (typeof origin !== 'string') throw configurationError(option, problem);
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw configurationError(option, problem);
  }
  const onlyOrigin = parsed.pathname === '/' && !origin.includes('?') && !origin.includes('#') && parsed.username === '' && parsed.password === '';
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !onlyOrigin) {
    throw configurationError(option, problem);
  }
  return parsed.origin;
}

function resolveCookies(
  cookies: unknown,
  basePath: string,
  core: Pick<AuthentifySettings, 'cookieNames' | 'sliding'>,
): HttpSettings['cookies'] {
  const names = core.cookieNames;
  if (cookies === undefined) cookies = {};
  if (typeof cookies !== 'object' || cookies === null || Array.isArray(cookies)) {
    throw configurationError('cookies', `expected an object, got ${describeType(cookies)}.`);
  }
  for (const name of Object.keys(cookies)) {
    if (!KNOWN_COOKIE_OPTIONS.has(name)) throw configurationError(`cookies.${name}`, 'is not a cookie option.');
  }
  const given = cookies as NonNullable<AuthentifyHttpOptions['cookies']>;
  const secure = given.secure ?? 'auto';
  if (secure !== 'auto' && typeof secure !== 'boolean') {
    throw configurationError('cookies.secure', `must be 'auto', true or false, got ${JSON.stringify(secure)}.`);
  }
  const sameSite = given.sameSite ?? 'lax';
  if (sameSite !== 'lax' && sameSite !== 'strict' && sameSite !== 'none') {
    throw configurationError('cookies.sameSite', `must be 'lax', 'strict' or 'none', got ${JSON.stringify(sameSite)}.`);
  }
  if (sameSite === 'none' && secure !== true) {
    throw configurationError('cookies.sameSite', "'none' needs cookies.secure: true (browsers drop SameSite=None cookies that are not Secure).");
  }
  const domain = given.domain ?? null;
  if (domain !== null && (typeof domain !== 'string' || !COOKIE_DOMAIN.test(domain))) {
    throw configurationError('cookies.domain', `must be a host name like 'example.com', got ${JSON.stringify(domain)}.`);
  }
  const path = cookiePath(given.path ?? '/', 'cookies.path');
  const refreshPath = cookiePath(given.refreshPath ?? `${basePath}/refresh`, 'cookies.refreshPath');
  checkCookiePrefix(names.access, 'access', { secure, domain, path });
  checkCookiePrefix(names.refresh, 'refresh', { secure, domain, path: refreshPath });
  return { names, secure, sameSite, domain, path, refreshPath, refreshSlides: core.sliding !== null };
}

function cookiePath(path: unknown, option: string): string {
  if (typeof path !== 'string' || !COOKIE_PATH.test(path)) {
    throw configurationError(option, `must be a path starting with '/' without ';' or ',', got ${JSON.stringify(path)}.`);
  }
  return path;
}

/** Browsers drop `__Secure-` / `__Host-` cookies that break their prefix's rules: refuse now. */
function checkCookiePrefix(
  name: string,
  which: 'access' | 'refresh',
  cookie: { secure: 'auto' | boolean; domain: string | null; path: string },
): void {
  const lower = name.toLowerCase();
  if (!lower.startsWith('__secure-') && !lower.startsWith('__host-')) return;
  if (cookie.secure !== true) {
    throw configurationError('cookies.secure', `must be true: the ${which} cookie name ${name} requires Secure.`);
  }
  if (lower.startsWith('__host-') && (cookie.domain !== null || cookie.path !== '/')) {
    throw configurationError(
      which === 'access' ? 'cookies.path' : 'cookies.refreshPath',
      `the ${which} cookie name ${name} requires Path=/ and no Domain; use a __Secure- name for a scoped cookie.`,
    );
  }
}

/** `Bearer` when it is one of the schemes, else the first configured one, capitalised. */
function challengeScheme(prefixes: readonly string[]): string {
  const scheme = prefixes.includes('bearer') ? 'bearer' : (prefixes[0] ?? 'bearer');
  return scheme.charAt(0).toUpperCase() + scheme.slice(1);
}
