import { type HttpRequest, httpRequestFromFetch, parseJsonBytes } from '@authentify/core/http';
import type { Context } from 'hono';

/**
 * The neutral {@link HttpRequest} of a Hono context: the raw fetch `Request`, except that a body
 * the application already read through Hono (`c.req.json()`…) is taken from Hono's body cache.
 * The peer address comes from `c.env` where the runtime puts it there (`@hono/node-server`,
 * Bun, Deno; see `runtimePeerAddress`).
 */
export function httpRequestFromHono(c: Context): HttpRequest {
  const request = httpRequestFromFetch(c.req.raw, c.env);
  return {
    method: request.method,
    url: request.url,
    header: request.header,
    get remoteAddress() {
      return request.remoteAddress;
    },
    async readJsonBody() {
      if (!c.req.raw.bodyUsed) return request.readJsonBody();
      try {
        return parseJsonBytes(new Uint8Array(await c.req.arrayBuffer()));
      } catch {
        return { kind: 'invalid' };
      }
    },
  };
}
