/**
 * The packages as users get them: packed with `pnpm pack`, installed from those tarballs into
 * brand-new projects outside the workspace — their peers from the registry, exactly as the
 * docs' install lines say — and every documented program run and type-checked there, against the
 * built dist/ (never the TypeScript sources).
 *
 * Environment:
 * - `AUTHENTIFY_INSTALL_PACKAGE_MANAGERS` — which package managers make a project, comma-separated
 *   [`npm,pnpm`; on Node 20 `pnpm`]. Each one installs once; all programs run from that project.
 *   Node 20 needs better-sqlite3 12, which has no prebuilt binary here: npm compiles it from
 *   source on every run (3 to 7 minutes on two cores), while pnpm reuses its store's build. So on
 *   Node 20 only pnpm runs by default, and npm is checked on Node 22, 24 and 26 (the matrix).
 * - `AUTHENTIFY_TEST_POSTGRES_URL`, `AUTHENTIFY_TEST_MYSQL_URL` — the database servers, as for the
 *   other database suites [the loopback servers]. With `CI` set a missing server fails the run.
 * - `AUTHENTIFY_INSTALL_KEEP=1` — keep the temporary folder (its path is printed) to look inside.
 *
 * The node that runs vitest runs every child too (it is put first on PATH), so that
 * `PATH=<node 24>/bin:$PATH pnpm vitest run --project install` checks Node 24; the install
 * blocks for Node 20 are picked on Node 20. Needs `pnpm run build` first (`pnpm test` does it).
 */
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementMet } from '../support/ci.js';
import { databaseAvailable, type DatabaseServer, mysqlServer, PROBE_TIMEOUT_MS, postgresServer } from '../support/database-servers.js';
import { type RunningProgram, startProgram } from '../support/run-program.js';
import { installBlock, installCommands, type PackageManager } from './doc-blocks.js';
import { childEnv, initProject, installedVersions, nodeMajor, PUBLISHED, packPackages, runLine } from './fresh-project.js';
import { ADMIN_OUTPUT, PROGRAMS, README_OUTPUT, STORAGE_CHECK_OUTPUT, TYPECHECK_CONFIGS, tsconfig } from './programs.js';
import { expectCookieLogin, expectHeaderLifecycle } from '../support/quickstart-checks.js';

const managers = (process.env.AUTHENTIFY_INSTALL_PACKAGE_MANAGERS ?? (process.versions.node.startsWith('20.') ? 'pnpm' : 'npm,pnpm'))
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '') as PackageManager[];
for (const manager of managers) {
  if (manager !== 'npm' && manager !== 'pnpm') throw new Error(`AUTHENTIFY_INSTALL_PACKAGE_MANAGERS: unknown package manager ${manager}`);
}

/** The docs whose install blocks make the project, in the order a reader meets them. */
const INSTALL_DOCS = [
  { doc: 'README.md', node20Variant: false },
  { doc: 'docs/express.md', node20Variant: false },
  { doc: 'docs/hono.md', node20Variant: false },
  { doc: 'docs/fetch.md', node20Variant: false },
  { doc: 'docs/storage.md', node20Variant: true },
  { doc: 'docs/cli.md', node20Variant: false },
  { doc: 'docs/admin.md', node20Variant: false },
] as const;

/** Not in the docs: the compiler the type-check runs, pinned to the one this repository uses. */
const TYPESCRIPT: Record<PackageManager, string> = { npm: 'npm install -D typescript@6.0.3', pnpm: 'pnpm add -D typescript@6.0.3' };

/** Whose installed versions the report shows. */
const REPORTED = [
  '@authentify/core', 'kysely', 'better-sqlite3', 'pg', 'mysql2', 'express', 'hono', '@hono/node-server',
  'tsx', 'typescript', '@types/node', '@types/express', '@types/better-sqlite3', '@types/pg',
];

const workspaceRoot = join(import.meta.dirname, '..', '..');
const deno = join(workspaceRoot, 'packages', 'fetch', 'node_modules', 'deno', 'deno');
const bun = join(workspaceRoot, 'packages', 'fetch', 'node_modules', 'bun', 'bin', 'bun.exe');
const workDir = realpathSync(mkdtempSync(join(tmpdir(), 'authentify-install-')));
const available = { postgres: await databaseAvailable(postgresServer, () => reachable(postgresServer)), mysql: await databaseAvailable(mysqlServer, () => reachable(mysqlServer)) };
const runtimes = {
  deno: requirementMet({ name: 'the Fetch quick start on Deno', problem: existsSync(deno) ? null : `no ${deno}`, howToFix: 'pnpm install (packages/fetch has deno as a dev dependency)' }),
  bun: requirementMet({ name: 'the Fetch quick start on Bun', problem: existsSync(bun) ? null : `no ${bun}`, howToFix: 'pnpm install (packages/fetch has bun as a dev dependency)' }),
};

