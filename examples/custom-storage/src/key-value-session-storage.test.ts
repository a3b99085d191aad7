import { createAuthentify } from '@authentify/core';
import { describe, expect, it } from 'vitest';
import { KeyValueSessionStorage } from './key-value-session-storage.js';
import { MemoryKeyValueStore } from './key-value-store.js';

describe('KeyValueSessionStorage', () => {
  it('leaves no key behind once every session is revoked and pruned', async () => {
    const store = new MemoryKeyValueStore();
    let now = Date.UTC(2030, 0, 1);
    const auth = createAuthentify({ storage: new KeyValueSessionStorage(store), clock: () => now, auditRetention: '1d' });
    for (const userId of ['ada', 'grace']) {
      const { refreshToken } = await auth.issueSession({ userId, transport: 'header' });
      const refreshed = await auth.refresh(refreshToken!, 'header');
      expect(refreshed.ok).toBe(true);
      await auth.issueSession({ userId, transport: 'cookie' });
    }
    expect(store.size).toBeGreaterThan(0);

    expect(await auth.revokeAllSessionsOfUser('ada')).toBe(2);
    now += 31 * 86_400_000; // past the refresh tokens (30 days) and the audit retention (1 day)
    const progress = await auth.pruneSessions({ batchSize: 1 });
    expect(progress.deletedSessions).toBe(4);
    expect(store.size).toBe(0);
  });

  it('keeps apart storages that share a store under different key prefixes', async () => {
    const store = new MemoryKeyValueStore();
    const tenantA = createAuthentify({ storage: new KeyValueSessionStorage(store, { keyPrefix: 'a:' }) });
    const tenantB = createAuthentify({ storage: new KeyValueSessionStorage(store, { keyPrefix: 'b:' }) });
    const { accessToken } = await tenantA.issueSession({ userId: 'ada', transport: 'header' });
    expect((await tenantA.authenticateToken(accessToken, 'header')).ok).toBe(true);
    expect(await tenantB.authenticateToken(accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await tenantB.listSessionsOfUser('ada')).toEqual([]);
    expect((await store.list({ prefix: '', limit: 100 })).every((key) => key.startsWith('a:'))).toBe(true);
  });
});
