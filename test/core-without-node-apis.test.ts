import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `@authentify/core` must load on edge runtimes: its default build may not import `node:`
 * modules, and it must work when `node:crypto` is out of reach (WebCrypto path).
 */
const run = promisify(execFile);
const coreDist = join(import.meta.dirname, '..', 'packages', 'core', 'dist');

/** A module given inline, for `--import` and `register`. */
const inlineModule = (source: string): string => `data:text/javascript,${encodeURIComponent(source)}`;

/**
 * Loader hooks for a child process that refuse every import of vitest or of a Node built-in
 * module (`node:net`, or `net` without the prefix) — statically or dynamically, anywhere in the
 * module graph.
 */
const refuseRuntimeModules = inlineModule(`
  import { builtinModules } from 'node:module';
  export async function resolve(specifier, context, nextResolve) {
    if (/^vitest(\\/|$)/.test(specifier) || specifier.startsWith('node:') || builtinModules.includes(specifier)) {
      throw new Error('refused import of ' + specifier + ' from ' + context.parentURL);
    }
    return nextResolve(specifier, context);
  }
`);

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
      // A retry: the pair sealed at rotation (HKDF + AES-GCM, WebCrypto only) comes back unchanged.
      const retried = await auth.refresh(issued.refreshToken, 'header');
      const replayed = retried.ok && retried.replayed && retried.accessToken === refreshed.accessToken;
      console.log(JSON.stringify({ ok: result.ok, refreshed: refreshed.ok, replayed, webCryptoDigests }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    // Digests: issue 2, authenticate 1, refresh 3, the retry 3 (presented token, replayed pair).
    expect(JSON.parse(stdout)).toEqual({ ok: true, refreshed: true, replayed: true, webCryptoDigests: 9 });
  });

  it('loads the built @authentify/core/testing without vitest or any node: module, and its clock and fixtures work', async () => {
    const entry = (path: string) => JSON.stringify(pathToFileURL(join(coreDist, ...path.split('/'))).href);
    const script = `
      process.getBuiltinModule = undefined;
      const testing = await import(${entry('testing/index.js')});
      const clock = testing.createTestClock(0);
      clock.advance('15m');
      const record = testing.sessionRecord(clock());
      const fixture = testing.createHttpConformanceFixture();
      const issued = await fixture.auth.issueSession({ userId: testing.uniqueUserId(), transport: 'header' });
      const refused = (url) => import(url).then(() => false, (error) => error.message.startsWith('refused import of'));
      console.log(JSON.stringify({
        now: clock(),
        accessExpiresAt: record.accessExpiresAt.getTime(),
        issued: typeof issued.accessToken,
        // The hooks are active: the vitest entry and vitest itself are refused.
        vitestEntryRefused: await refused(${entry('testing/vitest/index.js')}),
        vitestRefused: await refused('vitest'),
      }));
    `;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(refuseRuntimeModules)});`;
    const { stdout } = await run(process.execPath, ['--import', inlineModule(register), '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({
      now: 900_000,
      accessExpiresAt: 1_800_000,
      issued: 'string',
      vitestEntryRefused: true,
      vitestRefused: true,
    });
  });
});
