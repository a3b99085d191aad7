import type { AddressInfo } from 'node:net';
import type { RunningServer } from '@authentify/core/testing/vitest';
import { serve } from '@hono/node-server';

/** Serves a fetch handler through @hono/node-server on 127.0.0.1, on a free port. */
export async function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<RunningServer> {
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const started = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server: started, port: info.port }),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
