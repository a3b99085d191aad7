// The OpenTelemetry entry: the only module of @authentify/core that imports @opentelemetry/api
// (an optional peer), so that the core path never loads it.
export { instrumentAuthentify, type InstrumentAuthentifyOptions } from './instrument-authentify.js';
export { ATTRIBUTES, FAILURE_COUNTER, SPAN_NAMES } from './attribute-names.js';
