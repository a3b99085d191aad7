// Serves the conformance app with Bun.serve on 127.0.0.1; prints {"port":…} once listening.
import { conformanceHandler } from '../conformance-app.js';

declare const Bun: {
  serve(options: { hostname: string; port: number; fetch: (request: Request) => Promise<Response> }): { port: number };
};

const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: conformanceHandler() });
console.log(JSON.stringify({ port: server.port }));
