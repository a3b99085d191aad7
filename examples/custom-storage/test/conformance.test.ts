import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import { KeyValueSessionStorage, MemoryKeyValueStore } from '../src/index.js';

// The same suite @authentify/kysely runs on every database: every method as its contract says,
// 20 concurrent calls where the contract promises atomicity, and the whole lifecycle through
// createAuthentify. The store yields between calls, so those concurrent calls interleave.
describeSessionStorageConformance({
  name: 'KeyValueSessionStorage over a Map-backed key-value store',
  setup: () => new KeyValueSessionStorage(new MemoryKeyValueStore()),
  parallelism: 20,
});
