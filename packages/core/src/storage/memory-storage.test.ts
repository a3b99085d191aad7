import { describeSessionStorageConformance } from '../testing/index.js';
import { MemorySessionStorage } from './memory-storage.js';

describeSessionStorageConformance({
  name: 'MemorySessionStorage',
  setup: () => new MemorySessionStorage(),
});
