import { createCipheriv, createHmac, hash, randomBytes } from 'node:crypto';
import { type Authentify, createAuthentify } from '@authentify/core';
import { createKyselySessionStorage } from '@authentify/kysely';
import type { SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { createJwtFixture, verifyWithHono, verifyWithJose } from '../fixtures/jwt.js';
import { measureInterleaved, type MeasureOptions, type Variant } from '../harness/measure.js';
import { formatCount, formatSpreadNs, type SectionResult } from '../harness/report.js';
import { pairedRatio, spread } from '../harness/stats.js';
import { type Target, targetTable } from '../harness/targets.js';

interface Row {
  revoked_at: number | null;
  access_expires_at: number | null;
}

/**
 * The authentify instance every SQLite benchmark uses: the documented set-up (Kysely storage with
 * the better-sqlite3 fast path), sliding expiry off and last-used writes off, so that a
 * verification is a pure read like the raw floor and the JWT checks it is compared with.
 */
export function benchAuthentify(fixture: SqliteSessionsFixture): Authentify<Record<string, unknown>, undefined> {
  return createAuthentify({
    storage: createKyselySessionStorage({ db: fixture.db, sqliteDatabase: fixture.database }),
    accessTtl: '7d',
    refreshTtl: '30d',
    lastUsedInterval: null,
  });
}

/**
 * The same instance as {@link benchAuthentify} but on a storage without the synchronous lookup,
 * so that core takes the promise path: the with/without comparison of issue 13, item 4.
 */
export function benchAuthentifyWithoutSyncLookup(fixture: SqliteSessionsFixture): Authentify<Record<string, unknown>, undefined> {
  const storage = createKyselySessionStorage({ db: fixture.db, sqliteDatabase: fixture.database });
  // An own property set by the constructor: removing it leaves every other method as it is.
  delete (storage as { findSessionByAccessDigestSync?: unknown }).findSessionByAccessDigestSync;
  if (storage.findSessionByAccessDigestSync !== undefined) throw new Error('the sync lookup is still there');
  return createAuthentify({ storage, accessTtl: '7d', refreshTtl: '30d', lastUsedInterval: null });
}

/** The raw floor of a verification: one-shot SHA-256, a cached prepared statement, an expiry check. */
export function rawVerifier(fixture: SqliteSessionsFixture): (token: string) => boolean {
  const lookup = fixture.database.prepare('select * from authentify_sessions where access_digest = ?');
  return (token) => {
    const row = lookup.get(hash('sha256', token, 'hex')) as Row | undefined;
    return row !== undefined && row.revoked_at === null && (row.access_expires_at === null || row.access_expires_at > Date.now());
  };
}

/** Picks tokens at random (a fixed sequence, so every variant sees the same spread of keys). */
function randomPicker<T>(items: readonly T[]): (index: number) => T {
  const order = Uint32Array.from({ length: 65_536 }, () => Math.floor(Math.random() * items.length));
  return (index) => items[order[index % order.length]!]!;
}

function mustSucceed(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark operation failed: ${what}`);
}

/**
 * Verification, issue and refresh in one process on the SQLite file: authentify against the raw
 * floor, and verification also against jose HS256 and hono/jwt.
 */
export async function runSqliteOperations(fixture: SqliteSessionsFixture, measure: MeasureOptions): Promise<SectionResult> {
  const auth = benchAuthentify(fixture);
  const promiseOnly = benchAuthentifyWithoutSyncLookup(fixture);
  const pickToken = randomPicker(fixture.accessTokens);
  const floor = rawVerifier(fixture);
  const jwt = await createJwtFixture(2_000);
  const pickJwt = randomPicker(jwt.tokens);
  // The JWT checks cost several times a lookup and do not depend on the table: a fifth as many
  // calls per round give as steady a per-call time and take a fifth of the run's time.
  const jwtOperations = { perRound: Math.ceil(measure.operationsPerRound / 5), warmup: Math.ceil(measure.warmupOperations / 5) };

  const verification = await measureInterleaved(
    [
      {
        name: 'authentify',
        run: async (index) => mustSucceed((await auth.authenticateToken(pickToken(index), 'header')).ok, 'authentify verification'),
      },
      {
        name: 'authentify, promise lookup',
        run: async (index) => mustSucceed((await promiseOnly.authenticateToken(pickToken(index), 'header')).ok, 'authentify verification'),
      },
      { name: 'raw floor', run: (index) => mustSucceed(floor(pickToken(index)), 'raw verification') },
      { name: 'jose HS256', operations: jwtOperations, run: async (index) => void (await verifyWithJose(jwt, pickJwt(index))) },
      { name: 'hono/jwt', operations: jwtOperations, run: async (index) => void (await verifyWithHono(jwt, pickJwt(index))) },
    ],
    measure,
  );

  // Writes cost ~50× a read (random digests land all over the indexes, and WAL checkpoints
  // follow): fewer of them per round keep the run bounded with the same number of rounds.
  const writes = (divisor: number): MeasureOptions => ({
    ...measure,
    operationsPerRound: Math.ceil(measure.operationsPerRound / divisor),
    warmupOperations: Math.ceil(measure.warmupOperations / divisor),
  });
  const issue = await measureInterleaved([authentifyIssue(auth), rawIssue(fixture)], writes(10));
  const refresh = await measureInterleaved(
    [await authentifyRefresh(auth, 200), rawRefresh(fixture, 200, 'raw floor'), rawRefresh(fixture, 200, 'raw floor + seal')],
    writes(20),
  );

  const vs = (map: Map<string, number[]>, a: string, b: string) => pairedRatio(map.get(a)!, map.get(b)!);
  const timeRow = (map: Map<string, number[]>, name: string) => [name, formatSpreadNs(spread(map.get(name)!))];

  return {
    id: 'sqlite-operations',
    title: `In-process operations on SQLite (${formatCount(fixture.totalSessions)} sessions, WAL)`,
    method:
      `Each variant runs ${formatCount(measure.operationsPerRound)} verifications per round (a fifth as many JWT checks, a tenth as many issues, a twentieth as many refreshes), ${measure.rounds} rounds, interleaved in rotating order; ` +
      'time per operation is the median of the rounds (min–max in brackets), and each ratio is taken round by round, then summarised. ' +
      `Verification picks tokens at random among ${formatCount(fixture.accessTokens.length)} live sessions spread through the table. ` +
      'authentify = `authenticateToken` on `createKyselySessionStorage` with `sqliteDatabase` (format and checksum check, hash, lookup, expiry/revocation/transport checks, session object), which looks up synchronously (`findSessionByAccessDigestSync`); ' +
      '"authentify, promise lookup" is the same on a storage without that method, so core awaits `findSessionByAccessDigest`. ' +
      'Raw floor = `crypto.hash` + a cached better-sqlite3 prepared statement + an expiry check. ' +
      'The refresh floor rotates on prepared statements in one IMMEDIATE transaction; "raw floor + seal" also does what DESIGN.md requires of a rotation and the bare floor skips: ' +
      'it seals the new pair for the grace window (HKDF-SHA-256 of the old token as two HMACs, as core derives it, + AES-256-GCM) and stores it with the replaced digest, dropping the previous replay. ' +
      'JWT = verifying an HS256 token: jose `jwtVerify` with a pre-imported key; hono/jwt `verify` as its middleware calls it.',
    tables: [
      {
        caption: 'Verification',
        header: ['variant', 'time per verification'],
        rows: ['authentify', 'authentify, promise lookup', 'raw floor', 'jose HS256', 'hono/jwt'].map((name) => timeRow(verification, name)),
      },
      targetTable('Verification ratios', [
        { comparison: 'verification: authentify / raw floor', value: vs(verification, 'authentify', 'raw floor'), target: { kind: 'ratio', op: '<=', bound: 1.3 } },
        { comparison: 'authentify with the promise lookup / raw floor (without the sync path)', value: vs(verification, 'authentify, promise lookup', 'raw floor') },
        { comparison: 'authentify / authentify with the promise lookup (the sync path’s gain; < 1 keeps it)', value: vs(verification, 'authentify', 'authentify, promise lookup') },
        { comparison: 'verification: jose HS256 / authentify', value: vs(verification, 'jose HS256', 'authentify'), target: { kind: 'ratio', op: '>=', bound: 3 } },
        { comparison: 'hono/jwt / authentify', value: vs(verification, 'hono/jwt', 'authentify') },
      ]),
      {
        caption: 'Issue and refresh',
        header: ['operation', 'authentify', 'raw floor'],
        rows: [
          timesRow('issue (random + hash + insert)', issue),
          timesRow('refresh rotation', refresh),
          timesRow('refresh rotation, against a floor that also seals the replay', refresh, 'raw floor + seal'),
        ],
      },
      targetTable('Targets', [
        { comparison: 'issue: authentify / raw floor', value: vs(issue, 'authentify', 'raw floor'), target: WRITE_TARGET },
        { comparison: 'refresh: authentify / raw floor', value: vs(refresh, 'authentify', 'raw floor'), target: WRITE_TARGET },
        { comparison: 'refresh: authentify / raw floor + seal (the floor that does what a rotation must)', value: vs(refresh, 'authentify', 'raw floor + seal'), target: WRITE_TARGET },
      ]),
    ],
    data: { verification: Object.fromEntries(verification), issue: Object.fromEntries(issue), refresh: Object.fromEntries(refresh) },
  };
}

/** What a write may cost over its raw cached-statement floor (issue 13): the median of the per-round ratios. */
const WRITE_TARGET: Target = { kind: 'ratio', op: '<=', bound: 1.2 };

/** A write's times: authentify's and its floor's. */
function timesRow(operation: string, map: Map<string, number[]>, floor = 'raw floor'): string[] {
  return [operation, formatSpreadNs(spread(map.get('authentify')!)), formatSpreadNs(spread(map.get(floor)!))];
}

function authentifyIssue(auth: Authentify<Record<string, unknown>, undefined>): Variant {
  return {
    name: 'authentify',
    run: async (index) => {
      const issued = await auth.issueSession({ userId: `issuer-${index % 50_000}`, transport: 'header', context: { device: 'bench device' } });
      mustSucceed(issued.accessToken.length > 0, 'authentify issue');
    },
  };
}

/** The floor of an issue: two random tokens, their digests, one prepared insert. */
function rawIssue(fixture: SqliteSessionsFixture): Variant {
  const insert = fixture.database.prepare(
    `insert into authentify_sessions (id, user_id, transport, access_digest, refresh_digest, context, created_at, last_used_at,
      access_expires_at, refresh_expires_at, expires_at, absolute_expires_at, access_ttl_ms, refresh_ttl_ms, revoked_at, revocation_reason)
     values (?, ?, 'header', ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, null, null)`,
  );
  return {
    name: 'raw floor',
    run: (index) => {
      const now = Date.now();
      const access = randomBytes(32).toString('base64url');
      const refresh = randomBytes(32).toString('base64url');
      insert.run(
        randomBytes(16).toString('base64url'), `raw-issuer-${index % 50_000}`, hash('sha256', access, 'hex'), hash('sha256', refresh, 'hex'),
        JSON.stringify({ device: 'bench device' }), now, now, now + 604_800_000, now + 2_592_000_000, now + 2_592_000_000, 604_800_000, 2_592_000_000,
      );
    },
  };
}

/** Refresh chains: each operation rotates the next chain's current refresh token. */
async function authentifyRefresh(auth: Authentify<Record<string, unknown>, undefined>, chains: number): Promise<Variant> {
  const current: string[] = [];
  for (let chain = 0; chain < chains; chain++) {
    current.push((await auth.issueSession({ userId: `refresher-${chain}`, transport: 'header' })).refreshToken!);
  }
  return {
    name: 'authentify',
    run: async (index) => {
      const chain = index % chains;
      const result = await auth.refresh(current[chain]!, 'header');
      if (!result.ok) throw new Error(`benchmark refresh failed: ${result.reason}`);
      current[chain] = result.refreshToken;
    },
  };
}

/**
 * The floor of a rotation: in one IMMEDIATE transaction, find the session by refresh digest,
 * swap both digests and the expiries, remember the old digest — the same statements, prepared.
 * As 'raw floor + seal', it also seals the new pair under a key derived from the old token and
 * keeps it with the old digest for the grace window, dropping the session's previous replay.
 */
function rawRefresh(fixture: SqliteSessionsFixture, chains: number, name: 'raw floor' | 'raw floor + seal'): Variant {
  const { database } = fixture;
  const sealing = name === 'raw floor + seal';
  const find = database.prepare('select id, refresh_expires_at, revoked_at from authentify_sessions where refresh_digest = ?');
  const swap = database.prepare(
    `update authentify_sessions set access_digest = ?, refresh_digest = ?, access_expires_at = ?, refresh_expires_at = ?,
       expires_at = ?, last_used_at = ? where id = ? and refresh_digest = ?`,
  );
  const dropReplay = database.prepare(
    'update authentify_rotated_refresh_tokens set sealed_replay = null, replay_expires_at = null where session_id = ? and sealed_replay is not null',
  );
  const remember = database.prepare(
    'insert into authentify_rotated_refresh_tokens (digest, session_id, rotated_at, token_expires_at, sealed_replay, replay_expires_at) values (?, ?, ?, ?, ?, ?)',
  );
  const insert = database.prepare(
    `insert into authentify_sessions (id, user_id, transport, access_digest, refresh_digest, context, created_at, last_used_at,
      access_expires_at, refresh_expires_at, expires_at, absolute_expires_at, access_ttl_ms, refresh_ttl_ms, revoked_at, revocation_reason)
     values (?, ?, 'header', ?, ?, '{}', ?, ?, ?, ?, ?, null, 604800000, 2592000000, null, null)`,
  );
  const current: string[] = [];
  const now = Date.now();
  const prefix = sealing ? 'raw-sealing' : 'raw';
  for (let chain = 0; chain < chains; chain++) {
    const refresh = randomBytes(32).toString('base64url');
    insert.run(`${prefix}-chain-${chain}-${now}`, `${prefix}-refresher-${chain}`, hash('sha256', randomBytes(32), 'hex'), hash('sha256', refresh, 'hex'), now, now, now + 604_800_000, now + 2_592_000_000, now + 2_592_000_000);
    current.push(refresh);
  }
  const rotate = database.transaction((presented: string, chain: number) => {
    const at = Date.now();
    const digest = hash('sha256', presented, 'hex');
    const row = find.get(digest) as { id: string; refresh_expires_at: number; revoked_at: number | null } | undefined;
    if (row === undefined || row.revoked_at !== null || row.refresh_expires_at <= at) throw new Error('raw refresh failed');
    const access = randomBytes(32).toString('base64url');
    const refresh = randomBytes(32).toString('base64url');
    const changed = swap.run(hash('sha256', access, 'hex'), hash('sha256', refresh, 'hex'), at + 604_800_000, at + 2_592_000_000, at + 2_592_000_000, at, row.id, digest);
    if (changed.changes !== 1) throw new Error('raw refresh lost the swap');
    if (sealing) {
      dropReplay.run(row.id);
      remember.run(digest, row.id, at, row.refresh_expires_at, sealPair(presented, `${access} ${refresh}`, `${row.id}\0${digest}`), at + 30_000);
    } else {
      remember.run(digest, row.id, at, row.refresh_expires_at, null, null);
    }
    current[chain] = refresh;
  });
  return { name, run: (index) => rotate.immediate(current[index % chains]!, index % chains) };
}

/**
 * The least a replay needs: an AES-256-GCM key from the old token by HKDF-SHA-256 — as core's
 * `hkdfSha256Key` (packages/core/src/tokens/seal-cipher.ts) computes it, two HMACs, since a
 * 32-byte output is the expand step's first block — one encryption, base64url.
 */
function sealPair(oldToken: string, pair: string, additionalData: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const pseudorandomKey = createHmac('sha256', salt).update(oldToken).digest();
  const key = createHmac('sha256', pseudorandomKey).update(REPLAY_INFO).update(COUNTER_ONE).digest();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additionalData));
  const sealed = Buffer.concat([cipher.update(pair, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${salt.toString('base64url')}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

const REPLAY_INFO = Buffer.from('bench replay');
const COUNTER_ONE = new Uint8Array([1]);
