import type { KeyValueStore } from '@authentify/example-custom-storage';

/**
 * The `KeyValueStore` of examples/custom-storage on a Durable Object's storage. Each call is
 * atomic on its key and `list` returns keys in ascending order, as the interface asks.
 */
export class DurableObjectKeyValueStore implements KeyValueStore {
  constructor(private readonly storage: DurableObjectStorage) {}

  get(key: string): Promise<string | undefined> {
    return this.storage.get<string>(key);
  }

  set(key: string, value: string): Promise<void> {
    return this.storage.put(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.storage.delete(key);
  }

  async list(options: { prefix: string; end?: string; limit: number }): Promise<string[]> {
    const entries = await this.storage.list({ prefix: options.prefix, limit: options.limit, ...(options.end === undefined ? {} : { end: options.end }) });
    return [...entries.keys()];
  }
}
