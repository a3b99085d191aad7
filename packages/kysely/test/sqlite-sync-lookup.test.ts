import { createAuthentify, SessionStorageError } from '@authentify/core';
import { randomDigest, sessionRecord } from '@authentify/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselySessionStorage } from '../src/index.js';
import { dropTables, freshTables, sqliteDb, testTables } from './support/test-databases.js';

/**
 * With `sqliteDatabase`, the storage offers `findSessionByAccessDigestSync` on the lookup's
 * prepared statement: the record or `null`, `undefined` while a transaction is open on the
 * connection, and failures thrown classified — which core answers with `storage_unavailable`.
 */
const names = testTables('afy_sync_lookup');
const policy = { singleLogin: false, sessionLimit: null, revocation: { at: new Date(0), reason: 'revoked', retain: true } } as const;

describe('the synchronous lookup on SQLite', () => {
  let database: ReturnType<typeof sqliteDb>;
  beforeAll(async () => {
    database = sqliteDb();
    await freshTables(database.db, names);
  });
  afterAll(async () => {
    await database.db.destroy();
    database.remove();
  });

  it('answers as the promise form does, and is offered only with sqliteDatabase', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const record = sessionRecord(Date.now());
    await storage.createSession(record, policy);
    expect(storage.findSessionByAccessDigestSync?.(record.accessDigest)).toEqual(record);
    expect(storage.findSessionByAccessDigestSync?.(record.accessDigest)).toEqual(await storage.findSessionByAccessDigest(record.accessDigest));
    expect(storage.findSessionByAccessDigestSync?.(randomDigest())).toBeNull();
    expect(createKyselySessionStorage({ db: database.db, tables: names.tables }).findSessionByAccessDigestSync).toBeUndefined();
  });

  it('answers undefined while a transaction is open on the connection, so core waits on the promise form', async () => {
    const storage = createKyselySessionStorage({ db: database.db, tables: names.tables, sqliteDatabase: database.database });
    const auth = createAuthentify({ storage });
    const issued = await auth.issueSession({ userId: 'in-transaction', transport: 'header' });
    let pending: Promise<unknown> | undefined;
    await database.db.transaction().execute(async (trx) => {
      await sql`update ${sql.table(names.tables.sessions)} set revoked_at = 1, revocation_reason = 'revoked' where id = ${issued.session.id}`.execute(trx);
      expect(storage.findSessionByAccessDigestSync?.(randomDigest())).toBeUndefined();
      // Not the uncommitted revocation, and no deadlock: it answers after the commit.
      pending = auth.authenticateToken(issued.accessToken, 'header');
    });
    expect(await pending).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('throws the classified failure, which core answers as storage_unavailable', async () => {
    const other = testTables('afy_sync_lookup_dropped');
    await freshTables(database.db, other);
    const storage = createKyselySessionStorage({ db: database.db, tables: other.tables, sqliteDatabase: database.database });
    const auth = createAuthentify({ storage, logger: false });
    const issued = await auth.issueSession({ userId: 'dropped', transport: 'header' });
    await dropTables(database.db, other);
    let thrown: unknown;
    try {
      storage.findSessionByAccessDigestSync?.(randomDigest());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionStorageError);
    expect(thrown).toMatchObject({ code: 'schema_missing' });
    await expect(auth.authenticateToken(issued.accessToken, 'header')).rejects.toMatchObject({ code: 'storage_unavailable', cause: { code: 'schema_missing' } });
  });
});
