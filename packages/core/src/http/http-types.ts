import type { RequestView } from '../credentials/request-view.js';
import type { Session } from '../sessions/session.js';

/**
 * The framework-neutral description of an incoming HTTP request that every adapter builds and
 * `@authentify/core/http` decides on. Adapters translate; they never decide.
 *
 * @example
 * ```ts
 * // What @authentify/fetch does (see httpRequestFromFetch):
 * const request: HttpRequest = {
 *   method: raw.method,
 *   url: raw.url,
 *   header: (name) => raw.headers.get(name),
 *   readJsonBody: () => readJsonBody(raw.body, raw.headers.get('content-length')),
 * };
 * ```
 */
export interface HttpRequest extends RequestView {
  /** The request method as received, e.g. `POST` (compared case-insensitively). */
  readonly method: string;
  /**
   * The absolute URL the client asked for — scheme, `Host` and path with query — e.g.
   * `https://app.example/auth/refresh`. It may be unparsable when the `Host` header is hostile;
   * core then matches no route and treats the host as unknown.
   */
  readonly url: string;
  /**
   * Reads the body as JSON. Called at most once per request and only by a route that takes a
   * body (refresh), so ordinary requests are never read. Never throws for bad input: a broken,
   * non-UTF-8 or oversized body is a reading of kind `invalid` or `too_large`.
   */
  readJsonBody(): Promise<JsonBodyReading>;
}

/** What {@link HttpRequest.readJsonBody} found. */
export type JsonBodyReading =
  | { readonly kind: 'json'; readonly value: unknown }
  /** No body, or only whitespace. */
  | { readonly kind: 'empty' }
  /** Not UTF-8, not JSON, or already consumed by someone else. */
  | { readonly kind: 'invalid' }
  | { readonly kind: 'too_large' };

/** The framework-neutral response core asks an adapter to send. */
export interface HttpResponse {
  readonly status: number;
  /** Headers other than `Set-Cookie`, with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** `Set-Cookie` values, one per cookie, in order. */
  readonly cookies: readonly string[];
  /** The serialised body (JSON, matching the `content-type` header), or `null` for none. */
  readonly body: string | null;
}

/**
 * The authenticated session and user that adapters put on the request: `req.auth` (Express),
 * `c.var.auth` (Hono), `ctx.auth` (Fetch).
 */
export interface RequestAuth<Context extends object, User> {
  readonly session: Session<Context>;
  /** What `resolveUser` returned (or the `afterAuthenticate` hook's replacement). */
  readonly user: User;
}

/** Whether a request may go on without a credential (`optional`) or is refused (`required`). */
export type AuthenticationMode = 'optional' | 'required';

/**
 * What the authentication middleware should do with a request: let it go on — authenticated,
 * or anonymous (`auth: null`) — adding `cookies` to whatever response the application sends
 * (a sliding extension re-sets the access cookie), or answer it with `response` right away.
 */
export type AuthenticationOutcome<Context extends object, User> =
  | {
      readonly action: 'continue';
      readonly auth: RequestAuth<Context, User> | null;
      readonly cookies: readonly string[];
    }
  | { readonly action: 'respond'; readonly response: HttpResponse };
