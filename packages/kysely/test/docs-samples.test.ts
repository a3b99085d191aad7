import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlServer, postgresServer, serverAvailable } from './support/database-servers.js';
import { mysqlDb, postgresDb } from './support/test-databases.js';

/**
 * Every TypeScript sample of docs/storage.md is a verbatim part of a file in docs-samples/, which
 * the package's type-check compiles against the real API; the runnable ones run here, as their
 * own programs, against the real databases.
 */
const packageDir = join(import.meta.dirname, '..');
const samplesDir = join(import.meta.dirname, 'docs-samples');
const markdown = readFileSync(join(packageDir, '..', '..', 'docs', 'storage.md'), 'utf8');
const run = promisify(execFile);
const available = { postgres: await serverAvailable(postgresServer), mysql: await serverAvailable(mysqlServer) };

async function runSample(file: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@authentify/source', '--import', 'tsx', join(samplesDir, file)],
    { cwd: packageDir, env: { ...process.env, ...env }, timeout: 30_000 },
  );
  return stdout;
}

describe('docs/storage.md', () => {
  it('shows only samples that are verbatim parts of the type-checked files in test/docs-samples', () => {
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const sources = readdirSync(samplesDir).map((file) => readFileSync(join(samplesDir, file), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    expect(blocks.filter((block) => !sources.some((source) => source.includes(block)))).toEqual([]);
  });

  it('runs the SQLite set-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authentify-docs-'));
    try {
      expect(await runSample('sqlite.ts', { DATABASE_FILE: join(dir, 'app.db') })).toBe('{"authenticated":true}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the synchronous-lookup sample: verification asks the sync method', async () => {
    expect(await runSample('sync-lookup.ts')).toBe('{"authenticated":true,"syncLookups":1}\n');
  });

  it('runs the configureSqlite sample, which reports the values the docs show', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authentify-docs-'));
    try {
      expect(JSON.parse(await runSample('configure-sqlite.ts', { DATABASE_FILE: join(dir, 'app.db') }))).toEqual({
        journalMode: 'wal',
        synchronous: 1,
        busyTimeoutMs: 5000,
        mmapSizeBytes: 268435456,
        cacheSize: -65536,
        journalSizeLimitBytes: 67108864,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the migration samples', async () => {
    expect(await runSample('migrations.ts')).toBe(
      '[]\n{"ran":["0001_create_session_tables","0002_add_refresh_replay_columns","0003_add_session_client_columns","0004_add_revocation_audit","0005_add_session_step_up_columns","0006_add_api_key_columns","0007_add_session_change_log","0008_add_live_replay_index"],"tables":{"sessions":"auth_sessions","rotatedRefreshTokens":"auth_rotated_refresh_tokens"}}\n',
    );
  });

  it('runs the pruning samples', async () => {
    expect(await runSample('pruning.ts')).toBe(
      // One line per batch: the sessions, the empty batch that ends them, the rotated tokens,
      // the refresh replays.
      'pruned 3 sessions, 0 rotated tokens\n'.repeat(4) + '{"deletedSessions":3}\n',
    );
  });

  it('runs the test clock sample under node:test, without vitest', async () => {
    // node:test exits non-zero when a test fails, and runSample then throws.
    expect(await runSample('test-clock.ts')).toContain('an access token stops working after its lifetime');
  });

  describe.each([
    ['Postgres', 'postgres'],
    ['MariaDB/MySQL', 'mysql'],
  ] as const)('the %s set-up', (_name, dialect) => {
    describe.skipIf(!available[dialect])('', () => {
      // The samples use the default table names: run them in a schema (Postgres) or database
      // (MySQL) of their own, so that nothing else on the server can meet them.
      const isolated = 'afy_docs_samples';
      let db: Kysely<unknown>;
      beforeAll(async () => {
        db = dialect === 'postgres' ? postgresDb({ pool: { max: 1 } }).db : mysqlDb({ pool: { connectionLimit: 1 } }).db;
        await sql.raw(dialect === 'postgres' ? `drop schema if exists ${isolated} cascade` : `drop database if exists ${isolated}`).execute(db);
        await sql.raw(dialect === 'postgres' ? `create schema ${isolated}` : `create database ${isolated}`).execute(db);
      });
      afterAll(async () => {
        await sql.raw(dialect === 'postgres' ? `drop schema if exists ${isolated} cascade` : `drop database if exists ${isolated}`).execute(db);
        await db.destroy();
      });

      it('runs', async () => {
        const url = new URL(dialect === 'postgres' ? postgresServer.url : mysqlServer.url);
        if (dialect === 'postgres') url.searchParams.set('options', `-c search_path=${isolated}`);
        else url.pathname = `/${isolated}`;
        expect(await runSample(`${dialect}.ts`, { DATABASE_URL: url.toString() })).toBe('{"authenticated":true}\n');
        const { rows } = await sql<{ n: number | string }>`
          select count(*) as n from information_schema.tables where table_schema = ${isolated} and table_name = 'authentify_sessions'
        `.execute(db);
        expect(Number(rows[0]?.n)).toBe(1);
      });
    });
  });
});
