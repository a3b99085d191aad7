import {
  type Attributes,
  type Counter,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { Authentify } from '../authentify.js';
import { diagnosticsOf, registerDiagnostics } from '../diagnostics/instance-diagnostics.js';
import { classifyStorageFailure } from '../diagnostics/storage-failure.js';
import { AuthentifyError, configurationError } from '../errors.js';
import { describeType } from '../options/duration.js';
import { ATTRIBUTES, FAILURE_COUNTER, SPAN_NAMES } from './attribute-names.js';

/** Options of {@link instrumentAuthentify}. */
export interface InstrumentAuthentifyOptions {
  /** Where spans go. [the global provider: `trace.getTracerProvider()`] */
  tracerProvider?: TracerProvider;
  /** Where the failure counter goes. [the global provider: `metrics.getMeterProvider()`] */
  meterProvider?: MeterProvider;
  /** Put the user id on spans as `enduser.id`. It may be personal data. [`false`] */
  recordUserId?: boolean;
}

const INSTRUMENTATION_NAME = '@authentify/core';
const KNOWN_OPTIONS = new Set(['tracerProvider', 'meterProvider', 'recordUserId']);

type Operation = keyof typeof SPAN_NAMES;

/**
 * Wraps an instance so that issue, authenticate, refresh and revoke each run in a span, and
 * every refusal or failure adds one to the `authentify.failures` counter by operation and reason
 * (a request without any credential is not a failure). The wrapper behaves exactly like the
 * instance — same results, same errors — and can be given to the HTTP adapters in its place.
 * Without an SDK registered, the API's no-op tracer and meter make it cost next to nothing (see
 * `pnpm bench`). Span and attribute names: docs/observability.md.
 *
 * @throws AuthentifyError `invalid_configuration` for a wrong option (`tracerProvider`, …).
 * @example
 * ```ts
 * import { instrumentAuthentify } from '@authentify/core/opentelemetry';
 *
 * const auth = instrumentAuthentify(createAuthentify({ storage }));
 * app.use(createAuthentifyExpress(auth).optional);
 * ```
 */
export function instrumentAuthentify<Context extends object, User>(
  auth: Authentify<Context, User>,
  options: InstrumentAuthentifyOptions = {},
): Authentify<Context, User> {
  checkOptions(options);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME);
  const failures = (options.meterProvider ?? metrics.getMeterProvider())
    .getMeter(INSTRUMENTATION_NAME)
    .createCounter(FAILURE_COUNTER, { description: 'Refused or failed Authentify operations, by operation and reason.' });
  const recordUserId = options.recordUserId === true;
  const traced = createTracing(tracer, failures);

  const instrumented: Authentify<Context, User> = {
    settings: auth.settings,
    issueSession: (input) =>
      traced('issue', { [ATTRIBUTES.transport]: input.transport }, () => auth.issueSession(input), (span, issued) => {
        span.setAttribute(ATTRIBUTES.sessionId, issued.session.id);
        if (recordUserId) span.setAttribute(ATTRIBUTES.userId, issued.session.userId);
        return null;
      }),
    authenticate: (request) => traced('authenticate', {}, () => auth.authenticate(request), describeAuthentication(recordUserId)),
    authenticateToken: (token, transport, tokenOptions) =>
      traced('authenticate', { [ATTRIBUTES.transport]: transport }, () => auth.authenticateToken(token, transport, tokenOptions), describeAuthentication(recordUserId)),
    refresh: (refreshToken, transport, refreshOptions) =>
      traced('refresh', { [ATTRIBUTES.transport]: transport }, () => auth.refresh(refreshToken, transport, refreshOptions), (span, result) => {
        if (result.ok) {
          span.setAttributes({ [ATTRIBUTES.sessionId]: result.session.id, [ATTRIBUTES.replayed]: result.replayed });
          if (recordUserId) span.setAttribute(ATTRIBUTES.userId, result.session.userId);
          return null;
        }
        if (result.sessionId !== null) span.setAttribute(ATTRIBUTES.sessionId, result.sessionId);
        return result.reason;
      }),
    revokeSession: (sessionId, revokeOptions) =>
      traced(
        'revoke',
        { [ATTRIBUTES.revokeScope]: 'session', [ATTRIBUTES.sessionId]: sessionId, [ATTRIBUTES.revokeReason]: revokeOptions?.reason ?? 'revoked' },
        () => auth.revokeSession(sessionId, revokeOptions),
        (span, revoked) => (span.setAttribute(ATTRIBUTES.revokedCount, revoked ? 1 : 0), null),
      ),
    // Passed through untraced: they are rare writes of the application's own (a rename, a step-up),
    // with no refusal reason to count; their storage failures still reach onStorageFailure.
    updateSession: (sessionId, changes, updateOptions) => auth.updateSession(sessionId, changes, updateOptions),
    reauthenticate: (sessionId, reauthenticateOptions) => auth.reauthenticate(sessionId, reauthenticateOptions),
    isFresh: (session, freshWithin) => auth.isFresh(session, freshWithin),
    revokeAllSessionsOfUser: (userId, revokeOptions) =>
      traced(
        'revoke',
        { [ATTRIBUTES.revokeScope]: 'all_of_user', [ATTRIBUTES.revokeReason]: revokeOptions?.reason ?? 'logout_everywhere', ...userAttribute(recordUserId, userId) },
        () => auth.revokeAllSessionsOfUser(userId, revokeOptions),
        (span, count) => (span.setAttribute(ATTRIBUTES.revokedCount, count), null),
      ),
    revokeOtherSessionsOfUser: (userId, keepSessionId, revokeOptions) =>
      traced(
        'revoke',
        { [ATTRIBUTES.revokeScope]: 'others_of_user', [ATTRIBUTES.revokeReason]: revokeOptions?.reason ?? 'logout_other_devices', ...userAttribute(recordUserId, userId) },
        () => auth.revokeOtherSessionsOfUser(userId, keepSessionId, revokeOptions),
        (span, count) => (span.setAttribute(ATTRIBUTES.revokedCount, count), null),
      ),
    revokeSessions: (filter, revokeOptions) =>
      traced(
        'revoke',
        { [ATTRIBUTES.revokeScope]: 'matching', [ATTRIBUTES.revokeReason]: revokeOptions?.reason ?? 'admin' },
        () => auth.revokeSessions(filter, revokeOptions),
        (span, count) => (span.setAttribute(ATTRIBUTES.revokedCount, count), null),
      ),
    listSessionsOfUser: (userId, listOptions) => auth.listSessionsOfUser(userId, listOptions),
    // API key management is rare and the application's own; failures still reach onStorageFailure.
    createApiKey: (userId, input) => auth.createApiKey(userId, input),
    listApiKeys: (userId, listOptions) => auth.listApiKeys(userId, listOptions),
    revokeApiKey: (userId, keyId, revokeOptions) => auth.revokeApiKey(userId, keyId, revokeOptions),
    rollApiKey: (userId, keyId, rollOptions) => auth.rollApiKey(userId, keyId, rollOptions),
    // Reads for operators: no spans (they are not the request path the instrumentation watches).
    findSession: (sessionId) => auth.findSession(sessionId),
    searchSessions: (query) => auth.searchSessions(query),
    countSessionsByState: (filter) => auth.countSessionsByState(filter),
    pruneSessions: (pruneOptions) => auth.pruneSessions(pruneOptions),
  };
  // The HTTP layer reports (the Secure-cookie warning) through the wrapped instance's logger.
  registerDiagnostics(instrumented, diagnosticsOf(auth));
  return instrumented;
}

