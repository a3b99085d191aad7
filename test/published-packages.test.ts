import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

/**
 * What users install is the build, not the sources the other tests run: each public package's
 * `exports` must resolve to built ESM with types (publint, are-the-types-wrong). `pnpm test`
 * builds every package before running this.
 */
const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const publicPackages = readdirSync(packagesDir).filter((name) => {
  const manifest = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) as { private?: boolean };
  return manifest.private !== true;
});

describe.each(publicPackages)('published package %s', (name) => {
  const dir = join(packagesDir, name);

  it('passes publint without errors or warnings', async () => {
    const { messages } = await publint({ pkgDir: dir, level: 'warning', strict: true });
    expect(messages.map((message) => `${message.type}: ${message.code} ${JSON.stringify(message.args)}`)).toEqual([]);
  });

  it('has types that resolve for ESM consumers (are-the-types-wrong, esm-only profile)', async () => {
    const attw = join(root, 'node_modules', '.bin', 'attw');
    const result = await run(attw, ['--pack', dir, '--profile', 'esm-only', '--format', 'ascii'], { cwd: dir }).catch(
      (error: { stdout?: string; code?: number }) => error,
    );
    expect('code' in result ? `attw failed:\n${result.stdout}` : 'ok').toBe('ok');
  }, 120_000);
});
