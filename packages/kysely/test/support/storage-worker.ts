/**
 * A separate Node process with its own storage and Authentify instance on a shared database, for
 * the multi-process tests. Started by `startStorageWorker`; reads one JSON request per stdin line
 * and answers one JSON line per request on stdout.
 */
import { createInterface } from 'node:readline';
import { createAuthentify, type LoginPolicy, type SessionStorage } from '@authentify/core';
import { randomDigest, sessionRecord } from '@authentify/core/testing';
import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import mysql from 'mysql2';
import pg from 'pg';
import { createKyselySessionStorage } from '../../src/index.js';
import type { WorkerConfig, WorkerRequest } from './storage-worker-protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;

function connect(): { db: Kysely<unknown>; storage: SessionStorage } {
  const { sessionCache } = config;
  const serverCache = typeof sessionCache === 'object' ? { sessionCache: { maxStalenessMs: sessionCache.maxStalenessMs } } : {};
  if (config.database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.database.url, max: 5, connectionTimeoutMillis: 10_000 });
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    return { db, storage: createKyselySessionStorage({ db, tables: config.tables, ...serverCache }) };
  }
  if (config.database.kind === 'mysql') {
    const pool = mysql.createPool({ uri: config.database.url, connectionLimit: 5, connectTimeout: 10_000 });
    const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool }) });
    return { db, storage: createKyselySessionStorage({ db, tables: config.tables, ...serverCache }) };
  }
  const database = new Database(config.database.file, { timeout: 10_000 });
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    storage: createKyselySessionStorage({
      db,
      tables: config.tables,
      sqliteDatabase: database,
      ...(sessionCache === true ? { sessionCache: {} } : {}),
    }),
  };
}

const { db, storage } = connect();
const auth = createAuthentify({ storage });

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'authenticate': {
      const result = await auth.authenticateToken(request.token, 'header');
      return result.ok ? { ok: true, sessionId: result.session.id } : { ok: false, reason: result.reason };
    }
    case 'revoke':
      return auth.revokeSession(request.sessionId, { reason: 'logout' });
    case 'loginRace': {
      // `count` logins of one user at once, straight against the storage, under a session limit.
      const policy: LoginPolicy = {
        singleLogin: false,
        sessionLimit: { max: request.max, onLimit: 'refuse' },
        revocation: { at: new Date(), reason: 'session_limit', retain: false },
      };
      const outcomes = await Promise.allSettled(
        Array.from({ length: request.count }, () => storage.createSession(sessionRecord(Date.now(), { userId: request.userId }), policy)),
      );
      return tally(outcomes.map((o) => (o.status === 'fulfilled' ? { value: o.value.created } : { error: o.reason })));
    }
    case 'rotateRace': {
      const now = Date.now();
      const outcomes = await Promise.allSettled(
        Array.from({ length: request.count }, () =>
          storage.rotateTokens(request.sessionId, request.expectedRefreshDigest, {
            accessDigest: randomDigest(),
            refreshDigest: randomDigest(),
            accessExpiresAt: new Date(now + 60_000),
            refreshExpiresAt: new Date(now + 86_400_000),
            expiresAt: new Date(now + 86_400_000),
            lastUsedAt: new Date(now),
            lastIp: null,
            lastUserAgent: null,
            rotatedAt: new Date(now),
            replay: null,
          }),
        ),
      );
      return tally(outcomes.map((o) => (o.status === 'fulfilled' ? { value: o.value !== null } : { error: o.reason })));
    }
  }
}

/** How many calls returned true, false, or failed (with the first failure's message). */
function tally(results: ({ value: boolean } | { error: unknown })[]) {
  const errors = results.flatMap((r) => ('error' in r ? [r.error instanceof Error ? r.error.message : String(r.error)] : []));
  return {
    succeeded: results.filter((r) => 'value' in r && r.value).length,
    declined: results.filter((r) => 'value' in r && !r.value).length,
    errors,
  };
}

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const request = JSON.parse(line) as WorkerRequest & { id: number };
  handle(request).then(
    (result) => process.stdout.write(`${JSON.stringify({ id: request.id, result })}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id: request.id, error: String(error) })}\n`),
  );
});
input.on('close', () => {
  void db.destroy().finally(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
