// The vitest entry: the conformance suites and what they need from Node (`sendRaw` opens raw
// TCP connections). Everything of the portable entry is re-exported, so that a test file needs
// one import.
export * from '../index.js';
export {
  describeSessionStorageConformance,
  type SessionStorageConformanceOptions,
} from '../describe-session-storage-conformance.js';
export {
  describeHttpAdapterConformance,
  type HttpAdapterConformanceOptions,
  type RunningServer,
} from '../http/describe-http-adapter-conformance.js';
export { sendRaw, type RawResponse } from '../http/raw-http.js';
