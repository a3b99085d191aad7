// The conformance example of docs/storage.md, verbatim; type-checked, not run (it registers a
// vitest suite over a stand-in storage).
// my-session-storage.test.ts
import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
import { MySessionStorage } from './my-session-storage.js';

describeSessionStorageConformance({
  name: 'MySessionStorage',
  setup: () => MySessionStorage.connect(process.env.TEST_DATABASE_URL),
  teardown: (storage) => (storage as MySessionStorage).close(),
  parallelism: 20,
});
