import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { cleanEnvironment } from './clean-environment.js';
import type { PeerChoice } from './legs.js';

/** A peer dependency as the published packages declare it. */
export interface DeclaredPeer {
  readonly name: string;
  readonly range: string;
  /** The @authentify package that declares it. */
  readonly declaredBy: string;
}

/**
 * Every third-party peer range the packages declare (the `@authentify/*` peers are the packages
 * themselves). A peer declared by two packages must have one range, or "what CI tests" is ambiguous.
 */
export function declaredPeers(root: string): DeclaredPeer[] {
  const peers = new Map<string, DeclaredPeer>();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
      name: string;
      peerDependencies?: Record<string, string>;
    };
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (name.startsWith('@authentify/')) continue;
      const known = peers.get(name);
      if (known && known.range !== range) {
        throw new Error(`${name} is a peer of ${known.declaredBy} (${known.range}) and ${manifest.name} (${range}): use one range`);
      }
      peers.set(name, { name, range, declaredBy: manifest.name });
    }
  }
  return [...peers.values()];
}

/** Published versions of `name` inside `range`, with the Node versions each declares it supports. */
function publishedVersions(name: string, range: string): { version: string; node: string | undefined }[] {
  const output = execFileSync('npm', ['view', `${name}@${range}`, 'version', 'engines', '--json'], { encoding: 'utf8', env: cleanEnvironment() });
  const parsed = JSON.parse(output) as unknown;
  // npm answers with one object when one version matches, an array otherwise.
  const entries = (Array.isArray(parsed) ? parsed : [parsed]) as { version: string; engines?: { node?: string } }[];
  return entries.map((entry) => ({ version: entry.version, node: entry.engines?.node }));
}

/**
 * The version of a peer a leg installs: the lowest or newest release inside its declared range
 * that also declares support for the leg's Node version (better-sqlite3 13 and Kysely 0.29 need
 * Node 22, and a user on Node 20 is told to pin the previous major). Pre-releases never count.
 */
export function choosePeerVersion(peer: DeclaredPeer, choice: Exclude<PeerChoice, 'lockfile'>, nodeVersion: string): string {
  const candidates = publishedVersions(peer.name, peer.range)
    .filter(({ version }) => semver.prerelease(version) === null)
    .filter(({ node }) => node === undefined || semver.satisfies(nodeVersion, node))
    .map(({ version }) => version)
    .sort(semver.compare);
  const chosen = choice === 'lowest' ? candidates[0] : candidates.at(-1);
  if (chosen === undefined) {
    throw new Error(`no release of ${peer.name} in ${peer.range} supports Node ${nodeVersion}`);
  }
  return chosen;
}

/** Peers with a native build, which must be built for the leg's Node even on the lockfile leg. */
const NATIVE_PEERS = new Set(['better-sqlite3']);

/**
 * The `overrides` a leg adds to its workspace copy: every declared peer pinned to the chosen end
 * of its range, or, on a lockfile leg, only the native peers that the lockfile's version may not
 * support on that Node line (the newest one that does).
 */
export function peerOverrides(root: string, choice: PeerChoice, nodeVersion: string): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const peer of declaredPeers(root)) {
    if (choice === 'lockfile') {
      if (NATIVE_PEERS.has(peer.name)) overrides[peer.name] = choosePeerVersion(peer, 'newest', nodeVersion);
    } else {
      overrides[peer.name] = choosePeerVersion(peer, choice, nodeVersion);
    }
  }
  return overrides;
}
