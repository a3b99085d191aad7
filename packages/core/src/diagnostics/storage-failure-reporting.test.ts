import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { SessionStorageError, type StorageFailureEvent } from './storage-failure.js';

/** A memory storage that fails every call with `error` once `down` is set. */
function failingStorage(error: Error): { storage: SessionStorage; fail(): void } {
  const healthy = new MemorySessionStorage();
  let down = false;
  const storage = new Proxy(healthy, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (down ? Promise.reject(error) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  }) as SessionStorage;
  return { storage, fail: () => void (down = true) };
}

const schemaMissing = new SessionStorageError('schema_missing', 'The table authentify_sessions does not exist. Run the migrations.');

afterEach(() => vi.restoreAllMocks());

describe('storage failures reach the operator', () => {
  it('by default on console.error, with the cause, and the caller still gets storage_unavailable', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { storage, fail } = failingStorage(schemaMissing);
    const auth = createAuthentify({ storage });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    fail();
    await expect(auth.authenticateToken(issued.accessToken, 'header')).rejects.toMatchObject({
      code: 'storage_unavailable',
      message: 'Session storage failed in findSessionByAccessDigest() (schema_missing): The table authentify_sessions does not exist. Run the migrations.',
      cause: schemaMissing,
    });
    expect(printed.mock.calls).toEqual([[expect.stringContaining('[authentify] Storage failure (schema_missing) in findSessionByAccessDigest(): The table authentify_sessions does not exist.')]]);
    expect(printed.mock.calls[0]?.[0]).not.toContain(issued.accessToken);
  });

  it('to hooks.onStorageFailure for every failure, and nowhere else with logger: false', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const events: StorageFailureEvent[] = [];
    const { storage, fail } = failingStorage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const auth = createAuthentify({ storage, logger: false, hooks: { onStorageFailure: (event) => void events.push(event) } });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    fail();
    await expect(auth.refresh(issued.refreshToken!, 'header')).rejects.toMatchObject({ code: 'storage_unavailable' });
    await expect(auth.revokeSession(issued.session.id)).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect(events.map(({ operation, code }) => ({ operation, code }))).toEqual([
      { operation: 'findSessionByRefreshDigest', code: 'unreachable' },
      { operation: 'revokeSession', code: 'unreachable' },
    ]);
    expect(printed).not.toHaveBeenCalled();
  });

  it('to a logger given as an option', async () => {
    const lines: string[] = [];
    const { storage, fail } = failingStorage(new Error('disk I/O error'));
    const auth = createAuthentify({ storage, logger: { error: (m) => void lines.push(m), warn: (m) => void lines.push(m) } });
    fail();
    await expect(auth.issueSession({ userId: 'alice', transport: 'cookie' })).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect(lines).toEqual([expect.stringMatching(/^\[authentify\] Storage failure \(unknown\) in createSession\(\): disk I\/O error/)]);
  });
});

describe('the logger option', () => {
  it('refuses what is not false or a logger, naming the option', () => {
    const storage = new MemorySessionStorage();
    expect(() => createAuthentify({ storage, logger: true as never })).toThrow(/^Invalid option `logger`: expected false or an object/);
    expect(() => createAuthentify({ storage, logger: { error: () => {} } as never })).toThrow(/^Invalid option `logger.warn`: must be a function/);
    expect(() => createAuthentify({ storage, hooks: { onStorageFailure: 'log' as never } })).toThrow(/^Invalid option `hooks.onStorageFailure`: must be a function/);
  });
});
