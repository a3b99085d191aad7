import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SignJWT } from 'jose';
import { BETTER_AUTH_COOKIE, type BetterAuthSessionsFixture } from '../fixtures/better-auth-sessions.js';
import type { SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { formatCount, formatRatio, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';
import { targetTable } from '../harness/targets.js';
import { variantTable } from '../harness/variant-table.js';
import type { BenchPlan } from '../plan.js';
import { JWT_SECRET } from '../http/jwt-secret.js';

const VARIANTS = [
  'hono-plain', 'hono-raw', 'hono-raw-middleware', 'hono-authentify', 'hono-authentify-cache', 'hono-jwt',
  'hono-better-auth-bearer', 'hono-better-auth-cookie', 'express-plain', 'express-raw', 'express-authentify', 'express-jwt',
] as const;
type VariantName = (typeof VARIANTS)[number];
/**
 * The variants a target judges: every round measures them. The others (floors, alternatives)
 * are measured in the first round only, which keeps the full run within its 10 minutes.
 */
const TARGETED: readonly VariantName[] = ['hono-plain', 'hono-authentify', 'hono-authentify-cache', 'hono-jwt', 'express-plain', 'express-authentify'];

interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
}

const benchDir = join(import.meta.dirname, '..', '..');
/** Server on core 0, load generator on core 1, when the machine has two cores to give. */
const pinned = availableParallelism() >= 2;

function nodeCommand(core: number, script: string, args: string[]): [string, string[]] {
  const node = [process.execPath, '--import', 'tsx', join(benchDir, 'src', 'http', script), ...args];
  return pinned ? ['taskset', ['-c', String(core), ...node]] : [node[0]!, node.slice(1)];
}

async function startServer(variant: VariantName, file: string): Promise<{ port: number; process: ChildProcess }> {
  const [command, args] = nodeCommand(0, 'server.ts', [variant, file]);
  const child = spawn(command, args, { cwd: benchDir, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  // Generous: on a loaded 2-core machine loading tsx and better-auth alone has taken over 30 s.
  const timeout = setTimeout(() => child.kill('SIGKILL'), 120_000);
  for await (const line of lines) {
    const match = /^listening (\d+)$/.exec(line);
    if (match) {
      clearTimeout(timeout);
      return { port: Number(match[1]), process: child };
    }
  }
  clearTimeout(timeout);
  throw new Error(`server ${variant} exited before listening`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** What each variant's requests carry: a tokens file and how the token goes into the request. */
interface Credentials {
  tokensFile: string;
  header: string;
  prefix: string;
}

async function runLoad(port: number, credentials: Credentials, plan: BenchPlan['http']): Promise<LoadResult> {
  const [command, args] = nodeCommand(1, 'load.ts', [
    String(port), credentials.tokensFile, String(plan.seconds), String(plan.warmupSeconds), String(plan.connections), credentials.header, credentials.prefix,
  ]);
  const child = spawn(command, args, { cwd: benchDir, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), (plan.seconds + plan.warmupSeconds + 60) * 1_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as LoadResult;
}

async function signJwts(count: number): Promise<string[]> {
  const key = new TextEncoder().encode(JWT_SECRET);
  const now = Math.floor(Date.now() / 1000);
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      new SignJWT({ device: 'bench device' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(`user-${index}`).setIssuedAt(now).setExpirationTime(now + 3_600).sign(key),
    ),
  );
}

/**
 * Requests per second of Hono (@hono/node-server) and Express 5: plain, behind authentify on the
 * SQLite file (Hono also with the session cache), behind the raw floors, JWT and better-auth,
 * each its own server process under the same load.
 */
export async function runHttp(fixture: SqliteSessionsFixture, betterAuth: BetterAuthSessionsFixture, plan: BenchPlan['http']): Promise<SectionResult> {
  const dir = mkdtempSync(join(tmpdir(), 'authentify-bench-http-'));
  const sessionTokens = join(dir, 'session-tokens.json');
  const jwtTokens = join(dir, 'jwt-tokens.json');
  const betterAuthTokens = join(dir, 'better-auth-tokens.json');
  writeFileSync(sessionTokens, JSON.stringify(fixture.accessTokens));
  writeFileSync(jwtTokens, JSON.stringify(await signJwts(2_000)));
  writeFileSync(betterAuthTokens, JSON.stringify(betterAuth.signedTokens));
  const bearer = (tokensFile: string): Credentials => ({ tokensFile, header: 'authorization', prefix: 'Bearer ' });
  const credentials = (variant: VariantName): Credentials =>
    variant === 'hono-better-auth-cookie'
      ? { tokensFile: betterAuthTokens, header: 'cookie', prefix: `${BETTER_AUTH_COOKIE}=` }
      : bearer(variant === 'hono-better-auth-bearer' ? betterAuthTokens : variant.endsWith('jwt') ? jwtTokens : sessionTokens);
  const fileOf = (variant: VariantName) => (variant.startsWith('hono-better-auth') ? betterAuth.file : fixture.file);
  const results = new Map<VariantName, LoadResult[]>(VARIANTS.map((variant) => [variant, []]));
  // One server process per variant for the whole section, started together (loading tsx and
  // better-auth is seconds each) and stopped at the end; idle, a server costs the others nothing.
  const servers = new Map<VariantName, Awaited<ReturnType<typeof startServer>>>();
  try {
    const started = await Promise.allSettled(VARIANTS.map(async (variant) => servers.set(variant, await startServer(variant, fileOf(variant)))));
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
    for (let round = 0; round < plan.rounds; round++) {
      const measured = round === 0 ? VARIANTS : TARGETED;
      for (let offset = 0; offset < measured.length; offset++) {
        const variant = measured[(round + offset) % measured.length]!;
        const result = await runLoad(servers.get(variant)!.port, credentials(variant), plan);
        // A refused or failed request would make a variant look fast for the wrong reason.
        if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
          throw new Error(`${variant}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
        }
        results.get(variant)!.push(result);
      }
    }
  } finally {
    await Promise.all([...servers.values()].map((server) => stopServer(server.process)));
    rmSync(dir, { recursive: true, force: true });
  }

  const rps = (variant: VariantName) => results.get(variant)!.map((result) => result.requestsPerSecond);
  const p99 = (variant: VariantName) => results.get(variant)!.map((result) => result.latencyP99Ms);
  const row = (variant: VariantName, plain: VariantName) => {
    const throughput = spread(rps(variant));
    const latency = spread(p99(variant));
    return [
      variant,
      `${formatCount(throughput.median)} (${formatCount(throughput.min)}–${formatCount(throughput.max)})`,
      `${latency.median.toFixed(1)} ms`,
      variant === plain ? '1.00×' : formatRatio(pairedRatio(rps(variant), rps(plain))),
    ];
  };
  return {
    id: 'http',
    title: 'HTTP: requests per second behind each authentication',
    method:
      `Each variant is its own server process${pinned ? ' pinned to core 0' : ''}, started once for the section, answering \`GET /me\`; autocannon runs in another process${pinned ? ' pinned to core 1' : ''} ` +
      `with ${plan.connections} connections, ${plan.warmupSeconds} s of warm-up then ${plan.seconds} s measured, every request with a random token; ` +
      `${plan.rounds} round(s) in rotating order, the first of every variant, the later ones only of the variants a target judges (${TARGETED.join(', ')}), so the other figures are one round each ` +
      `(authentify: ${formatCount(fixture.accessTokens.length)} live sessions in the ${formatCount(fixture.totalSessions)}-session SQLite file; JWT: HS256 tokens). ` +
      'raw = the floor under authentify: a hand-written handler that hashes the Bearer token and runs one cached better-sqlite3 prepared statement on the same file; ' +
      'raw-middleware = the same lookup as a Hono middleware that sets a context variable the handler reads, the shape authentify-hono has (compare authentify-hono with it, like with like). ' +
      'Any non-2xx answer aborts the run. Ratios are taken round by round. With two cores, the load generator can cap the plain servers, which understates their lead.',
    tables: [
      variantTable('Hono on @hono/node-server: every variant', 'plain Hono', [
        ['plain Hono (no authentication)', 'hono-plain'],
        ['bare handler floor (hash + prepared statement in the handler)', 'hono-raw'],
        ['raw middleware floor (the same lookup as a Hono middleware)', 'hono-raw-middleware'],
        ['authentify-hono (no session cache)', 'hono-authentify'],
        ['authentify-hono with the session cache', 'hono-authentify-cache'],
        ['hono/jwt middleware (HS256)', 'hono-jwt'],
        ['better-auth getSession, bearer plugin', 'hono-better-auth-bearer'],
        ['better-auth getSession, signed cookie', 'hono-better-auth-cookie'],
      ].map(([label, variant]) => ({
        variant: label!,
        requestsPerSecond: spread(rps(variant as VariantName)),
        latencyP99Ms: spread(p99(variant as VariantName)),
        vsPlain: variant === 'hono-plain' ? { median: 1, min: 1, max: 1 } : pairedRatio(rps(variant as VariantName), rps('hono-plain')),
        // Judged in the Targets table below, once, so the run's Targets summary lists each goal once.
      }))),
      {
        caption: 'Express 5',
        header: ['variant', 'requests/s', 'p99 latency', 'vs plain'],
        rows: (['express-plain', 'express-raw', 'express-authentify', 'express-jwt'] as const).map((variant) => row(variant, 'express-plain')),
      },
      targetTable('Targets', [
        { comparison: 'Hono: authentify / hono/jwt requests per second', value: pairedRatio(rps('hono-authentify'), rps('hono-jwt')), target: { kind: 'ratio', op: '>=', bound: 1.8 } },
        { comparison: 'Express: authentify / plain requests per second', value: pairedRatio(rps('express-authentify'), rps('express-plain')), target: { kind: 'ratio', op: '>=', bound: 0.75 } },
        { comparison: 'Hono: authentify / raw SQLite floor requests per second', value: pairedRatio(rps('hono-authentify'), rps('hono-raw')) },
        { comparison: 'Hono: authentify / raw floor as middleware requests per second', value: pairedRatio(rps('hono-authentify'), rps('hono-raw-middleware')) },
        { comparison: 'Hono: authentify with cache / plain Hono requests per second', value: pairedRatio(rps('hono-authentify-cache'), rps('hono-plain')), target: { kind: 'ratio', op: '>=', bound: 0.9 } },
        // The same goal against the uncached path, so the gap the cache closes is on record.
        { comparison: 'Hono: authentify (no cache) / plain requests per second', value: pairedRatio(rps('hono-authentify'), rps('hono-plain')), target: { kind: 'ratio', op: '>=', bound: 0.9 } },
        { comparison: 'Hono: better-auth bearer / authentify requests per second', value: pairedRatio(rps('hono-better-auth-bearer'), rps('hono-authentify')) },
        { comparison: 'Hono: better-auth cookie / authentify requests per second', value: pairedRatio(rps('hono-better-auth-cookie'), rps('hono-authentify')) },
        { comparison: 'Express: authentify / raw SQLite floor requests per second', value: pairedRatio(rps('express-authentify'), rps('express-raw')) },
      ]),
    ],
    data: Object.fromEntries(results),
  };
}
