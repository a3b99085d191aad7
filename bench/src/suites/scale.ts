import type { SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { measureInterleaved, type MeasureOptions } from '../harness/measure.js';
import { formatCount, formatRatio, formatSpreadNs, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';
import { targetTable } from '../harness/targets.js';
import { benchAuthentify, rawVerifier } from './sqlite-operations.js';

/** Verification against a small and a large table, interleaved: does a bigger table cost more? */
export async function runScale(small: SqliteSessionsFixture, large: SqliteSessionsFixture, measure: MeasureOptions): Promise<SectionResult> {
  const variants = [small, large].flatMap((fixture) => {
    const auth = benchAuthentify(fixture);
    const floor = rawVerifier(fixture);
    const tokens = fixture.accessTokens;
    const order = Uint32Array.from({ length: 65_536 }, () => Math.floor(Math.random() * tokens.length));
    const pick = (index: number) => tokens[order[index % order.length]!]!;
    const size = formatCount(fixture.totalSessions);
    return [
      {
        name: `authentify @ ${size}`,
        run: async (index: number) => {
          if (!(await auth.authenticateToken(pick(index), 'header')).ok) throw new Error('verification failed');
        },
      },
      {
        name: `raw floor @ ${size}`,
        run: (index: number) => {
          if (!floor(pick(index))) throw new Error('raw verification failed');
        },
      },
    ];
  });
  const result = await measureInterleaved(variants, measure);
  const [smallSize, largeSize] = [formatCount(small.totalSessions), formatCount(large.totalSessions)];
  const growth = (who: string) => pairedRatio(result.get(`${who} @ ${largeSize}`)!, result.get(`${who} @ ${smallSize}`)!);
  return {
    id: 'scale',
    title: `Verification at ${smallSize} vs ${largeSize} sessions`,
    method:
      'Two SQLite files filled the same way, measured in the same interleaved rounds as above; random keys among the live sessions of each. ' +
      'The ratio is large-table time over small-table time, round by round.',
    tables: [
      {
        caption: 'Time per verification',
        header: ['variant', smallSize, largeSize, `${largeSize} / ${smallSize}`],
        rows: ['authentify', 'raw floor'].map((who) => [
          who,
          formatSpreadNs(spread(result.get(`${who} @ ${smallSize}`)!)),
          formatSpreadNs(spread(result.get(`${who} @ ${largeSize}`)!)),
          formatRatio(growth(who)),
        ]),
      },
      targetTable('Targets', [
        { comparison: `authentify: ${largeSize} / ${smallSize} sessions`, value: growth('authentify'), target: { kind: 'ratio', op: '<=', bound: 1.3 } },
      ]),
    ],
    data: Object.fromEntries(result),
  };
}
