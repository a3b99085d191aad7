// The Authentify demo: `pnpm start` at the repository root runs this file.
import { join, relative, resolve } from 'node:path';
import { parseDuration } from '@authentify/core';
import { serve } from '@hono/node-server';
import { createDemoApp } from './app.js';
import { browserSession, createDemoAuth } from './auth.js';
import { ClientMoves } from './client-changes.js';
import { openDemoDatabase } from './database.js';
import { DEMO_USER, UserDirectory } from './users.js';

const HOST = '127.0.0.1';
const port = portFromEnvironment(process.env.PORT ?? '3000');
// `.data/` is ignored by git; DEMO_DATA_DIR puts the database elsewhere (the tests use a temporary folder).
const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(import.meta.dirname, '..', '.data'));

const database = await openDemoDatabase(dataDir);
const users = new UserDirectory(database.database);
await users.ensureDemoUser();
const moves = new ClientMoves();
// Behind proxies, DEMO_TRUST_PROXY=<how many> makes the client's IP come from X-Forwarded-For.
const auth = createDemoAuth(database, users, { moves, trustProxy: trustedProxies(process.env.DEMO_TRUST_PROXY) });
// DEMO_BROWSER_ACCESS_TTL=3s makes browser access tokens short-lived (the browser test watches one run out).
const app = createDemoApp({ auth, users, moves, browserSession: browserSession(durationFromEnvironment('DEMO_BROWSER_ACCESS_TTL')) });

// Expired and revoked sessions are refused anyway; pruning only reclaims their rows.
const prune = () => auth.pruneSessions().catch((error: unknown) => console.error('session prune failed:', error));
const pruning = setInterval(prune, 60 * 60 * 1000);
pruning.unref();
void prune();

const server = serve({ fetch: app.fetch, hostname: HOST, port }, (info) => {
  const url = `http://${HOST}:${info.port}`;
  // Relative to where the person typed `pnpm start` (pnpm runs the script in this package's folder).
  const shortPath = relative(process.env.INIT_CWD ?? process.cwd(), database.file);
  const where = shortPath.startsWith('..') ? database.file : shortPath;
  console.log(`
  Authentify demo

  Open      ${url}
  Sign in   ${DEMO_USER.email} / ${DEMO_USER.password}
  Database  ${where} (${database.created ? 'created and migrated just now' : 'existing'})
  API       curl calls in examples/demo/README.md

Listening on ${url} — Ctrl-C to stop`);
});

server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use. Start the demo on another one: PORT=${port + 1} pnpm start`);
  } else {
    console.error('The server failed:', error);
  }
  void shutDown(1);
});

let stopping = false;
async function shutDown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(pruning);
  await new Promise<void>((done) => server.close(() => done()));
  await database.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutDown(0));
process.on('SIGTERM', () => void shutDown(0));

function durationFromEnvironment(name: string): string | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  try {
    parseDuration(value, name);
  } catch {
    console.error(`${name} must be a duration such as 3s or 15m, got ${JSON.stringify(value)}.`);
    process.exit(1);
  }
  return value;
}

function portFromEnvironment(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    console.error(`PORT must be a port number (0–65535), got ${JSON.stringify(value)}.`);
    process.exit(1);
  }
  return parsed;
}

/** `DEMO_TRUST_PROXY`: unset or `0` — clients connect directly; `n` — behind `n` proxies of yours. */
function trustedProxies(value: string | undefined): number | false {
  if (value === undefined || value === '' || value === '0') return false;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 1) {
    console.error(`DEMO_TRUST_PROXY must be the number of proxies in front of the demo, got ${JSON.stringify(value)}.`);
    process.exit(1);
  }
  return hops;
}
