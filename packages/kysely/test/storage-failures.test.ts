import { createServer } from 'node:net';
import { type Authentify, AuthentifyError, createAuthentify, MemorySessionStorage, SessionStorageError, type StorageFailureEvent } from '@authentify/core';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthentifyMigrations, createKyselySessionStorage, type KyselyDialectName } from '../src/index.js';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { Migrator } from './support/kysely-migrator.js';
import { dropTables, migrationTestDb, mysqlDb, postgresDb, testTables } from './support/test-databases.js';

/**
 * What the operator sees when the storage fails for a reason they can fix — tables never
 * migrated, a database URL to a closed port or to a database that does not exist — on each real
 * database. Clients get `storage_unavailable` (503); the logger gets the cause and the fix.
 */
const available = { sqlite: true, postgres: await serverAvailable(postgresServer), mysql: await serverAvailable(mysqlServer) };

const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });
/** A well-formed access token (it passes the checksum, so the lookup reaches the storage) from elsewhere. */
const SOME_TOKEN = (await createAuthentify({ storage: new MemorySessionStorage() }).issueSession({ userId: 'elsewhere', transport: 'header' })).accessToken;

/** An instance whose logger and `onStorageFailure` hook record what they get. */
function observed(storage: ReturnType<typeof createKyselySessionStorage>) {
  const logged: string[] = [];
  const events: StorageFailureEvent[] = [];
  const auth = createAuthentify({
    storage,
    logger: { error: (message) => void logged.push(message), warn: (message) => void logged.push(message) },
    hooks: { onStorageFailure: (event) => void events.push(event) },
  });
  return { auth, logged, events };
}

async function failureOf(promise: Promise<unknown>): Promise<AuthentifyError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AuthentifyError);
  expect((error as AuthentifyError).code).toBe('storage_unavailable');
  return error as AuthentifyError;
}

/** A port on 127.0.0.1 that nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const MISSING_TABLE = {
  sqlite: 'no such table: afy_never_migrated_sqlite_sessions',
  postgres: 'relation "afy_never_migrated_postgres_sessions" does not exist',
  mysql: "afy_never_migrated_mysql_sessions' doesn't exist",
} as const;

describe.each(['sqlite', 'postgres', 'mysql'] as const)('a storage on tables never migrated (%s)', (dialect: KyselyDialectName) => {
  describe.skipIf(!available[dialect])('', () => {
    const names = testTables(`afy_never_migrated_${dialect}`);
    let db: Kysely<unknown>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = migrationTestDb(dialect, 2));
      await dropTables(db, names);
    });
    afterAll(async () => close?.());

    it('answers storage_unavailable and tells the operator the table is missing and how to migrate', async () => {
      const { auth, logged, events } = observed(createKyselySessionStorage({ db, tables: names.tables }));
      const error = await failureOf(auth.authenticate(bearer(SOME_TOKEN)));
      expect(error.cause).toBeInstanceOf(SessionStorageError);
      expect(error.cause).toMatchObject({ code: 'schema_missing' });
      await failureOf(auth.issueSession({ userId: 'alice', transport: 'header' }));

      expect(events.map(({ operation, code }) => ({ operation, code }))).toEqual([
        { operation: 'findSessionByAccessDigest', code: 'schema_missing' },
        { operation: 'createSession', code: 'schema_missing' },
      ]);
      // The second failure of the same code within the minute is counted, not logged.
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('[authentify] Storage failure (schema_missing) in findSessionByAccessDigest(): ');
      expect(logged[0]).toContain(MISSING_TABLE[dialect]);
      expect(logged[0]).toContain('the Authentify migrations have not run on this database (or not all of them). Run them: `await migrateAuthentify(db)` at start-up, or `npx authentify migrate --database-url <your database URL>`.');
    });
  });
});

describe.each(['sqlite', 'postgres', 'mysql'] as const)('a storage on tables of an older release, upgraded without migrating (%s)', (dialect: KyselyDialectName) => {
  describe.skipIf(!available[dialect])('', () => {
    const names = testTables(`afy_half_migrated_${dialect}`);
    let db: Kysely<unknown>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = migrationTestDb(dialect, 2));
      await dropTables(db, names);
      // Only the first migration, as the previous release left the database.
      const first = createAuthentifyMigrations({ tables: names.tables })['0001_create_session_tables']!;
      const result = await new Migrator({ db, provider: { getMigrations: async () => ({ '0001_create_session_tables': first }) }, ...names.migration }).migrateToLatest();
      expect(result.error).toBeUndefined();
    });
    afterAll(async () => {
      await dropTables(db, names);
      await close?.();
    });

    it('reports the missing column as schema_missing, with the migration command', async () => {
      const { auth, logged, events } = observed(createKyselySessionStorage({ db, tables: names.tables }));
      // A login writes where the session was used from: the columns of migration 0003.
      await failureOf(auth.issueSession({ userId: 'alice', transport: 'header' }));
      expect(events.map(({ operation, code }) => [operation, code])).toEqual([['createSession', 'schema_missing']]);
      expect(logged[0]).toContain('the Authentify migrations have not run on this database (or not all of them).');
    });
  });
});

describe.each(['postgres', 'mysql'] as const)('a database URL that points nowhere (%s)', (dialect) => {
  describe.skipIf(!available[dialect])('', () => {
    const connect = (url: string) =>
      dialect === 'postgres'
        ? postgresDb({ url, pool: { max: 1, connectionTimeoutMillis: 5_000 } }).db
        : mysqlDb({ url, pool: { connectionLimit: 1, connectTimeout: 5_000 } }).db;
    const server = dialect === 'postgres' ? postgresServer : mysqlServer;
    const opened: Kysely<unknown>[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((db) => db.destroy()));
    });

    async function failuresFor(url: string): Promise<{ auth: Authentify<Record<string, unknown>, undefined>; logged: string[]; events: StorageFailureEvent[] }> {
      const db = connect(url);
      opened.push(db);
      return observed(createKyselySessionStorage({ db }));
    }

    it('a closed port: unreachable, with what to check', async () => {
      const url = new URL(server.url);
      url.port = String(await closedPort());
      const { auth, logged, events } = await failuresFor(url.href);
      await failureOf(auth.authenticate(bearer(SOME_TOKEN)));
      expect(events[0]).toMatchObject({ operation: 'findSessionByAccessDigest', code: 'unreachable' });
      expect(logged[0]).toContain('ECONNREFUSED');
      expect(logged[0]).toContain('the database cannot be reached: check the host and port in the database URL and that the server is running.');
    });

    it('a database that does not exist: unreachable, naming the problem', async () => {
      const url = new URL(server.url);
      url.pathname = '/afy_no_such_database';
      const { auth, logged, events } = await failuresFor(url.href);
      await failureOf(auth.authenticate(bearer(SOME_TOKEN)));
      expect(events[0]).toMatchObject({ code: 'unreachable' });
      expect(logged[0]).toContain('afy_no_such_database');
      expect(logged[0]).toContain('the database named in the database URL does not exist on that server');
    });
  });
});
