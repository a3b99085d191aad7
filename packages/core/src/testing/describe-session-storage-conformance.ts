import { afterAll, beforeAll, describe } from 'vitest';
import type { SessionStorage } from '../storage/session-storage.js';
import { lifecycleTests } from './lifecycle-tests.js';
import { replayLifecycleTests } from './replay-lifecycle-tests.js';
import { storageApiKeyTests } from './storage-api-key-tests.js';
import { storageConcurrencyTests } from './storage-concurrency-tests.js';
import { storageContractTests } from './storage-contract-tests.js';
import { storageOperatorTests } from './storage-operator-tests.js';
import { storageReplayTests } from './storage-replay-tests.js';
import { storageUpdateTests } from './storage-update-tests.js';

/** How {@link describeSessionStorageConformance} gets and disposes of the storage under test. */
export interface SessionStorageConformanceOptions {
  /** Shown in the test report, e.g. `'KyselySessionStorage on Postgres'`. */
  name: string;
  /**
   * Creates the storage once for the whole suite (connect, migrate). Give it a database or table
   * that no other test uses at the same time: the suite prunes ended sessions globally.
   */
  setup: () => SessionStorage | Promise<SessionStorage>;
  /** Disposes of it (close pools, delete files). */
  teardown?: (storage: SessionStorage) => void | Promise<void>;
  /**
   * How many calls the concurrency cases fire at once. Use at least 20, over a connection pool of
   * at least 10, to test real parallelism on a database. [`20`]
   */
  parallelism?: number;
}

/**
 * Registers the storage conformance suite with vitest: every method of the `SessionStorage`
 * contract as its JSDoc promises (the refresh-replay, operator-query and session-update
 * obligations included, and API keys), the atomicity promises under `parallelism` concurrent calls,
 * and the whole session lifecycle through `createAuthentify` on top of the storage.
 *
 * Call it at the top level of a test file, once per storage.
 *
 * @example
 * ```ts
 * // my-storage.test.ts
 * import { describeSessionStorageConformance } from '@authentify/core/testing/vitest';
 * import { RedisSessionStorage } from './redis-session-storage.js';
 *
 * describeSessionStorageConformance({
 *   name: 'RedisSessionStorage',
 *   setup: () => new RedisSessionStorage(createClient({ url: process.env.REDIS_URL })),
 *   teardown: (storage) => (storage as RedisSessionStorage).close(),
 * });
 * ```
 */
export function describeSessionStorageConformance(options: SessionStorageConformanceOptions): void {
  const parallelism = options.parallelism ?? 20;
  describe(`SessionStorage conformance: ${options.name}`, () => {
    let storage: SessionStorage | undefined;
    const getStorage = (): SessionStorage => {
      if (storage === undefined) throw new Error(`setup() of "${options.name}" did not provide a storage.`);
      return storage;
    };
    beforeAll(async () => {
      storage = await options.setup();
    });
    afterAll(async () => {
      if (storage !== undefined) await options.teardown?.(storage);
    });

    storageContractTests(getStorage);
    storageReplayTests(getStorage);
    storageConcurrencyTests(getStorage, parallelism);
    storageUpdateTests(getStorage, parallelism);
    storageOperatorTests(getStorage, parallelism);
    lifecycleTests(getStorage, parallelism);
    replayLifecycleTests(getStorage);
    storageApiKeyTests(getStorage);
  });
}
