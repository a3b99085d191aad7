import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

/** The worker's entry point. */
export const WORKER_ENTRY = join(import.meta.dirname, 'worker.ts');

/**
 * Bundles the worker into one ES module, as wrangler would: TypeScript across the workspace
 * packages (their `@authentify/source` export), `cloudflare:workers` left to the runtime.
 */
export async function bundleWorker(entry = WORKER_ENTRY): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['@authentify/source', 'workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:workers'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** A worker served locally by {@link serveWorker}. */
export interface LocalWorker {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the worker on workerd through Miniflare, on 127.0.0.1, with the `SESSIONS` Durable
 * Object binding and without `nodejs_compat` (core hashes tokens with WebCrypto there). Durable
 * Object storage is in memory: it lasts as long as the server. `entry` serves another worker
 * with the same bindings (the tests' storage bridge).
 */
export async function serveWorker(options: { port: number; entry?: string }): Promise<LocalWorker> {
  const miniflare = new Miniflare({
    modules: true,
    script: await bundleWorker(options.entry),
    compatibilityDate: '2026-04-20',
    durableObjects: { SESSIONS: 'SessionStore' },
    host: '127.0.0.1',
    port: options.port,
    // Without it, Miniflare outside tests downloads a `request.cf` sample from the internet.
    cf: false,
  });
  const url = await miniflare.ready;
  return { url: url.origin, close: () => miniflare.dispose() };
}
