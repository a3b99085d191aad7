import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('runs the lifecycle script the way `pnpm start` does, and every step turns out as printed', async () => {
  const tsx = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
  const { stdout, stderr } = await run(tsx, ['--conditions=@authentify/source', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    timeout: 60_000,
  });
  expect(stderr).toBe('');
  expect(stdout).toMatch(/3\. laptop calls the API\s+accepted: Ada Lovelace on Laptop \(Firefox\)/);
  expect(stdout).toMatch(/4\. a mistyped token\s+refused without a database lookup: malformed/);
  expect(stdout).toMatch(/extended: true/);
  expect(stdout).toMatch(/6\. phone after 25 idle minutes\s+refused: expired/);
  expect(stdout).toMatch(/8\. old refresh token used again\s+refused: refresh_token_reused/);
  expect(stdout).toMatch(/phone’s new token afterwards\s+refused: invalid/);
  expect(stdout).toMatch(/10\. laptop: "log out other devices" 1 session\(s\) revoked/);
  expect(stdout.match(/^ {3}• /gm)).toHaveLength(1);
  expect(stdout).toMatch(/11\. laptop logs out\s+its token is refused at once: invalid/);
  expect(stdout).not.toContain('?!');
});
