import { programAfter, readDoc } from './doc-blocks.js';

/** How a documented program is run, and so what the test checks of it. */
export type ProgramKind = 'script' | 'node-server' | 'fetch-worker' | 'storage';

/** A program of the docs, written verbatim into the fresh project under `file`. */
export interface DocumentedProgram {
  /** Names the tests. */
  readonly name: string;
  /** Where the docs show it. */
  readonly doc: string;
  readonly file: string;
  readonly kind: ProgramKind;
  /** The program's source: the docs' block, plus for storage set-ups the check appended below. */
  source(): string;
}

/**
 * Appended to each storage set-up of docs/storage.md, which ends with a configured `auth` and
 * leaves the rest to the reader: proves that a session goes through the database (issue,
 * authenticate, revoke), then closes the connections so that the process ends.
 */
const STORAGE_CHECK = `
// Appended by test/install: prove that the set-up works (a revoked session without audit
// retention is deleted, so its token is then unknown: 'invalid'), then let the process end.
const issued = await auth.issueSession({ userId: 'install-test', transport: 'header' });
const before = await auth.authenticateToken(issued.accessToken, 'header');
await auth.revokeSession(issued.session.id);
const after = await auth.authenticateToken(issued.accessToken, 'header');
console.log(JSON.stringify({ authenticated: before.ok, afterRevocation: after.ok ? 'ok' : after.reason }));
await db.destroy();
`;

/** What a storage set-up with {@link STORAGE_CHECK} prints. */
export const STORAGE_CHECK_OUTPUT = '{"authenticated":true,"afterRevocation":"invalid"}\n';

const storage = (name: string, heading: string, file: string): DocumentedProgram => ({
  name,
  doc: 'docs/storage.md',
  file,
  kind: 'storage',
  source: () => programAfter('docs/storage.md', heading) + STORAGE_CHECK,
});

/** Every program the docs tell a user to run, in the order the test runs them. */
export const PROGRAMS: readonly DocumentedProgram[] = [
  { name: 'README "Use it"', doc: 'README.md', file: 'lifecycle.ts', kind: 'script', source: () => programAfter('README.md', '<!-- program: readme -->') },
  { name: 'Express quick start', doc: 'docs/express.md', file: 'express-server.ts', kind: 'node-server', source: () => programAfter('docs/express.md', '## A complete program') },
  { name: 'Hono quick start', doc: 'docs/hono.md', file: 'hono-server.ts', kind: 'node-server', source: () => programAfter('docs/hono.md', '## A complete program') },
  { name: 'Fetch quick start', doc: 'docs/fetch.md', file: 'worker.ts', kind: 'fetch-worker', source: () => programAfter('docs/fetch.md', '## A complete program') },
  { name: 'Admin console with Hono', doc: 'docs/admin.md', file: 'admin-hono.ts', kind: 'script', source: () => programAfter('docs/admin.md', 'With Hono') },
  storage('SQLite set-up', '### SQLite', 'sqlite.ts'),
  storage('PostgreSQL set-up', '### PostgreSQL', 'postgres.ts'),
  storage('MySQL/MariaDB set-up', '### MySQL and MariaDB', 'mysql.ts'),
];

/** What the admin console program of docs/admin.md prints: the block after it, "It prints:". */
export const ADMIN_OUTPUT = textAfter('docs/admin.md', 'With Hono');

/** What the README's "Use it" program prints, as its comments say. */
export const README_OUTPUT = [
  "{ user: 'Alice', device: 'iPhone' }",
  "{ user: 'Alice', device: 'iPhone' }",
  "{ error: 'invalid' }",
  "[ { device: 'iPhone', ip: '203.0.113.7' } ]",
  '',
].join('\n');

/**
 * The compiler options each program must type-check under in the user's project: both module
 * systems a user picks between, `strict`, and the packages' own .d.ts files checked too.
 */
export const TYPECHECK_CONFIGS: Record<string, Record<string, unknown>> = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'preserve', moduleResolution: 'bundler' },
};

/** The tsconfig.json text for one of {@link TYPECHECK_CONFIGS}. */
export function tsconfig(modules: Record<string, unknown>): string {
  const compilerOptions = { strict: true, target: 'es2022', skipLibCheck: false, noEmit: true, types: ['node'], ...modules };
  return `${JSON.stringify({ compilerOptions, files: PROGRAMS.map((program) => program.file) }, null, 2)}\n`;
}

/** The `text` block after the `ts` block that follows `anchor` in `doc`: what that program prints. */
function textAfter(doc: string, anchor: string): string {
  const markdown = readDoc(doc);
  const match = /```ts\n[\s\S]*?```\n\nIt prints:\n\n```text\n([\s\S]*?)```/.exec(markdown.slice(markdown.indexOf(anchor)));
  if (match === null) throw new Error(`${doc} has no "It prints:" block after ${JSON.stringify(anchor)}`);
  return match[1]!;
}
