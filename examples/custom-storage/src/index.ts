export { KeyValueSessionStorage } from './key-value-session-storage.js';
export { type KeyValueStore, MemoryKeyValueStore } from './key-value-store.js';
export { KeyedLock } from './keyed-lock.js';
