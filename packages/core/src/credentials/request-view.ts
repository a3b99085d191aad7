/**
 * The framework-neutral view of an incoming request that core reads credentials from. Every
 * adapter builds one; so can any code that is not HTTP-framework based. Only `header` is
 * required: the rest is what hooks see of the request (see `ClientRequest`) and what the
 * last-used record keeps, so an adapter passes whatever it knows.
 *
 * @example
 * ```ts
 * // From a fetch Request (Hono, Bun, Deno, workers):
 * const view: RequestView = { header: (name) => request.headers.get(name), method: request.method, url: request.url };
 * ```
 */
export interface RequestView {
  /**
   * The value of the header with this lower-case name, or `null`/`undefined` when absent. When
   * the header was sent several times, the values joined with `", "` — as fetch's `Headers`
   * does — so that duplicates are visible and refused rather than silently picked from.
   */
  header(name: string): string | null | undefined;
  /** The request method, e.g. `GET`, when there is one. */
  readonly method?: string;
  /** The absolute URL the client asked for, when there is one. */
  readonly url?: string;
  /**
   * The address of the peer that opened the connection (the socket's remote address), when the
   * adapter knows it. Behind a proxy this is the proxy: the `trustProxy` option decides where
   * the client's own address comes from.
   */
  readonly remoteAddress?: string | null;
}
