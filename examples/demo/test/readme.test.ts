import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementMet } from '../../../test/support/ci.js';
import { demoDir, type RunningDemo, startDemo } from './support/demo-server.js';

const run = promisify(execFile);

/** The repository's README and the demo's both show the curl calls. */
const READMES = [join(demoDir, '..', '..', 'README.md'), join(demoDir, 'README.md')];

/** A README's curl block: the fenced block after the `<!-- demo-curl` marker. */
function readmeCurlBlock(path: string): string {
  const readme = readFileSync(path, 'utf8');
  const match = /<!-- demo-curl[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error(`${path} has no \`\`\`sh block after <!-- demo-curl -->`);
  return match[1]!;
}

function curlProblem(): string | null {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return null;
  } catch {
    return 'the `curl` command is not installed';
  }
}

it('the README’s curl calls are the same in the repository’s README and the demo’s', () => {
  const [root, demoReadme] = READMES.map((path) => readmeCurlBlock(path));
  expect(root).toBe(demoReadme);
});

const available = requirementMet({ name: 'curl', problem: curlProblem(), howToFix: 'Install it with `apt-get install -y curl`.' });

describe.skipIf(!available)('the README’s curl calls', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.dispose();
  });

  it('work exactly as written (on the test’s port): login, protected route, refresh, sessions, logout', async () => {
    const block = readmeCurlBlock(READMES[0]!);
    expect(block.match(/127\.0\.0\.1:3000/g)).toHaveLength(6);
    // The only change: the port the test's demo listens on instead of 3000.
    const script = block.replaceAll('http://127.0.0.1:3000', demo.url);
    const { stdout } = await run('bash', ['-e', '-u', '-o', 'pipefail', '-c', script], {
      timeout: 30_000,
      // The same `node` as the test's, first on PATH, as it is for a person who ran `pnpm start`.
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    });

    const [login, me, refreshed, sessions, logout, ...afterLogout] = stdout.split('\n');
    const loginJson = JSON.parse(login!) as { tokenType: string; accessToken: string; refreshToken: string; session: { id: string; context: unknown } };
    expect(loginJson).toMatchObject({ tokenType: 'Bearer', accessToken: expect.stringMatching(/^afy_at_/), refreshToken: expect.stringMatching(/^afy_rt_/) });
    expect(loginJson.session.context).toMatchObject({ device: 'Command line', browser: expect.stringMatching(/^curl \d/), ip: '127.0.0.1' });

    expect(JSON.parse(me!)).toMatchObject({ user: { email: 'ada@example.com', name: 'Ada Lovelace' }, session: { id: loginJson.session.id, transport: 'header' } });

    const refreshedJson = JSON.parse(refreshed!) as { accessToken: string; session: { id: string } };
    expect(refreshedJson.session.id).toBe(loginJson.session.id);
    expect(refreshedJson.accessToken).not.toBe(loginJson.accessToken);

    const listed = JSON.parse(sessions!) as { sessions: Array<{ id: string; current: boolean }> };
    expect(listed.sessions).toEqual([expect.objectContaining({ id: loginJson.session.id, current: true })]);

    expect(JSON.parse(logout!)).toEqual({ revokedSessions: 1 });

    const refusal = afterLogout.join('\n');
    expect(refusal).toMatch(/^HTTP\/1\.1 401 /);
    expect(refusal).toMatch(/^www-authenticate: Bearer error="invalid_token"/im);
    // Audit retention keeps the logged-out session, so the refusal says why.
    expect(refusal).toContain('"error":"revoked"');
  });
});
