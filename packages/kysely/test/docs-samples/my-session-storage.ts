import { MemorySessionStorage } from '@authentify/core';

/** Stands in for the reader's own storage in the conformance example of docs/storage.md. */
export class MySessionStorage extends MemorySessionStorage {
  /** Connects to the reader's database (here: nothing to connect to). */
  static async connect(_url: string | undefined): Promise<MySessionStorage> {
    return new MySessionStorage();
  }

  /** Closes the connection. */
  async close(): Promise<void> {}
}
