import { trace } from '@opentelemetry/api';
import { type Authentify, createAuthentify, MemorySessionStorage } from '@authentify/core';
import { instrumentAuthentify } from '@authentify/core/opentelemetry';
import type { SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { measureInterleaved, type MeasureOptions, type Variant } from '../harness/measure.js';
import { formatCount, formatRatio, formatSpreadNs, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';
import { benchAuthentify } from './sqlite-operations.js';

/**
 * What the OpenTelemetry wrapper costs when no SDK is registered (the API's no-op tracer and
 * meter, as in an application that installed `@opentelemetry/api` but exports nothing): the
 * same verifications through the plain instance and through `instrumentAuthentify`, on the
 * SQLite file and on the memory storage (where the storage costs least, so any overhead shows most).
 */
export async function runInstrumentation(fixture: SqliteSessionsFixture, measure: MeasureOptions): Promise<SectionResult> {
  if (trace.getTracerProvider().getTracer('probe').startSpan('probe').isRecording()) {
    throw new Error('an OpenTelemetry SDK is registered: this section measures the no-op API');
  }
  const sqlite = benchAuthentify(fixture);
  const memory = await memoryInstance(1_000);
  const pickToken = (tokens: readonly string[]) => (index: number) => tokens[index % tokens.length]!;

  const onSqlite = await measureInterleaved(
    pair(sqlite, instrumentAuthentify(sqlite), pickToken(fixture.accessTokens)),
    measure,
  );
  const onMemory = await measureInterleaved(pair(memory.auth, instrumentAuthentify(memory.auth), pickToken(memory.tokens)), measure);

  const row = (label: string, map: Map<string, number[]>) => [
    label,
    formatSpreadNs(spread(map.get('plain')!)),
    formatSpreadNs(spread(map.get('instrumented')!)),
    formatRatio(pairedRatio(map.get('instrumented')!, map.get('plain')!)),
  ];
  return {
    id: 'instrumentation',
    title: 'OpenTelemetry wrapper without an SDK (authenticate)',
    method:
      `Each variant runs ${formatCount(measure.operationsPerRound)} \`authenticateToken\` calls per round, ${measure.rounds} rounds, interleaved in rotating order; ` +
      'plain = the instance from `createAuthentify`; instrumented = `instrumentAuthentify(instance)` with `@opentelemetry/api` installed and no SDK registered (its no-op tracer and meter). ' +
      `SQLite: the ${formatCount(fixture.totalSessions)}-session file with the better-sqlite3 fast path; memory: \`MemorySessionStorage\`, where the storage costs least.`,
    tables: [
      {
        caption: 'Authenticate, plain vs. instrumented (no SDK)',
        header: ['storage', 'plain', 'instrumented', 'instrumented / plain'],
        rows: [row(`SQLite (${formatCount(fixture.totalSessions)} sessions)`, onSqlite), row('memory', onMemory)],
      },
    ],
    data: { sqlite: Object.fromEntries(onSqlite), memory: Object.fromEntries(onMemory) },
  };
}

function pair(
  plain: Authentify<Record<string, unknown>, undefined>,
  instrumented: Authentify<Record<string, unknown>, undefined>,
  pick: (index: number) => string,
): Variant[] {
  const verify = (auth: Authentify<Record<string, unknown>, undefined>) => async (index: number) => {
    if (!(await auth.authenticateToken(pick(index), 'header')).ok) throw new Error('benchmark verification failed');
  };
  return [
    { name: 'plain', run: verify(plain) },
    { name: 'instrumented', run: verify(instrumented) },
  ];
}

async function memoryInstance(sessions: number): Promise<{ auth: Authentify<Record<string, unknown>, undefined>; tokens: string[] }> {
  const auth = createAuthentify({ storage: new MemorySessionStorage(), accessTtl: '7d', lastUsedInterval: null });
  const tokens: string[] = [];
  for (let index = 0; index < sessions; index++) {
    tokens.push((await auth.issueSession({ userId: `bench-${index}`, transport: 'header' })).accessToken);
  }
  return { auth, tokens };
}
