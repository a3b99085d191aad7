import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningInCi } from '../../test/support/ci.js';
import { expectCookieLogin, expectHeaderLifecycle, expectRefreshBodyChecks } from '../../test/support/quickstart-checks.js';
import { examplesDir, linkDependencies, type RunningProgram, startProgram } from './run-program.js';

const root = join(examplesDir, '..', '..');
// The Deno executable itself (the node_modules/.bin shim would outlive a signal as a shell).
const deno = join(root, 'packages', 'fetch', 'node_modules', 'deno', 'deno');
const run = promisify(execFile);

/** How each quick start is run: its documented runtime, from the TypeScript sources. */
const QUICKSTARTS = [
  {
    doc: 'express.md',
    program: 'express-quickstart.ts',
    start: () => startProgram(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', 'express-quickstart.ts'], { PORT: '0' }),
  },
  {
    doc: 'hono.md',
    program: 'hono-quickstart.ts',
    start: () => startProgram(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', 'hono-quickstart.ts'], { PORT: '0' }),
  },
  {
    doc: 'fetch.md',
    program: 'fetch-quickstart.ts',
    start: () =>
      startProgram(deno, [
        'serve',
        '--host=127.0.0.1',
        '--port=0',
        '--sloppy-imports',
        '--conditions=@authentify/source',
        '--no-lock',
        '--allow-net=127.0.0.1',
        'fetch-quickstart.ts',
      ]),
  },
] as const;

beforeAll(() => {
  linkDependencies();
});

describe.each(QUICKSTARTS)('docs/$doc', ({ doc, program, start }) => {
  it(`embeds examples/${program} verbatim`, () => {
    const markdown = readFileSync(join(examplesDir, '..', doc), 'utf8');
    const source = readFileSync(join(examplesDir, program), 'utf8');
    expect(markdown.includes(`\`\`\`ts\n${source}\`\`\``), `${doc} must contain ${program} exactly, in a ts block`).toBe(true);
  });

  describe(`running ${program}`, () => {
    let running: RunningProgram | undefined;
    beforeAll(async () => {
      if (program === 'fetch-quickstart.ts' && !existsSync(deno) && !runningInCi()) return;
      running = await start();
    });
    afterAll(async () => {
      await running?.stop();
    });
    it('logs in with header tokens, calls protected routes, refreshes, lists and logs out', async ({ skip }) => {
      if (running === undefined) return skip('Deno is not installed (outside CI only)');
      await expectHeaderLifecycle(running.url);
    });

    it('logs in a browser with HttpOnly cookies that authenticate', async ({ skip }) => {
      if (running === undefined) return skip('Deno is not installed (outside CI only)');
      await expectCookieLogin(running.url);
    });

    it('keeps the refresh route’s 16 KiB cap and invalid_body answers (routes before any body parser)', async ({ skip }) => {
      if (running === undefined) return skip('Deno is not installed (outside CI only)');
      await expectRefreshBodyChecks(running.url);
    });
  });
});

it('the programs type-check against the packages', async () => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = await run(tsc, ['-p', join(examplesDir, 'tsconfig.json')], { cwd: examplesDir }).catch(
    (error: { stdout?: string }) => ({ stdout: `tsc failed:\n${error.stdout ?? ''}` }),
  );
  expect(result.stdout).toBe('');
}, 120_000);
