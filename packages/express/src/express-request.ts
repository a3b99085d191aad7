import { type HttpRequest, readJsonBody } from '@authentify/core/http';
import type { Request } from 'express';

/**
 * The neutral {@link HttpRequest} of an Express request. Repeated headers are joined with `", "`
 * from the raw header list, because Node's `req.headers` silently keeps only the first
 * `Authorization` — a duplicate must be visible to be refused. A body already parsed by
 * `express.json()` is used as is; otherwise the refresh route reads the stream itself.
 */
export function httpRequestFromExpress(req: Request): HttpRequest {
  return {
    method: req.method,
    // A getter: building it asks Express for protocol and host, which most requests never need.
    get url() {
      return `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`;
    },
    header: (name) => (name === 'cookie' ? req.headers.cookie : rawHeader(req.rawHeaders, name)),
    // The socket's peer, not `req.ip`: which proxies to believe is the `trustProxy` option of
    // createAuthentify, the same for every adapter (Express's own `trust proxy` is not read).
    get remoteAddress() {
      return req.socket.remoteAddress ?? null;
    },
    readJsonBody: () =>
      req.body !== undefined
        ? Promise.resolve({ kind: 'json', value: req.body as unknown })
        : readJsonBody(req, req.headers['content-length']),
  };
}

/**
 * Every value of the header `name` (any case), joined with `", "`, or undefined. A scan of the
 * raw name/value pairs: `req.headersDistinct` gives the same answer but builds an object of all
 * headers first, a measurable share of a request on the verification hot path.
 */
export function rawHeader(rawHeaders: readonly string[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  let joined: string | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const candidate = rawHeaders[index]!;
    if (candidate.length === wanted.length && candidate.toLowerCase() === wanted) {
      joined = joined === undefined ? rawHeaders[index + 1]! : `${joined}, ${rawHeaders[index + 1]!}`;
    }
  }
  return joined;
}
