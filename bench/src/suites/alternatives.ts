import type { BetterAuthSessionsFixture } from '../fixtures/better-auth-sessions.js';
import { BETTER_AUTH_COOKIE } from '../fixtures/better-auth-sessions.js';
import { createJwtFixture, verifyWithHono, verifyWithJose } from '../fixtures/jwt.js';
import type { SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { measureInterleaved, type MeasureOptions } from '../harness/measure.js';
import { formatCount, formatSpreadNs, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';
import { targetTable } from '../harness/targets.js';
import { benchAuthentify } from './sqlite-operations.js';

function mustSucceed(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark operation failed: ${what}`);
}

/** A fixed random order over `count` items, so every variant sees the same spread of keys. */
function randomOrder(count: number): (index: number) => number {
  const order = Uint32Array.from({ length: 65_536 }, () => Math.floor(Math.random() * count));
  return (index) => order[index % order.length]!;
}

/**
 * What a user would pick instead, in one process and the same interleaved rounds: authentify on
 * its SQLite file, HS256 JWTs (jose, hono/jwt), and better-auth's `getSession` on a SQLite file of
 * its own schema holding as many sessions, through its bearer plugin and through its signed cookie.
 */
export async function runAlternatives(
  fixture: SqliteSessionsFixture,
  betterAuth: BetterAuthSessionsFixture,
  measure: MeasureOptions,
): Promise<SectionResult> {
  const auth = benchAuthentify(fixture);
  const jwt = await createJwtFixture(2_000);
  const pickSession = randomOrder(fixture.accessTokens.length);
  const pickJwt = randomOrder(jwt.tokens.length);
  const pickBetterAuth = randomOrder(betterAuth.signedTokens.length);
  // The request headers exist before any authentication runs: built once, as a server receives them.
  const bearerHeaders = betterAuth.signedTokens.map((token) => new Headers({ authorization: `Bearer ${token}` }));
  const cookieHeaders = betterAuth.signedTokens.map((token) => new Headers({ cookie: `${BETTER_AUTH_COOKIE}=${token}` }));
  // getSession costs about 50× a verification by authentify: a fiftieth as many per round keeps
  // each variant's share of a round alike, and the run within its budget.
  const slow = { perRound: Math.max(20, Math.ceil(measure.operationsPerRound / 50)), warmup: Math.max(20, Math.ceil(measure.warmupOperations / 50)) };
  const fast = { perRound: Math.ceil(measure.operationsPerRound / 5), warmup: Math.ceil(measure.warmupOperations / 5) };

  const verification = await measureInterleaved(
    [
      {
        name: 'authentify',
        operations: fast,
        run: async (index) => mustSucceed((await auth.authenticateToken(fixture.accessTokens[pickSession(index)]!, 'header')).ok, 'authentify verification'),
      },
      { name: 'jose HS256', operations: fast, run: async (index) => void (await verifyWithJose(jwt, jwt.tokens[pickJwt(index)]!)) },
      { name: 'hono/jwt', operations: fast, run: async (index) => void (await verifyWithHono(jwt, jwt.tokens[pickJwt(index)]!)) },
      {
        name: 'better-auth bearer',
        operations: slow,
        run: async (index) => mustSucceed((await betterAuth.auth.api.getSession({ headers: bearerHeaders[pickBetterAuth(index)]! })) !== null, 'better-auth bearer getSession'),
      },
      {
        name: 'better-auth cookie',
        operations: slow,
        run: async (index) => mustSucceed((await betterAuth.auth.api.getSession({ headers: cookieHeaders[pickBetterAuth(index)]! })) !== null, 'better-auth cookie getSession'),
      },
    ],
    measure,
  );
  const series = (name: string) => verification.get(name)!;
  const names = ['authentify', 'jose HS256', 'hono/jwt', 'better-auth bearer', 'better-auth cookie'];

  return {
    id: 'alternatives',
    title: `In process against what users pick instead (${formatCount(fixture.totalSessions)} sessions each)`,
    method:
      `${measure.rounds} interleaved rounds in rotating order; per round ${formatCount(fast.perRound)} verifications for authentify and the JWT checks, ` +
      `${formatCount(slow.perRound)} \`getSession\` calls for each better-auth variant (its figure is still per call); each ratio is taken round by round. ` +
      `authentify = \`authenticateToken\` on its ${formatCount(fixture.totalSessions)}-session SQLite file, as above. JWT = HS256, jose \`jwtVerify\` with a pre-imported key and hono/jwt \`verify\`. ` +
      `better-auth = \`auth.api.getSession({ headers })\` of better-auth on better-sqlite3 (its Kysely SQLite adapter), its own schema made by its migrations and holding ` +
      `${formatCount(betterAuth.totalSessions)} sessions (${formatCount(betterAuth.signedTokens.length)} live, the rest expired, over 100,000 users), the cookie cache off (its default): ` +
      'bearer = the `bearer` plugin with the signed token in `Authorization: Bearer`; cookie = the HMAC-signed `better-auth.session_token` cookie. ' +
      'Tokens are picked at random; a refused one aborts the run.',
    tables: [
      {
        caption: 'Verification',
        header: ['variant', 'time per verification'],
        rows: names.map((name) => [name, formatSpreadNs(spread(series(name)))]),
      },
      targetTable('Ratios to authentify (higher: authentify is faster)', [
        { comparison: 'jose HS256 / authentify', value: pairedRatio(series('jose HS256'), series('authentify')), target: { kind: 'ratio', op: '>=', bound: 3 } },
        { comparison: 'hono/jwt / authentify', value: pairedRatio(series('hono/jwt'), series('authentify')) },
        { comparison: 'better-auth getSession, bearer plugin / authentify', value: pairedRatio(series('better-auth bearer'), series('authentify')) },
        { comparison: 'better-auth getSession, signed cookie / authentify', value: pairedRatio(series('better-auth cookie'), series('authentify')) },
      ]),
    ],
    data: { verification: Object.fromEntries(verification), operations: { fast, slow } },
  };
}
