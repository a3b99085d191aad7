import { hash } from 'node:crypto';
import type { SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { measureInterleaved, type MeasureOptions } from '../harness/measure.js';
import { formatCount, formatSpreadNs, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';
import { targetTable } from '../harness/targets.js';
import { benchAuthentify, rawVerifier } from './sqlite-operations.js';

/** What the in-memory floor keeps per session: only what its checks read. */
export interface MemoryFloorEntry {
  userId: string;
  revokedAt: number | null;
  accessExpiresAt: number | null;
}

/**
 * The least any token check can do with no database at all: the token's SHA-256, one `Map.get`
 * by digest, the revocation and expiry checks. Returns the user id, or null to refuse. It is the
 * floor under any in-process session cache, and what an in-memory store written by hand costs.
 *
 * @example
 * const verify = memoryFloorVerifier(new Map([[hash('sha256', token, 'hex'), { userId: 'u1', revokedAt: null, accessExpiresAt: null }]]));
 * verify(token); // 'u1'
 */
export function memoryFloorVerifier(byDigest: ReadonlyMap<string, MemoryFloorEntry>, now: () => number = Date.now): (token: string) => string | null {
  return (token) => {
    const entry = byDigest.get(hash('sha256', token, 'hex'));
    if (entry === undefined || entry.revokedAt !== null || (entry.accessExpiresAt !== null && entry.accessExpiresAt <= now())) return null;
    return entry.userId;
  };
}

/**
 * The in-memory map of the fixture's known sessions, read from its table (the same digests and
 * expiries authentify and the raw floor find there).
 */
export function loadMemoryFloor(fixture: SqliteSessionsFixture): Map<string, MemoryFloorEntry> {
  const lookup = fixture.database.prepare('select user_id, revoked_at, access_expires_at from authentify_sessions where access_digest = ?');
  const byDigest = new Map<string, MemoryFloorEntry>();
  for (const token of fixture.accessTokens) {
    const digest = hash('sha256', token, 'hex');
    const row = lookup.get(digest) as { user_id: string; revoked_at: number | null; access_expires_at: number | null } | undefined;
    if (row === undefined) throw new Error('a known token is missing from the fixture table');
    byDigest.set(digest, { userId: row.user_id, revokedAt: row.revoked_at, accessExpiresAt: row.access_expires_at });
  }
  return byDigest;
}

function mustSucceed(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark operation failed: ${what}`);
}

/**
 * authentify's verification on SQLite against the in-memory floor (and the raw SQLite floor, for
 * scale), in the same interleaved rounds: how far the uncached path sits above a lookup that never
 * leaves the process. It has no target — a database read is expected to cost more than a `Map.get`;
 * the ratio is shown so a session cache can be judged against it.
 */
export async function runInMemoryFloor(fixture: SqliteSessionsFixture, measure: MeasureOptions): Promise<SectionResult> {
  const auth = benchAuthentify(fixture);
  const sqliteFloor = rawVerifier(fixture);
  const memoryFloor = memoryFloorVerifier(loadMemoryFloor(fixture));
  // The same fixed random sequence for every variant, as in the SQLite operations section.
  const tokens = fixture.accessTokens;
  const order = Uint32Array.from({ length: 65_536 }, () => Math.floor(Math.random() * tokens.length));
  const pick = (index: number) => tokens[order[index % order.length]!]!;

  const verification = await measureInterleaved(
    [
      { name: 'authentify', run: async (index) => mustSucceed((await auth.authenticateToken(pick(index), 'header')).ok, 'authentify verification') },
      { name: 'raw SQLite floor', run: (index) => mustSucceed(sqliteFloor(pick(index)), 'raw verification') },
      { name: 'in-memory floor', run: (index) => mustSucceed(memoryFloor(pick(index)) !== null, 'in-memory verification') },
    ],
    measure,
  );
  const series = (name: string) => verification.get(name)!;

  return {
    id: 'in-memory-floor',
    title: `In-process verification against an in-memory floor (${formatCount(fixture.totalSessions)}-session SQLite file)`,
    method:
      `Each variant runs ${formatCount(measure.operationsPerRound)} verifications per round, ${measure.rounds} rounds, interleaved in rotating order, on the same random sequence of ` +
      `${formatCount(tokens.length)} live tokens; each ratio is taken round by round. ` +
      'authentify = `authenticateToken` on the SQLite file, as in the section above (no session cache). ' +
      `In-memory floor = \`crypto.hash\` + \`Map.get\` by digest over a \`Map\` of the same ${formatCount(tokens.length)} known sessions + the revocation and expiry checks: ` +
      'no database, no format or checksum check, no session object. The uncached path has no target against it; the ratio is the room a session cache has.',
    tables: [
      {
        caption: 'Verification',
        header: ['variant', 'time per verification'],
        rows: ['authentify', 'raw SQLite floor', 'in-memory floor'].map((name) => [name, formatSpreadNs(spread(series(name)))]),
      },
      targetTable('Ratios to the in-memory floor', [
        { comparison: 'authentify (SQLite, uncached) / in-memory floor', value: pairedRatio(series('authentify'), series('in-memory floor')) },
        { comparison: 'raw SQLite floor / in-memory floor', value: pairedRatio(series('raw SQLite floor'), series('in-memory floor')) },
      ]),
    ],
    data: { verification: Object.fromEntries(verification) },
  };
}
