export {
  describeSessionStorageConformance,
  type SessionStorageConformanceOptions,
} from './describe-session-storage-conformance.js';
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
  describeHttpAdapterConformance,
  type HttpAdapterConformanceOptions,
  type RunningServer,
} from './http/describe-http-adapter-conformance.js';
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
export { sendRaw, type RawResponse } from './http/raw-http.js';
