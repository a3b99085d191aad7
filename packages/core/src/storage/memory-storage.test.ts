import { describeSessionStorageConformance } from '../testing/vitest/index.js';
import { MemorySessionStorage } from './memory-storage.js';

describeSessionStorageConformance({
  name: 'MemorySessionStorage',
  setup: () => new MemorySessionStorage(),
});
