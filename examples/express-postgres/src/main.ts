// `pnpm start`: the API on http://127.0.0.1:3001, sessions in PostgreSQL (DATABASE_URL).
import type { AddressInfo } from 'node:net';
import type { Duration } from '@authentify/core';
import { createApp } from './app.js';
import { createAppAuth } from './auth.js';
import { openDatabase } from './database.js';
import { DEMO_ACCOUNT, Users } from './users.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.PORT ?? 3001);

const { db, close } = await openDatabase(DATABASE_URL).catch((error: Error) => {
  console.error(`Cannot use the database at ${redact(DATABASE_URL)}: ${error.message}\nSet DATABASE_URL=postgres://user:password@host:5432/database`);
  process.exit(1);
});
const users = new Users(db);
await users.ensure(DEMO_ACCOUNT);
const auth = createAppAuth(db, users, {
  accessTtl: (process.env.ACCESS_TTL ?? '15m') as Duration,
  refreshReuseGrace: (process.env.REFRESH_REUSE_GRACE ?? '10s') as Duration,
});

const pruning = setInterval(() => {
  auth.pruneSessions().catch((error: unknown) => console.error('session prune failed:', error));
}, 60 * 60 * 1000);
pruning.unref();

const server = createApp(auth, users).listen(PORT, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Express + PostgreSQL example (${redact(DATABASE_URL)})
  Sign in as ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password} — curl calls in examples/express-postgres/README.md

Listening on http://127.0.0.1:${port} — Ctrl-C to stop`);
});

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${PORT} is already in use: PORT=${PORT + 1} pnpm start` : `The server failed: ${error.message}`);
  void close().then(() => process.exit(1));
});

const stop = () => {
  clearInterval(pruning);
  server.close(() => void close().then(() => process.exit(0)));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable DATABASE_URL>';
  }
}
