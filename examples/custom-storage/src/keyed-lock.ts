/**
 * Runs tasks one at a time per key, in the order they asked; tasks for different keys run side
 * by side. A task that throws releases the key like one that returns.
 *
 * It is an in-process lock: it serialises the callers that share this object, nothing else.
 */
export class KeyedLock {
  /** Per key, the promise that settles when the last queued task has released the key. */
  readonly #tails = new Map<string, Promise<void>>();

  /** How many keys are held or waited for (for tests: it must drop back to zero). */
  get size(): number {
    return this.#tails.size;
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => released);
    this.#tails.set(key, tail);
    try {
      await previous;
      return await task();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