/**
 * Runs `run` in a span named for `operation`. `describe` adds what the result tells and returns
 * the refusal reason (counted) or `null` (success). A thrown error marks the span as an error,
 * is counted under its code, and is rethrown unchanged.
 */
function createTracing(tracer: Tracer, failures: Counter) {
  return <T>(
    operation: Operation,
    attributes: Attributes,
    run: () => Promise<T>,
    describe: (span: Span, result: T) => string | null,
  ): Promise<T> =>
    tracer.startActiveSpan(SPAN_NAMES[operation], { kind: SpanKind.INTERNAL, attributes }, async (span) => {
      try {
        const result = await run();
        const reason = describe(span, result);
        if (reason === null) {
          span.setAttribute(ATTRIBUTES.outcome, 'success');
        } else {
          span.setAttributes({ [ATTRIBUTES.outcome]: 'failure', [ATTRIBUTES.failureReason]: reason });
          // No credential at all is an anonymous request, not a failed authentication.
          if (reason !== 'missing') failures.add(1, { [ATTRIBUTES.operation]: operation, [ATTRIBUTES.failureReason]: reason });
        }
        return result;
      } catch (error) {
        const counted: Attributes = { [ATTRIBUTES.operation]: operation, [ATTRIBUTES.failureReason]: errorReason(error) };
        if (error instanceof AuthentifyError && error.code === 'storage_unavailable') {
          counted[ATTRIBUTES.storageFailureCode] = classifyStorageFailure(error.cause).code;
        }
        span.setAttributes({ [ATTRIBUTES.outcome]: 'failure', ...counted });
        // The message of an AuthentifyError is the operator's (no token, no digest); others may be anything.
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof AuthentifyError ? error.message : 'error' });
        failures.add(1, counted);
        throw error;
      } finally {
        span.end();
      }
    });
}

function describeAuthentication(recordUserId: boolean) {
  return (
    span: Span,
    result: Awaited<ReturnType<Authentify<object, unknown>['authenticate']>>,
  ): string | null => {
    if (result.ok) {
      span.setAttributes({
        [ATTRIBUTES.sessionId]: result.session.id,
        [ATTRIBUTES.transport]: result.session.transport,
        [ATTRIBUTES.extended]: result.extended,
      });
      if (recordUserId) span.setAttribute(ATTRIBUTES.userId, result.session.userId);
      return null;
    }
    if (result.transport !== null) span.setAttribute(ATTRIBUTES.transport, result.transport);
    if (result.sessionId !== null) span.setAttribute(ATTRIBUTES.sessionId, result.sessionId);
    return result.reason;
  };
}

function userAttribute(recordUserId: boolean, userId: string): Attributes {
  return recordUserId ? { [ATTRIBUTES.userId]: userId } : {};
}

function errorReason(error: unknown): string {
  return error instanceof AuthentifyError ? error.code : 'error';
}

function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) {
    throw configurationError('options', `expected an object, got ${describeType(options)}.`);
  }
  const given = options as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(name)) throw configurationError(name, 'is not an option of instrumentAuthentify.');
  }
  const provider = (name: string, method: string) => {
    const value = given[name];
    if (value !== undefined && typeof (value as Record<string, unknown> | null)?.[method] !== 'function') {
      throw configurationError(name, `must have a ${method}() method (an OpenTelemetry provider), got ${describeType(value)}.`);
    }
  };
  provider('tracerProvider', 'getTracer');
  provider('meterProvider', 'getMeter');
  if (given.recordUserId !== undefined && typeof given.recordUserId !== 'boolean') {
    throw configurationError('recordUserId', `must be true or false, got ${describeType(given.recordUserId)}.`);
  }
}
