// The OpenTelemetry set-up of docs/observability.md, verbatim, then a check of what it records.
import { metrics, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createAuthentify } from '@authentify/core';
import { instrumentAuthentify } from '@authentify/core/opentelemetry';
import { createKyselySessionStorage, migrateAuthentify } from '@authentify/kysely';

const spanExporter = new InMemorySpanExporter(); // in production: an OTLP exporter
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] }));
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [metricReader] }));

const database = new SQLite(':memory:');
const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
await migrateAuthentify(db);

// Wrap the instance once; give the wrapper to the adapters wherever the instance would go.
const auth = instrumentAuthentify(createAuthentify({ storage: createKyselySessionStorage({ db, sqliteDatabase: database }) }));

// Not in the docs: exercise it, print what was recorded, let the process end.
const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
await auth.authenticateToken(issued.accessToken, 'header');
await auth.authenticateToken(issued.accessToken, 'cookie');
await auth.revokeSession(issued.session.id, { reason: 'logout' });
await metricReader.forceFlush();
const failures = metricExporter.getMetrics().at(-1)?.scopeMetrics[0]?.metrics.find((metric) => metric.descriptor.name === 'authentify.failures');
console.log(JSON.stringify({
  spans: spanExporter.getFinishedSpans().map((span) => `${span.name} ${String(span.attributes['authentify.outcome'])}`),
  failures: failures?.dataPoints.map((point) => [point.attributes['authentify.failure.reason'], point.value]),
}));
await db.destroy();
