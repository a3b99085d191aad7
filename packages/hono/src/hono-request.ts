import { type HttpRequest, httpRequestFromFetch, parseJsonBytes } from '@authentify/core/http';
import type { Context } from 'hono';

/**
 * The neutral {@link HttpRequest} of a Hono context: the raw fetch `Request`, except that a body
 * the application already read through Hono (`c.req.json()`…) is taken from Hono's body cache.
 */
export function httpRequestFromHono(c: Context): HttpRequest {
  const request = httpRequestFromFetch(c.req.raw);
  return {
    ...request,
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
