import { createAuthentify } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
import type { SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { measureInterleaved, type MeasureOptions } from '../harness/measure.js';
import { formatCount, formatSpreadNs, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';
import { targetTable } from '../harness/targets.js';
import { loadMemoryFloor, memoryFloorVerifier } from './in-memory-floor.js';
import { benchAuthentify } from './sqlite-operations.js';

function mustSucceed(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark operation failed: ${what}`);
}

/**
 * authentify with the opt-in session cache (`sessionCache`) against the same verification without
 * it and against the in-memory floor, in the same interleaved rounds on the same token sequence.
 * Every cached answer still pays its `PRAGMA data_version` check, so the ratio is the real cost of
 * keeping revocation immediate across processes. Target (issue 13): ≤ 2× the in-memory floor.
 */
export async function runSessionCache(fixture: SqliteSessionsFixture, measure: MeasureOptions): Promise<SectionResult> {
  const uncached = benchAuthentify(fixture);
  const cached = createAuthentify({
    storage: createKyselySessionStorage({
      db: fixture.db,
      sqliteDatabase: fixture.database,
      sessionCache: { maxEntries: fixture.accessTokens.length },
    }),
    accessTtl: '7d',
    refreshTtl: '30d',
    lastUsedInterval: null,
  });
  const memoryFloor = memoryFloorVerifier(loadMemoryFloor(fixture));
  const tokens = fixture.accessTokens;
  const order = Uint32Array.from({ length: 65_536 }, () => Math.floor(Math.random() * tokens.length));
  const pick = (index: number) => tokens[order[index % order.length]!]!;

  const verification = await measureInterleaved(
    [
      { name: 'authentify, session cache', run: async (index) => mustSucceed((await cached.authenticateToken(pick(index), 'header')).ok, 'cached verification') },
      { name: 'authentify, no cache', run: async (index) => mustSucceed((await uncached.authenticateToken(pick(index), 'header')).ok, 'uncached verification') },
      { name: 'in-memory floor', run: (index) => mustSucceed(memoryFloor(pick(index)) !== null, 'in-memory verification') },
    ],
    measure,
  );
  const series = (name: string) => verification.get(name)!;

  return {
    id: 'session-cache',
    title: `In-process verification with the session cache (${formatCount(fixture.totalSessions)}-session SQLite file)`,
    method:
      `Each variant runs ${formatCount(measure.operationsPerRound)} verifications per round, ${measure.rounds} rounds, interleaved in rotating order, on the same random sequence of ` +
      `${formatCount(tokens.length)} live tokens (the cache holds them all after warm-up); each ratio is taken round by round. ` +
      'Session cache = `createKyselySessionStorage({ db, sqliteDatabase, sessionCache })`: per verification one `PRAGMA data_version` and one LRU `Map` lookup, ' +
      'then core\'s checks as usual. No cache = the same storage without `sessionCache`. In-memory floor as in the section above.',
    tables: [
      {
        caption: 'Verification',
        header: ['variant', 'time per verification'],
        rows: ['authentify, session cache', 'authentify, no cache', 'in-memory floor'].map((name) => [name, formatSpreadNs(spread(series(name)))]),
      },
      targetTable('Ratios', [
        {
          comparison: 'authentify with the session cache / in-memory floor',
          value: pairedRatio(series('authentify, session cache'), series('in-memory floor')),
          target: { kind: 'ratio', op: '<=', bound: 2 },
        },
        { comparison: 'authentify with the session cache / without it', value: pairedRatio(series('authentify, session cache'), series('authentify, no cache')) },
      ]),
    ],
    data: { verification: Object.fromEntries(verification) },
  };
}
