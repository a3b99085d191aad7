import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { AuthentifyError } from '../errors.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import type { PruneScope, SessionStorage } from '../storage/session-storage.js';
import { createTestClock } from '../testing/test-clock.js';

/**
 * `storage` whose batches stop after `cap` rows however large the limit (as a synchronous driver
 * bounds them by time), and whose prune scope records what core called.
 */
function shortBatches(storage: MemorySessionStorage, cap: number, calls: string[], failOnBatch?: number): SessionStorage {
  let batches = 0;
  return new Proxy(storage, {
    get(target, key) {
      if (key === 'beginPrune') {
        return async (): Promise<PruneScope> => {
          calls.push('begin');
          return {
            beforeBatch: async () => void calls.push('before'),
            end: async () => void calls.push('end'),
          };
        };
      }
      if (key === 'deleteEndedSessions') {
        return (options: Parameters<SessionStorage['deleteEndedSessions']>[0]) => {
          calls.push('batch');
          if (++batches === failOnBatch) return Promise.reject(new Error('disk on fire'));
          return target.deleteEndedSessions({ ...options, limit: Math.min(options.limit, cap) });
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as SessionStorage;
}

async function withEndedSessions(count: number) {
  const clock = createTestClock();
  const storage = new MemorySessionStorage();
  const setup = (wrapped: SessionStorage) => createAuthentify({ storage: wrapped, clock, accessTtl: '1m', refreshTtl: null });
  const issuer = setup(storage);
  for (let index = 0; index < count; index++) await issuer.issueSession({ userId: `user-${index % 3}`, transport: 'header' });
  clock.advance('2m');
  const live = await issuer.issueSession({ userId: 'live', transport: 'header' });
  return { storage, setup, live };
}

describe('pruneSessions', () => {
  it('goes on past batches that stop short of the batch size, until one deletes nothing', async () => {
    const { storage, setup, live } = await withEndedSessions(10);
    const calls: string[] = [];
    const auth = setup(shortBatches(storage, 3, calls));
    const report = await auth.pruneSessions({ batchSize: 1_000 });
    expect(report.deletedSessions).toBe(10);
    // 3 + 3 + 3 + 1 + 0 sessions, then one empty batch each of rotated digests and replays.
    expect(report.batches).toBe(7);
    expect(await auth.findSession(live.session.id)).not.toBeNull();
    // The scope: opened once, awaited before every batch but the first, ended once.
    expect(calls.slice(0, 3)).toEqual(['begin', 'batch', 'before']);
    expect(calls.filter((call) => call === 'before')).toHaveLength(6);
    expect(calls.at(-1)).toBe('end');
    expect(calls.filter((call) => call === 'end')).toHaveLength(1);
  });

  it('ends the scope when aborted between batches, with the signal’s reason', async () => {
    const { storage, setup } = await withEndedSessions(10);
    const calls: string[] = [];
    const stop = new AbortController();
    const reason = new Error('enough');
    const auth = setup(shortBatches(storage, 2, calls));
    const prune = auth.pruneSessions({ signal: stop.signal, onProgress: (progress) => progress.batches === 2 && stop.abort(reason) });
    await expect(prune).rejects.toBe(reason);
    expect(calls.filter((call) => call === 'batch')).toHaveLength(2);
    expect(calls.at(-1)).toBe('end');
    // The four deleted stay deleted; the next prune finds the other six.
    expect((await setup(storage).pruneSessions()).deletedSessions).toBe(6);
  });

  it('ends the scope when a batch throws, and reports the failure as storage_unavailable', async () => {
    const { storage, setup } = await withEndedSessions(10);
    const calls: string[] = [];
    const auth = setup(shortBatches(storage, 2, calls, 3));
    const error: unknown = await auth.pruneSessions().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthentifyError);
    expect((error as AuthentifyError).code).toBe('storage_unavailable');
    expect(calls.at(-1)).toBe('end');
  });

  it('does not open a scope for an aborted signal, and refuses a bad batch size before it', async () => {
    const { storage, setup } = await withEndedSessions(1);
    const calls: string[] = [];
    const auth = setup(shortBatches(storage, 2, calls));
    await expect(auth.pruneSessions({ signal: AbortSignal.abort() })).rejects.toThrow();
    await expect(auth.pruneSessions({ batchSize: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(calls).toEqual([]);
  });
});
