// The portable testing entry: nothing here imports vitest, `node:` modules or anything else a
// particular runtime or test runner provides, so it loads on edge runtimes and under any test
// runner. The vitest suites are in `@authentify/core/testing/vitest`.
export { createTestClock, type TestClock } from './test-clock.js';
export {
  expiredSessionRecord,
  fulfilledValues,
  inParallel,
  randomDigest,
  sessionRecord,
  uniqueUserId,
} from './fixtures.js';
export {
  CONFORMANCE_PATHS,
  CONFORMANCE_SETTINGS,
  CONFORMANCE_TRUSTED_ORIGIN,
  CONFORMANCE_USER_PREFIXES,
  createHttpConformanceFixture,
  type ConformanceContext,
  type ConformanceUser,
  type HttpConformanceFixture,
} from './http/conformance-fixture.js';
