// Serves the conformance app with Deno.serve on 127.0.0.1; prints {"port":…} once listening.
import { conformanceHandler } from '../conformance-app.js';

declare const Deno: {
  serve(
    options: { hostname: string; port: number; onListen: (address: { port: number }) => void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
};

Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) },
  conformanceHandler(),
);