/** Makes the project of one package manager: init, every install block, then the programs. */
async function makeProject(manager: PackageManager, tarballs: Map<string, string>): Promise<string> {
  const dir = join(workDir, manager);
  const started = Date.now();
  await initProject(dir, manager);
  const commands = [...INSTALL_DOCS.flatMap(({ doc, node20Variant }) => installCommands(installBlock(doc, manager, nodeMajor, { node20Variant }), tarballs)), TYPESCRIPT[manager]];
  for (const command of commands) {
    const { ms } = await runLine(command, dir);
    console.log(`[install ${manager}, node ${process.versions.node}] ${(ms / 1000).toFixed(1)} s  ${command.replaceAll(workDir, '$TMP')}`);
  }
  for (const program of PROGRAMS) writeFileSync(join(dir, program.file), program.source());
  for (const [name, options] of Object.entries(TYPECHECK_CONFIGS)) writeFileSync(join(dir, `tsconfig.${name}.json`), tsconfig(options));
  console.log(
    `[install ${manager}, node ${process.versions.node}] done in ${((Date.now() - started) / 1000).toFixed(1)} s; resolved versions:\n` +
      JSON.stringify(installedVersions(dir, REPORTED), null, 2),
  );
  return dir;
}

const projects = new Map<PackageManager, Promise<string>>();

