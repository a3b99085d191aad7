import { requirementMet } from './ci.js';

/**
 * The database servers the repository's tests run on, and the one rule for a missing server.
 * Driver-free: each package probes with the driver it depends on itself.
 */

/** A database server the tests need, and how a developer or CI gets one. */
export interface DatabaseServer {
  /** Shown in messages. */
  name: string;
  /** The environment variable that points the tests at another server. */
  envVar: string;
  /** From `envVar`, else the server the project's machines run on loopback. */
  url: string;
  /** How to start the loopback server (see TOOLCHAIN.md). */
  startCommand: string;
}

export const postgresServer: DatabaseServer = {
  name: 'PostgreSQL',
  envVar: 'AUTHENTIFY_TEST_POSTGRES_URL',
  url: process.env.AUTHENTIFY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  startCommand: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
};

export const mysqlServer: DatabaseServer = {
  name: 'MariaDB/MySQL',
  envVar: 'AUTHENTIFY_TEST_MYSQL_URL',
  url: process.env.AUTHENTIFY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  startCommand: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
};

/** How long a probe may take to connect and answer `select 1`. */
export const PROBE_TIMEOUT_MS = 5_000;

/**
 * Whether the tests can use `server`, as `probe` (connect, `select 1`, disconnect; it throws when
 * the server is unreachable) finds it. Call it at the top of a test file and pass the answer to
 * `describe.skipIf(!available)`.
 *
 * - Reachable: `true`.
 * - Unreachable with `CI` set: throws, naming the server and how to start it — CI must run every
 *   database suite, so a missing server fails the run instead of skipping it.
 * - Unreachable on a developer's machine: prints how to point the tests at a server and returns
 *   `false`, so the file's database tests are skipped.
 */
export async function databaseAvailable(server: DatabaseServer, probe: () => Promise<void>): Promise<boolean> {
  const problem = await probe().then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message || error.constructor.name : String(error)),
  );
  if (problem === null) return true;
  return requirementMet({
    name: `the ${server.name} tests`,
    problem: `${server.name} is not reachable at ${redact(server.url)}: ${problem}`,
    howToFix: `Start the loopback server with: ${server.startCommand}\n  or point the tests at one with: ${server.envVar}=<connection url> pnpm test`,
  });
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
