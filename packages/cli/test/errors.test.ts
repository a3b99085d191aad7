import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBin, runBin } from './support/run-bin.js';

/**
 * What an operator sees when something is wrong, and with which exit code: a usage error (2)
 * lists what is accepted, an unreachable database (3) names where and what to check, pending
 * migrations (4) say what to run. Also the config-module connection.
 */
const dir = mkdtempSync(join(tmpdir(), 'authentify-cli-errors-'));
// Inside the package, so that the config module resolves @authentify/* like an application's would.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const configDir = mkdtempSync(join(packageDir, 'test', '.config-'));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runBin(args, { cwd: dir, env });

beforeAll(() => requireBuiltBin());
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
});

describe('authentify errors and exit codes', () => {
  it('--help documents the commands, the URL forms and every exit code', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const text of ['migrate', 'status', 'sessions', 'prune', 'stats', 'sqlite:<path>', 'postgres://', 'mysql://']) expect(help.stdout).toContain(text);
    for (const code of ['0  success', '1  failure', '2  usage error', '3  database unreachable', '4  migrations pending', '5  not confirmed']) {
      expect(help.stdout).toContain(code);
    }
    expect((await cli(['sessions', 'revoke', '--help'])).stdout).toMatch(/--yes[\s\S]*--reason <reason>[\s\S]*credentials_changed/);
  });

  it('a missing or malformed database URL is a usage error (2) that lists the accepted forms', async () => {
    const none = await cli(['status']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No database given: pass --database-url, set AUTHENTIFY_DATABASE_URL, or pass --config/);
    for (const url of ['redis://localhost:6379/0', 'app.db', 'postgres://', 'postgres://127.0.0.1:5432', 'sqlite:']) {
      const result = await cli(['status', '--database-url', url]);
      expect(result.code, url).toBe(2);
      expect(result.stderr, url).toMatch(/Accepted forms:\n  sqlite:<path>[\s\S]*postgres:\/\/[\s\S]*mysql:\/\//);
    }
    const secret = await cli(['status', '--database-url', 'postgres://admin:hunter2@127.0.0.1/']);
    expect(secret.stderr).not.toContain('hunter2');
    expect((await cli(['nonsense'])).code).toBe(2);
    expect((await cli(['status', '--database-url', 'sqlite:x.db', '--table-prefix', 'no-dashes'])).code).toBe(2);
    expect((await cli(['prune', '--database-url', 'sqlite:x.db', '--batch', 'lots'])).code).toBe(2);
  });

  it('an unreachable database exits 3 and names the host and port to check', async () => {
    for (const url of ['postgres://postgres@127.0.0.1:1/test', 'mysql://root@127.0.0.1:1/test']) {
      const result = await cli(['status'], { AUTHENTIFY_DATABASE_URL: url });
      expect(result.code, url).toBe(3);
      expect(result.stderr, url).toMatch(/Cannot reach the database at 127\.0\.0\.1:1 \((PostgreSQL|MySQL\/MariaDB)\) \(ECONNREFUSED\)\. Check that the server is running/);
    }
    const missingFile = await cli(['sessions', 'list', '--database-url', `sqlite:${join(dir, 'nowhere.db')}`]);
    expect(missingFile.code).toBe(3);
    expect(missingFile.stderr).toMatch(/no such file\. Check the path \(`authentify migrate` creates the file\)/);
  });

  it('tables missing behind a config module exit 4 and say to run `authentify migrate`', async () => {
    const db = join(dir, 'unmigrated.db');
    const config = join(configDir, 'authentify.config.mjs');
    writeFileSync(
      config,
      [
        "import SQLite from 'better-sqlite3';",
        "import { Kysely, SqliteDialect } from 'kysely';",
        "import { createKyselySessionStorage } from '@authentify/kysely';",
        `const database = new SQLite(${JSON.stringify(db)});`,
        'const kysely = new Kysely({ dialect: new SqliteDialect({ database }) });',
        'export default { storage: createKyselySessionStorage({ db: kysely, sqliteDatabase: database }), close: () => kysely.destroy() };',
      ].join('\n'),
    );
    // Without `db` in the config there is no migration check: the storage's own error is explained.
    const listed = await cli(['sessions', 'list', '--config', config]);
    expect(listed.code).toBe(4);
    expect(listed.stderr).toMatch(/tables are missing or out of date .*Run `authentify migrate`/);
    const migrate = await cli(['migrate', '--config', config]);
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toMatch(/export `db` \(your Kysely instance\) from the config module/);

    writeFileSync(config, `${'export const nothing = 1;'}\n`);
    const wrong = await cli(['status', '--config', config]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/must export .* an object with a `storage`/);
  });

  it('a config module that exports its db too gets migrate and the migration check', async () => {
    const config = join(configDir, 'with-db.config.mjs');
    writeFileSync(
      config,
      [
        "import SQLite from 'better-sqlite3';",
        "import { Kysely, SqliteDialect } from 'kysely';",
        "import { createKyselySessionStorage } from '@authentify/kysely';",
        `const database = new SQLite(${JSON.stringify(join(dir, 'configured.db'))});`,
        'export const db = new Kysely({ dialect: new SqliteDialect({ database }) });',
        'export const config = { storage: createKyselySessionStorage({ db, sqliteDatabase: database }), db, auditRetention: null, close: () => db.destroy() };',
      ].join('\n'),
    );
    expect((await cli(['sessions', 'list', '--config', config])).code).toBe(4);
    expect((await cli(['migrate', '--config', config])).code).toBe(0);
    const status = await cli(['status', '--config', config]);
    expect(status, status.stderr).toMatchObject({ code: 0 });
    expect(status.stdout).toMatch(/Migrations: \d+ applied, 0 pending/);
  });
});
