/**
 * The framework-neutral view of an incoming request that core reads credentials from. Every
 * adapter builds one; so can any code that is not HTTP-framework based.
 *
 * @example
 * ```ts
 * // From a fetch Request (Hono, Bun, Deno, workers):
 * const view: RequestView = { header: (name) => request.headers.get(name) };
 * ```
 */
export interface RequestView {
  /**
   * The value of the header with this lower-case name, or `null`/`undefined` when absent. When
   * the header was sent several times, the values joined with `", "` — as fetch's `Headers`
   * does — so that duplicates are visible and refused rather than silently picked from.
   */
  header(name: string): string | null | undefined;
}
