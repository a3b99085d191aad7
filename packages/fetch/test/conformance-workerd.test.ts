import { describeHttpAdapterConformance } from '@authentify/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { runtimeBinary, shouldRun, startWorkerd } from './runtimes/start-runtime.js';

const bun = runtimeBinary('bun');

// The worker is bundled with Bun's bundler, so this suite needs Bun installed too.
if (shouldRun(bun)) {
  describeHttpAdapterConformance({
    name: '@authentify/fetch on workerd (Miniflare, no nodejs_compat)',
    start: startWorkerd,
    // A worker gets no socket: only `cf-connecting-ip`, which `trustProxy: { header }` reads.
    knowsPeerAddress: false,
  });

  describe('@authentify/fetch on workerd', () => {
    it('hashes tokens with WebCrypto: without nodejs_compat there is no node:crypto', async () => {
      const server = await startWorkerd();
      try {
        const runtime = async () => (await (await fetch(`${server.url}/__runtime`)).json()) as { hasProcess: boolean; webCryptoDigests: number };
        expect(await runtime()).toEqual({ hasProcess: false, webCryptoDigests: 0 });
        const login = await fetch(`${server.url}/__test/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: 'edge', transport: 'header' }),
        });
        const { accessToken } = (await login.json()) as { accessToken: string };
        const me = await fetch(`${server.url}/__test/required`, { headers: { authorization: `Bearer ${accessToken}` } });
        expect(me.status).toBe(200);
        // Two digests at issue (access and refresh token), one per authentication.
        expect(await runtime()).toEqual({ hasProcess: false, webCryptoDigests: 3 });
      } finally {
        await server.close();
      }
    });
  });
} else {
  describe('@authentify/fetch on workerd', () => {
    it.skip(`Bun (the worker's bundler) is not installed at ${bun} (outside CI only; CI fails instead)`, () => undefined);
  });
}
