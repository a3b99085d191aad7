/**
 * The compatibility matrix: which Node line runs which suites with which peer versions.
 *
 * The machine's own Node (20) runs the whole suite from the lockfile before the matrix starts
 * (`vitest run` in `pnpm test`); these legs add the other supported Node lines and both ends of
 * every declared peer range. Peer versions are never written here: they come from the ranges in
 * the packages' own `peerDependencies` (see peer-versions.ts), so what CI tests is exactly what
 * the packages declare.
 */

/** Which version of each peer a leg installs. */
export type PeerChoice =
  /** The versions in pnpm-lock.yaml, except a native module that must match the Node line. */
  | 'lockfile'
  /** The lowest version each declared range admits. */
  | 'lowest'
  /** The newest version each declared range admits, as `npm install` picks it today. */
  | 'newest';

/** One run of the suites on one Node line. */
export interface MatrixLeg {
  /** Shown in the report, e.g. `node20-lowest-peers`. */
  readonly name: string;
  /** The Node major line, installed from the registry's `node@<major>` package. */
  readonly nodeMajor: number;
  readonly peers: PeerChoice;
  /** The vitest projects it runs (names from each folder's vitest.config.ts). */
  readonly projects: readonly string[];
  /** Whether it also type-checks the workspace against the leg's peer versions. */
  readonly typecheck: boolean;
}

/**
 * Where each vitest project's files live, so a leg can tell that every project it asked for
 * really ran (vitest says nothing when a `--project` name matches no project).
 */
export const PROJECT_FOLDERS: Readonly<Record<string, string>> = {
  core: 'packages/core/',
  kysely: 'packages/kysely/',
  express: 'packages/express/',
  hono: 'packages/hono/',
  fetch: 'packages/fetch/',
  cli: 'packages/cli/',
  admin: 'packages/admin/',
  'example-quickstart': 'examples/quickstart/',
  docs: 'docs/',
  install: 'test/install/',
};

/** The suites every leg runs: core, storage on all three databases, the adapters, the CLI, the admin console, the quick starts. */
const SUITES = ['core', 'kysely', 'express', 'hono', 'fetch', 'cli', 'admin', 'example-quickstart', 'docs'] as const;

/** The packed-tarball install test (test/install) runs on every Node line, with the newest peers. */
const INSTALL = 'install';

/**
 * Node 20 (end of life, still declared) at the lowest end of every range; the Node lines users run
 * at the newest end, as a plain `npm install` resolves it today, each with the packed tarballs
 * too. The lockfile's own versions run on the machine's Node before the matrix.
 */
export const MATRIX_LEGS: readonly MatrixLeg[] = [
  { name: 'node20-lowest-peers', nodeMajor: 20, peers: 'lowest', projects: SUITES, typecheck: true },
  { name: 'node22', nodeMajor: 22, peers: 'newest', projects: [...SUITES, INSTALL], typecheck: false },
  { name: 'node24', nodeMajor: 24, peers: 'newest', projects: [...SUITES, INSTALL], typecheck: true },
  { name: 'node26', nodeMajor: 26, peers: 'newest', projects: [...SUITES, INSTALL], typecheck: false },
];
