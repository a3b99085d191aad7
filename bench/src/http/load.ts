/**
 * The load generator, in its own process:
 * `load.ts <port> <tokens.json> <seconds> <warmup seconds> <connections> [<header> <value prefix>]`.
 * Sends `GET /me` with a random token from the file on every request, as `<header>: <prefix><token>`
 * (by default `authorization: Bearer <token>`; better-auth's cookie variant sends
 * `cookie: better-auth.session_token=<token>`); prints the result as JSON.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [port, tokensFile, seconds, warmupSeconds, connections, header = 'authorization', prefix = 'Bearer '] = process.argv.slice(2) as [
  string, string, string, string, string, string?, string?,
];
const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as string[];

function run(duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Number(connections),
    duration,
    requests: [
      {
        method: 'GET',
        path: '/me',
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, [header]: `${prefix}${tokens[Math.floor(Math.random() * tokens.length)]}` },
        }),
      },
    ],
  });
}

await run(Number(warmupSeconds));
const result = await run(Number(seconds));
console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
  }),
);
