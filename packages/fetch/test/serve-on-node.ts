import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { RunningServer } from '@authentify/core/testing/vitest';

/** `runtime` is `{ incoming }`, as `@hono/node-server` passes Node's request to Hono. */
type FetchHandler = (request: Request, runtime: { incoming: IncomingMessage }) => Response | Promise<Response>;

/**
 * Serves a fetch handler with `node:http` on 127.0.0.1, on a free port: the way a Node
 * application hosts `@authentify/fetch` without a framework. The request reaches the handler as
 * Node parsed it (header values byte for byte, the body as a stream); a handler that throws
 * gets the 500 a server gives by default.
 */
export async function serveOnNode(handler: FetchHandler): Promise<RunningServer> {
  const server = createServer((incoming, outgoing) => {
    answer(handler, incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) outgoing.statusCode = 500;
      outgoing.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(handler: FetchHandler, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const request = toRequest(incoming);
  if (request === null) {
    outgoing.writeHead(400).end();
    return;
  }
  const response = await handler(request, { incoming });
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => {
    // Set-Cookie values are joined with ", " here; they are set one by one below.
    if (name !== 'set-cookie') outgoing.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies);
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  outgoing.end(incoming.method === 'HEAD' ? undefined : body);
}

/** The `Request` for what Node received, or `null` when its Host and target make no URL. */
function toRequest(incoming: IncomingMessage): Request | null {
  let url: URL;
  try {
    url = new URL(`http://${incoming.headers.host ?? '127.0.0.1'}${incoming.url ?? '/'}`);
  } catch {
    return null;
  }
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // `duplex` is required for a streamed body; DOM's RequestInit does not declare it yet.
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}
