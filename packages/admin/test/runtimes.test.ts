import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requirementMet } from '../../../test/support/ci.js';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '..');
/** The binaries themselves (devDependencies), not the node_modules/.bin shims. */
const RUNTIMES = {
  deno: {
    binary: join(packageDir, 'node_modules', 'deno', 'deno'),
    // Sources import './x.js' for './x.ts' (TypeScript's NodeNext convention).
    args: ['run', '--sloppy-imports', '--conditions=@authentify/source', '--no-lock', 'test/runtimes/console-smoke.ts'],
  },
  bun: {
    binary: join(packageDir, 'node_modules', 'bun', 'bin', 'bun.exe'),
    args: ['--conditions=@authentify/source', 'test/runtimes/console-smoke.ts'],
  },
} as const;

const EXPECTED = { page: 200, showsContext: true, showsToken: false, refused: 403, crossSite: 403, revoked: 303, revokedBy: 'ops' };

describe.each(Object.entries(RUNTIMES))('the admin console on %s', (name, { binary, args }) => {
  const available = requirementMet({
    name: `the admin console on ${name}`,
    problem: existsSync(binary) ? null : `no ${binary}`,
    howToFix: `pnpm install (packages/admin has ${name} as a dev dependency)`,
  });
  it.runIf(available)('answers a page, refuses without authorize, refuses a cross-site form and revokes', async () => {
    const { stdout } = await run(binary, args, { cwd: packageDir, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' }, timeout: 120_000 });
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });
});
