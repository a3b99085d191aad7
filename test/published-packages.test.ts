import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What users install is the tarball, not the sources the other tests run: each public package is
 * packed with pnpm (as `pnpm publish` would, `workspace:` ranges replaced) and the tarball is
 * checked — its `exports` resolve to built ESM with types (publint in strict mode,
 * are-the-types-wrong), it carries the README, the license and the registry metadata, and no
 * tests. `pnpm test` builds every package before running this.
 */
const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const repositoryUrl = 'https://github.com/authentify-ts/authentify';
const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8');

interface PackedPackage {
  readonly tarball: string;
  readonly files: string[];
}

const publicPackages = readdirSync(packagesDir).filter((name) => {
  const manifest = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) as { private?: boolean };
  return manifest.private !== true;
});

let packDestination = '';
beforeAll(() => {
  packDestination = mkdtempSync(join(tmpdir(), 'authentify-pack-'));
});
afterAll(() => {
  rmSync(packDestination, { recursive: true, force: true });
});

describe.each(publicPackages)('published package %s', (name) => {
  const dir = join(packagesDir, name);
  let packed: PackedPackage;
  let manifest: Record<string, unknown>;

  beforeAll(async () => {
    const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', packDestination], { cwd: dir });
    const { filename } = JSON.parse(stdout) as { filename: string };
    // The tarball itself, not pnpm's file list: that list leaves out files pnpm adds while packing.
    const listing = await run('tar', ['-tzf', filename]);
    const files = listing.stdout.split('\n').filter((line) => line !== '').map((line) => line.replace(/^package\//, ''));
    packed = { tarball: filename, files };
    const packedManifest = await run('tar', ['-xzOf', packed.tarball, 'package/package.json']);
    manifest = JSON.parse(packedManifest.stdout) as Record<string, unknown>;
  }, 60_000);

  it('passes publint in strict mode: no errors, no warnings', async () => {
    const tarball = readFileSync(packed.tarball);
    // Lints the very tarball the other checks read; publint finds the package root inside it.
    const { messages } = await publint({
      level: 'warning',
      strict: true,
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    });
    expect(messages.map((message) => `${message.type}: ${message.code} ${JSON.stringify(message.args)}`)).toEqual([]);
  });

  it('has types that resolve for ESM consumers (are-the-types-wrong, esm-only profile)', async () => {
    const attw = join(root, 'node_modules', '.bin', 'attw');
    const result = await run(attw, [packed.tarball, '--profile', 'esm-only', '--format', 'ascii'], { cwd: dir }).catch(
      (error: { stdout?: string; code?: number }) => error,
    );
    expect('code' in result ? `attw failed:\n${result.stdout}` : 'ok').toBe('ok');
  }, 120_000);

  it('ships its manifest, README, license and build, and no tests', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
    const testFiles = packed.files.filter((path) => /(^|\/)(test|tests|__tests__)\/|\.(test|spec)[.-]/.test(path));
    expect(testFiles).toEqual([]);
  });

  it('ships the license of the repository, unchanged', async () => {
    // Each package keeps a copy of the root LICENSE: npm pack does not add the root one, and pnpm
    // adds it only to a package that has none.
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(rootLicense);
    const packedLicense = await run('tar', ['-xzOf', packed.tarball, 'package/LICENSE']);
    expect(packedLicense.stdout).toBe(rootLicense);
  });

  it('has the registry metadata: repository, homepage, bugs, keywords, author, license, engines', () => {
    expect(manifest).toMatchObject({
      license: 'MIT',
      author: 'The Authentify authors',
      repository: { type: 'git', url: `git+${repositoryUrl}.git`, directory: `packages/${name}` },
      homepage: `${repositoryUrl}/blob/main/packages/${name}/README.md`,
      bugs: { url: `${repositoryUrl}/issues` },
      type: 'module',
      sideEffects: false,
      engines: { node: '>=20.19' },
    });
    expect(manifest['keywords']).toEqual(expect.arrayContaining(['authentication']));
    expect(typeof manifest['description']).toBe('string');
  });

  it('links its README only to absolute URLs (the registry cannot resolve relative ones)', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^https:\/\//.test(target));
    expect(relative).toEqual([]);
  });
});
