/**
 * The connection's peer address from what a fetch-API runtime hands a handler besides the
 * request, for the runtimes that hand it over: Node through `@hono/node-server` (`{ incoming }`,
 * Hono's `c.env`), Bun (its `Server`, with `requestIP`), Deno (`Deno.serve`'s `info`, with
 * `remoteAddr`). `null` elsewhere — a Cloudflare Worker gets no socket, only the
 * `cf-connecting-ip` header, which the `trustProxy: { header }` option reads.
 *
 * @example
 * ```ts
 * Deno.serve((request, info) => handler(request, { remoteAddress: runtimePeerAddress(request, info) }));
 * ```
 */
export function runtimePeerAddress(request: Request, runtime: unknown): string | null {
  if (typeof runtime !== 'object' || runtime === null) return null;
  const candidate = runtime as {
    incoming?: { socket?: { remoteAddress?: unknown } };
    requestIP?: unknown;
    remoteAddr?: { hostname?: unknown };
  };
  const fromNode = candidate.incoming?.socket?.remoteAddress;
  if (typeof fromNode === 'string') return fromNode;
  if (typeof candidate.requestIP === 'function') {
    const address = (candidate.requestIP as (request: Request) => { address?: unknown } | null).call(runtime, request)?.address;
    return typeof address === 'string' ? address : null;
  }
  const fromDeno = candidate.remoteAddr?.hostname;
  return typeof fromDeno === 'string' ? fromDeno : null;
}
