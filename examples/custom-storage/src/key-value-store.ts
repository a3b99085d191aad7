/**
 * The key-value store the storage is written against: four calls that nearly every store has
 * (Redis, DynamoDB, Deno KV, a Durable Object's storage, LevelDB, etcd…). Keys and values are
 * strings.
 *
 * Each call is atomic on its own key and nothing more is assumed: no transactions, no
 * compare-and-set, no atomicity across keys. {@link KeyValueSessionStorage} makes its
 * multi-key state changes atomic itself (see its documentation).
 */
export interface KeyValueStore {
  /** The value stored under `key`; `undefined` when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: string): Promise<void>;
  /** Removes `key`; does nothing when it is absent. */
  delete(key: string): Promise<void>;
  /**
   * Up to `limit` keys that start with `prefix` and, if `end` is given, sort before `end`, in
   * ascending (code unit) order; empty when there are none.
   */
  list(options: { prefix: string; end?: string; limit: number }): Promise<string[]>;
}

/**
 * A {@link KeyValueStore} in a `Map`, for tests and this example. Each call first yields to the
 * event loop, as a network round trip would, so that concurrent operations really interleave
 * between their calls — which is what the storage's locking has to get right.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #entries = new Map<string, string>();

  /** How many keys it holds (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    await roundTrip();
    return this.#entries.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    await roundTrip();
    this.#entries.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await roundTrip();
    this.#entries.delete(key);
  }

  async list(options: { prefix: string; end?: string; limit: number }): Promise<string[]> {
    await roundTrip();
    const { prefix, end, limit } = options;
    return [...this.#entries.keys()]
      .filter((key) => key.startsWith(prefix) && (end === undefined || key < end))
      .sort()
      .slice(0, limit);
  }
}

function roundTrip(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
