import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `@authentify/core` must load on edge runtimes: its default build may not import `node:`
 * modules, and it must work when `node:crypto` is out of reach (WebCrypto path).
 */
const run = promisify(execFile);
const coreDist = join(import.meta.dirname, '..', 'packages', 'core', 'dist');

function builtFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? builtFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

describe('@authentify/core without Node APIs', () => {
  it('has no static or dynamic import of a node: module in its default build', () => {
    const offenders = builtFiles(coreDist)
      .filter((file) => !relative(coreDist, file).startsWith('testing'))
      .filter((file) => /from\s+['"]node:|import\(\s*['"]node:|require\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('issues, authenticates and refreshes through WebCrypto when node:crypto is unreachable', async () => {
    const script = `
      process.getBuiltinModule = undefined;
      let webCryptoDigests = 0;
      const digest = crypto.subtle.digest.bind(crypto.subtle);
      crypto.subtle.digest = (...args) => { webCryptoDigests++; return digest(...args); };
      const { createAuthentify, MemorySessionStorage } = await import(${JSON.stringify(join(coreDist, 'index.js'))});
      const auth = createAuthentify({ storage: new MemorySessionStorage() });
      const issued = await auth.issueSession({ userId: 'edge', transport: 'header' });
      const result = await auth.authenticate({ header: (n) => (n === 'authorization' ? 'Bearer ' + issued.accessToken : null) });
      const refreshed = await auth.refresh(issued.refreshToken, 'header');
      console.log(JSON.stringify({ ok: result.ok, refreshed: refreshed.ok, webCryptoDigests }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ ok: true, refreshed: true, webCryptoDigests: 6 });
  });
});
