import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthentify } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import { createKyselySessionStorage } from '@authentify/kysely';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, requireBuiltBin } from './support/run-bin.js';

/**
 * Runs the examples of docs/cli.md, in order, as a user pastes them into a shell: every `sh`
 * block line by line (an `export` sets the environment of the lines after it; `# exit N` is the
 * exit code the line must end with, else 0), and the `js` config module written to the file its
 * first comment names. The install block is run by test/install with the packed tarball.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(join(packageDir, '..', '..', 'docs', 'cli.md'), 'utf8');
// Inside the package, so that the config module's imports resolve as in an application.
const dir = mkdtempSync(join(packageDir, 'test', '.config-docs-'));

interface Block {
  language: 'sh' | 'js';
  code: string;
  install: boolean;
}

const blocks: Block[] = [...doc.matchAll(/(<!-- install: [^>]+ -->\n)?```(sh|js)\n([\s\S]*?)```/g)].map((match) => ({
  language: match[2] as Block['language'],
  code: match[3]!,
  install: match[1] !== undefined,
}));

beforeAll(() => {
  requireBuiltBin();
  // `authentify` on the PATH, as an installed bin would be.
  writeFileSync(join(dir, 'authentify'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(dir, 'authentify'), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A few sessions once the tables exist: alice with two, bob with one, one expired. */
async function seed(env: Record<string, string>): Promise<void> {
  const database = new SQLite(join(dir, 'app.db'));
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  const clock = createTestClock(Date.now() - 60 * 86_400_000);
  const auth = createAuthentify<object, undefined>({ storage: createKyselySessionStorage({ db, sqliteDatabase: database }), clock, refreshTtl: '30d' });
  await auth.issueSession({ userId: 'carol', transport: 'cookie', context: { device: 'old laptop' } });
  clock.advanceMs(Date.now() - clock());
  const first = await auth.issueSession({ userId: 'alice', transport: 'header', context: { device: 'iPhone 16' } });
  await auth.issueSession({ userId: 'alice', transport: 'cookie', context: { device: 'Firefox on Linux' } });
  await auth.issueSession({ userId: 'bob', transport: 'header', context: { device: 'CLI' } });
  await db.destroy();
  env.SESSION_ID = first.session.id;
}

describe('docs/cli.md', () => {
  it('has the blocks this test runs', () => {
    expect(blocks.filter((block) => block.language === 'sh' && !block.install).length).toBeGreaterThanOrEqual(8);
    expect(blocks.filter((block) => block.language === 'js')).toHaveLength(1);
  });

  it('runs every example, in order, with the exit code it states', async () => {
    const env: Record<string, string> = { PATH: `${dir}:${process.env.PATH}`, HOME: dir };
    let ran = 0;
    for (const block of blocks.filter((candidate) => !candidate.install)) {
      if (block.language === 'js') {
        const file = /^\/\/ (\S+)/.exec(block.code)?.[1];
        expect(file, 'a js block starts with a comment naming its file').toBeDefined();
        writeFileSync(join(dir, file!), block.code);
        // An application's package.json says "type": "module"; this folder's must too, for the .js to be ESM.
        writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
        continue;
      }
      for (const line of block.code.split('\n').filter((text) => text.trim() !== '' && !text.startsWith('#'))) {
        const exported = /^export (\w+)=(\S+)$/.exec(line);
        if (exported !== null) {
          env[exported[1]!] = exported[2]!;
          continue;
        }
        const expected = Number(/#\s*exit (\d+)\s*$/.exec(line)?.[1] ?? 0);
        const result = spawnSync('/bin/sh', ['-c', line], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect({ line, code: result.status }, result.stderr).toEqual({ line, code: expected });
        if (expected === 0) expect(result.stdout.length, line).toBeGreaterThan(0);
        if (/--json/.test(line)) expect(() => JSON.parse(result.stdout), line).not.toThrow();
        ran++;
        if (line === 'authentify migrate') await seed(env);
      }
    }
    expect(ran).toBeGreaterThanOrEqual(15);
  });
});