beforeAll(async () => {
  const tarballs = await packPackages(join(workDir, 'tarballs'));
  // The projects install side by side (a native build on Node 20 is one core's work each).
  for (const manager of managers) {
    const project = makeProject(manager, tarballs);
    project.catch(() => {}); // reported by the describe that awaits it
    projects.set(manager, project);
  }
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(projects.values());
  if (process.env.AUTHENTIFY_INSTALL_KEEP === '1') console.log(`[install] kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
});

it('every doc has the marked install blocks the test runs, each of its own package manager', () => {
  const placeholders = new Map(PUBLISHED.map((name) => [`@authentify/${name}`, `${name}.tgz`]));
  for (const { doc, node20Variant } of INSTALL_DOCS) {
    for (const manager of ['npm', 'pnpm'] as const) {
      for (const major of [20, 22]) {
        const lines = installCommands(installBlock(doc, manager, major, { node20Variant }), placeholders);
        expect(lines.filter((line) => !line.startsWith(`${manager} `)), `${doc}: ${manager} lines only`).toEqual([]);
      }
    }
  }
});

describe.each(managers)('a new %s project', (manager) => {
  let dir: string;
  beforeAll(async () => {
    dir = await projects.get(manager)!;
  }, 900_000);
  const npx = (args: string, env: Record<string, string> = {}) => runLine(`npx ${args}`, dir, { env, timeoutMs: 60_000 });

  it('resolves @authentify/* to the installed dist/, not to the workspace', async () => {
    const names = ['@authentify/core', '@authentify/kysely', '@authentify/express', '@authentify/hono', '@authentify/fetch', '@authentify/admin'];
    const { stdout } = await runLine(`node --input-type=module -e 'for (const name of ${JSON.stringify(names)}) console.log(import.meta.resolve(name))'`, dir);
    const resolved = stdout.trim().split('\n');
    expect(resolved).toHaveLength(names.length);
    for (const url of resolved) expect(url).toMatch(new RegExp(`^file://${dir}/node_modules/.*/dist/index\\.js$`));
  });

  it.each(Object.keys(TYPECHECK_CONFIGS))('type-checks every program (strict, %s, skipLibCheck false)', async (name) => {
    const result = await npx(`tsc -p tsconfig.${name}.json`).catch((error: Error) => ({ stdout: error.message }));
    expect(result.stdout).toBe('');
  });

  it('runs the README "Use it" program as its comments say', async () => {
    expect((await npx('tsx lifecycle.ts')).stdout).toBe(README_OUTPUT);
  });

  describe.each(PROGRAMS.filter((program) => program.kind === 'node-server'))('$name, started with npx tsx', ({ file }) => {
    let running: RunningProgram;
    beforeAll(async () => {
      running = await startProgram('npx', ['tsx', file], { cwd: dir, env: childEnv({ PORT: '0' }) });
    });
    afterAll(() => running?.stop());
    it('logs in with header tokens, calls protected routes, refreshes, lists and logs out', () => expectHeaderLifecycle(running.url));
    it('logs in a browser with HttpOnly cookies that authenticate', () => expectCookieLogin(running.url));
  });

  describe.skipIf(!runtimes.deno)('Fetch quick start, with deno serve', () => {
    let running: RunningProgram;
    beforeAll(async () => {
      running = await startProgram(deno, ['serve', '--host=127.0.0.1', '--port=0', 'worker.ts'], { cwd: dir, env: childEnv({ DENO_NO_UPDATE_CHECK: '1' }) });
    });
    afterAll(() => running?.stop());
    it('logs in with header tokens, calls protected routes, refreshes, lists and logs out', () => expectHeaderLifecycle(running.url));
    it('logs in a browser with HttpOnly cookies that authenticate', () => expectCookieLogin(running.url));
  });

  describe.skipIf(!runtimes.bun)('Fetch quick start, with bun run', () => {
    let running: RunningProgram;
    beforeAll(async () => {
      // Bun serves a default export with `fetch` on $PORT without printing where.
      const port = await freePort();
      const probe = `node -e "require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"`;
      running = await startProgram('sh', ['-c', `"$0" run worker.ts & until ${probe}; do sleep 0.2; done; echo "Listening on http://127.0.0.1:${port}"; wait`, bun], {
        cwd: dir,
        env: childEnv({ PORT: String(port) }),
      });
    });
    afterAll(() => running?.stop());
    it('logs in with header tokens, calls protected routes, refreshes, lists and logs out', () => expectHeaderLifecycle(running.url));
  });

  it('runs the installed authentify bin: --help, then migrate and status on an SQLite file', async () => {
    expect((await npx('authentify --help')).stdout).toMatch(/^Usage: authentify [\s\S]*Exit codes:/);
    const env = { AUTHENTIFY_DATABASE_URL: `sqlite:${join(dir, 'cli.db')}` };
    expect((await npx('authentify migrate', env)).stdout).toMatch(/Ran \d+ migration\(s\) on sqlite:.*:\n {2}0001_create_session_tables\n/);
    expect((await npx('authentify status', env)).stdout).toMatch(/Migrations: \d+ applied, 0 pending\nSessions: +0 live, 0 expired, 0 revoked/);
  });

  it('runs the admin console program of docs/admin.md: mounted in Hono, it answers an admin, refuses the others', async () => {
    expect((await npx('tsx admin-hono.ts')).stdout).toBe(ADMIN_OUTPUT);
  });

  it('runs the SQLite set-up', async () => {
    expect((await npx('tsx sqlite.ts', { DATABASE_FILE: join(dir, 'app.db') })).stdout).toBe(STORAGE_CHECK_OUTPUT);
  });

  describe.each([
    ['PostgreSQL', 'postgres', postgresServer.url],
    ['MySQL/MariaDB', 'mysql', mysqlServer.url],
  ] as const)('the %s set-up', (_name, dialect, serverUrl) => {
    // Default table names: in a schema (Postgres) or database (MySQL) no other suite uses.
    const isolated = `afy_install_${manager}`;
    const reset = (create: boolean) =>
      dialect === 'postgres'
        ? `import pg from 'pg'; const c = new pg.Client(process.env.URL); await c.connect(); await c.query('drop schema if exists ${isolated} cascade'); ${create ? `await c.query('create schema ${isolated}');` : ''} await c.end();`
        : `import mysql from 'mysql2/promise'; const c = await mysql.createConnection(process.env.URL); await c.query('drop database if exists ${isolated}'); ${create ? `await c.query('create database ${isolated}');` : ''} await c.end();`;
    const runReset = (create: boolean) => runLine(`node --input-type=module -e "${reset(create)}"`, dir, { env: { URL: serverUrl } });

    describe.skipIf(!available[dialect])('', () => {
      beforeAll(() => runReset(true));
      afterAll(() => runReset(false));
      it('runs', async () => {
        const url = new URL(serverUrl);
        if (dialect === 'postgres') url.searchParams.set('options', `-c search_path=${isolated}`);
        else url.pathname = `/${isolated}`;
        expect((await npx(`tsx ${dialect}.ts`, { DATABASE_URL: url.toString() })).stdout).toBe(STORAGE_CHECK_OUTPUT);
      });
    });
  });
});

/** A port nothing listens on now, for a runtime that will not print the one it picked. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Whether the server's port answers. The drivers are the fresh projects' own, not installed yet
 * when the file loads; a server that accepts but refuses the login fails the test that uses it.
 */
function reachable(server: DatabaseServer): Promise<void> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), timeout: PROBE_TIMEOUT_MS });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no answer on port ${port} within ${PROBE_TIMEOUT_MS} ms`));
    });
    socket.once('error', reject);
  });
}
