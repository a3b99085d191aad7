import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import type { SessionStorage } from '../storage/session-storage.js';

describe('revokeSession', () => {
  it('refuses ids that cannot be session ids without asking storage (NUL, spaces, too long)', async () => {
    const storage = new MemorySessionStorage();
    let calls = 0;
    const counting = new Proxy(storage, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'revokeSession') calls++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as SessionStorage;
    const auth = createAuthentify({ storage: counting });
    for (const id of ['', 'a\u0000b', 'has space', 'x'.repeat(65), '../etc', undefined as never]) {
      expect(await auth.revokeSession(id)).toBe(false);
    }
    expect(calls).toBe(0);
    const issued = await auth.issueSession({ userId: 'u', transport: 'header' });
    expect(await auth.revokeSession(issued.session.id)).toBe(true);
    expect(calls).toBe(1);
  });
});
