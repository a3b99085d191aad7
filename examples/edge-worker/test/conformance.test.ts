import { join } from 'node:path';
import type { SessionStorage } from '@authentify/core';
import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import { type LocalWorker, serveWorker } from '../src/local-workerd.js';
import { fromWire, toWire } from './support/wire.js';

/**
 * The storage conformance suite against the worker's real session store — `KeyValueSessionStorage`
 * on a Durable Object's storage, on workerd — through a test-only worker that forwards each
 * storage call to the Durable Object over RPC, exactly as the worker's own requests do.
 */
let worker: LocalWorker | undefined;

function bridgedStorage(url: string): SessionStorage {
  const call = async (method: keyof SessionStorage, args: unknown[]): Promise<never> => {
    const response = await fetch(url, { method: 'POST', body: JSON.stringify(toWire({ method, args })), signal: AbortSignal.timeout(20_000) });
    const answer = (await response.json()) as { result?: unknown; error?: string };
    if (answer.error !== undefined) throw new Error(`${method}() failed in the Durable Object: ${answer.error}`);
    return fromWire(answer.result) as never;
  };
  const methods: Array<keyof SessionStorage> = [
    'createSession', 'findSessionByAccessDigest', 'findSessionByRefreshDigest', 'findSessionById', 'rotateTokens',
    'findRefreshReplay', 'recordActivity', 'updateSession', 'revokeSession', 'revokeSessionsOfUser', 'listSessionsOfUser', 'deleteEndedSessions',
    'deleteExpiredRotatedTokens', 'deleteExpiredRefreshReplays', 'searchSessions', 'countSessionsByState', 'revokeMatchingSessions',
  ];
  return Object.fromEntries(methods.map((method) => [method, (...args: unknown[]) => call(method, args)])) as unknown as SessionStorage;
}

describeSessionStorageConformance({
  name: 'KeyValueSessionStorage in a Durable Object on workerd',
  setup: async () => {
    worker = await serveWorker({ port: 0, entry: join(import.meta.dirname, 'support', 'storage-bridge-worker.ts') });
    return bridgedStorage(worker.url);
  },
  teardown: () => worker?.close(),
  parallelism: 20,
});
