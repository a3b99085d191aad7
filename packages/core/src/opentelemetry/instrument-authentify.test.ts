import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { SessionStorageError } from '../diagnostics/storage-failure.js';
import { createAuthentifyHttp } from '../http/create-authentify-http.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { createTestClock } from '../testing/test-clock.js';
import { instrumentAuthentify } from './index.js';

/** A real SDK set-up with in-memory exporters: spans as they end, metrics on flush. */
function telemetry() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  shutdowns.push(() => Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]).then(() => undefined));
  return {
    tracerProvider,
    meterProvider,
    spans: (): ReadableSpan[] => spans.getFinishedSpans(),
    /** The failure counter's points: attributes and value. */
    async failures(): Promise<{ attributes: Record<string, unknown>; value: number }[]> {
      await reader.forceFlush();
      const metric = metricExporter
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((scope) => scope.metrics)
        .find((candidate) => candidate.descriptor.name === 'authentify.failures');
      return (metric?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value as number }));
    },
  };
}
const shutdowns: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(shutdowns.splice(0).map((shutdown) => shutdown()));
});

const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });

describe('instrumentAuthentify', () => {
  it('traces issue, authenticate, refresh and revoke with documented attributes — never a token', async () => {
    const { tracerProvider, meterProvider, spans } = telemetry();
    const auth = instrumentAuthentify(createAuthentify({ storage: new MemorySessionStorage() }), { tracerProvider, meterProvider });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    await auth.authenticate(bearer(issued.accessToken));
    const refreshed = await auth.refresh(issued.refreshToken!, 'header');
    await auth.revokeSession(issued.session.id, { reason: 'logout' });
    await auth.revokeAllSessionsOfUser('alice');

    const id = issued.session.id;
    expect(spans().map((span) => [span.name, span.attributes])).toEqual([
      ['authentify.issue', { 'authentify.transport': 'header', 'authentify.session.id': id, 'authentify.outcome': 'success' }],
      ['authentify.authenticate', { 'authentify.session.id': id, 'authentify.transport': 'header', 'authentify.session.extended': false, 'authentify.outcome': 'success' }],
      ['authentify.refresh', { 'authentify.transport': 'header', 'authentify.session.id': id, 'authentify.refresh.replayed': false, 'authentify.outcome': 'success' }],
      ['authentify.revoke', { 'authentify.revoke.scope': 'session', 'authentify.session.id': id, 'authentify.revoke.reason': 'logout', 'authentify.revoke.count': 1, 'authentify.outcome': 'success' }],
      ['authentify.revoke', { 'authentify.revoke.scope': 'all_of_user', 'authentify.revoke.reason': 'logout_everywhere', 'authentify.revoke.count': 0, 'authentify.outcome': 'success' }],
    ]);
    const recorded = JSON.stringify(spans().map((span) => [span.name, span.attributes, span.status, span.events]));
    for (const secret of [issued.accessToken, issued.refreshToken!, refreshed.ok ? refreshed.accessToken : '', 'alice']) {
      expect(recorded).not.toContain(secret);
    }
  });

  it('puts the user id on spans only with recordUserId', async () => {
    const { tracerProvider, meterProvider, spans } = telemetry();
    const auth = instrumentAuthentify(createAuthentify({ storage: new MemorySessionStorage() }), { tracerProvider, meterProvider, recordUserId: true });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'cookie' });
    await auth.authenticateToken(issued.accessToken, 'cookie');
    expect(spans().map((span) => span.attributes['enduser.id'])).toEqual(['alice', 'alice']);
  });

  it('counts refusals by operation and reason; an anonymous request is not one', async () => {
    const { tracerProvider, meterProvider, spans, failures } = telemetry();
    const clock = createTestClock();
    const auth = instrumentAuthentify(createAuthentify({ storage: new MemorySessionStorage(), clock }), { tracerProvider, meterProvider });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    await auth.authenticate({ header: () => null });
    await auth.authenticateToken('afy_at_not-a-token', 'header');
    await auth.authenticateToken('afy_at_still-not-a-token', 'header');
    await auth.authenticateToken(issued.accessToken, 'cookie');
    clock.advance('16m');
    await auth.authenticateToken(issued.accessToken, 'header');
    await auth.refresh('afy_rt_nope', 'header');

    expect(await failures()).toEqual([
      { attributes: { 'authentify.operation': 'authenticate', 'authentify.failure.reason': 'malformed' }, value: 2 },
      { attributes: { 'authentify.operation': 'authenticate', 'authentify.failure.reason': 'wrong_transport' }, value: 1 },
      { attributes: { 'authentify.operation': 'authenticate', 'authentify.failure.reason': 'expired' }, value: 1 },
      { attributes: { 'authentify.operation': 'refresh', 'authentify.failure.reason': 'malformed' }, value: 1 },
    ]);
    expect(spans()[1]?.attributes).toEqual({ 'authentify.outcome': 'failure', 'authentify.failure.reason': 'missing' });
    expect(spans()[4]?.attributes).toMatchObject({ 'authentify.failure.reason': 'wrong_transport', 'authentify.session.id': issued.session.id });
  });

  it('marks storage failures as span errors, counted with the storage failure code, and rethrows them unchanged', async () => {
    const { tracerProvider, meterProvider, spans, failures } = telemetry();
    const broken = new Proxy(new MemorySessionStorage(), {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return () => Promise.reject(new SessionStorageError('schema_missing', 'no such table: authentify_sessions — run the migrations.'));
      },
    }) as SessionStorage;
    const auth = instrumentAuthentify(createAuthentify({ storage: broken, logger: false }), { tracerProvider, meterProvider });
    await expect(auth.issueSession({ userId: 'alice', transport: 'header' })).rejects.toMatchObject({ code: 'storage_unavailable' });

    const [span] = spans();
    expect(span?.status).toEqual({ code: 2, message: 'Session storage failed in createSession() (schema_missing): no such table: authentify_sessions — run the migrations.' });
    expect(span?.attributes).toMatchObject({ 'authentify.outcome': 'failure', 'authentify.failure.reason': 'storage_unavailable', 'authentify.storage.failure_code': 'schema_missing' });
    expect(await failures()).toEqual([
      { attributes: { 'authentify.operation': 'issue', 'authentify.failure.reason': 'storage_unavailable', 'authentify.storage.failure_code': 'schema_missing' }, value: 1 },
    ]);
  });

  it('can stand in for the instance in the HTTP layer, reporting through its logger', async () => {
    const { tracerProvider, meterProvider, spans } = telemetry();
    const warnings: string[] = [];
    const auth = createAuthentify({ storage: new MemorySessionStorage(), logger: { error: () => {}, warn: (m) => void warnings.push(m) } });
    const http = createAuthentifyHttp(instrumentAuthentify(auth, { tracerProvider, meterProvider }));
    const request = { method: 'POST', url: 'http://app.example/login', header: () => null, readJsonBody: async () => ({ kind: 'empty' as const }) };
    const response = await http.login(request, { userId: 'alice', transport: 'cookie' });
    expect(response.status).toBe(200);
    expect(spans().map((span) => span.name)).toEqual(['authentify.issue']);
    expect(warnings).toEqual([expect.stringContaining('The Secure cookie afy_access was sent in a response to http://app.example')]);
  });

  it('refuses wrong options, naming them', () => {
    const auth = createAuthentify({ storage: new MemorySessionStorage() });
    expect(() => instrumentAuthentify(auth, { tracerProvider: {} as never })).toThrow(/^Invalid option `tracerProvider`: must have a getTracer\(\) method/);
    expect(() => instrumentAuthentify(auth, { meterProvider: 'otel' as never })).toThrow(/^Invalid option `meterProvider`/);
    expect(() => instrumentAuthentify(auth, { recordUserId: 'yes' as never })).toThrow(/^Invalid option `recordUserId`/);
    expect(() => instrumentAuthentify(auth, { tracer: {} } as never)).toThrow(/^Invalid option `tracer`: is not an option of instrumentAuthentify/);
  });
});
