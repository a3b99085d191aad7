import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from './key-value-store.js';
import { KeyedLock } from './keyed-lock.js';

/** 20 concurrent read-increment-write cycles on one key of the store. */
async function incrementConcurrently(store: MemoryKeyValueStore, around: (task: () => Promise<void>) => Promise<void>): Promise<number> {
  await store.set('counter', '0');
  await Promise.all(
    Array.from({ length: 20 }, () =>
      around(async () => {
        const value = Number(await store.get('counter'));
        await store.set('counter', String(value + 1));
      }),
    ),
  );
  return Number(await store.get('counter'));
}

describe('KeyedLock', () => {
  it('is what makes a read-then-write over the store atomic: without it, concurrent updates are lost', async () => {
    const store = new MemoryKeyValueStore();
    expect(await incrementConcurrently(store, (task) => task())).toBeLessThan(20);
    const lock = new KeyedLock();
    expect(await incrementConcurrently(store, (task) => lock.run('counter', task))).toBe(20);
  });

  it('runs the tasks of one key one at a time, in order, and those of other keys side by side', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const step = (label: string) => async () => {
      events.push(`${label} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`${label} end`);
    };
    await Promise.all([lock.run('a', step('a1')), lock.run('a', step('a2')), lock.run('b', step('b1'))]);
    expect(events.indexOf('a1 end')).toBeLessThan(events.indexOf('a2 start'));
    expect(events.indexOf('b1 start')).toBeLessThan(events.indexOf('a1 end'));
  });

  it('releases the key when a task throws, and forgets keys nobody holds', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('a', async () => 'next')).toBe('next');
    expect(lock.size).toBe(0);
  });
});
