// `pnpm start`: the worker on workerd at http://127.0.0.1:8787 (PORT to change it).
import { serveWorker } from './local-workerd.js';

const port = Number(process.env.PORT ?? 8787);
const worker = await serveWorker({ port });
console.log(`Edge worker on workerd (Miniflare), sessions in a Durable Object.
  Sign in as ada@example.com / correct horse battery staple — curl calls in examples/edge-worker/README.md

Listening on ${worker.url} — Ctrl-C to stop`);

const stop = () => {
  void worker.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
