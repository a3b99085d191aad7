import { prepareContext } from '../context/session-context.js';
import type { RequestView } from '../credentials/request-view.js';
import { AuthentifyError } from '../errors.js';
import { type Duration, parseOptionalDuration } from '../options/duration.js';
import type { SessionRecord } from '../storage/session-record.js';
import { randomBase62 } from '../tokens/base62.js';
import { checkScopes } from './scopes.js';
import { clientInfoOf, hookRequest } from './client-activity.js';
import { checkUserId, SESSION_ID_LENGTH, SESSION_ID_PATTERN } from './issue-session.js';
import { revocationNow, type Runtime } from './runtime.js';
import { type SessionStatus, sessionStatus } from './session.js';
import { checkLabel } from './update-session.js';

/** How many characters of a key's plaintext its listing shows (the end: the start is the prefix). */
export const API_KEY_HINT_LENGTH = 4;
const MAX_CREATED_BY_LENGTH = 255;

/** What {@link Authentify.createApiKey} takes. */
export interface CreateApiKeyInput<Context extends object> {
  /** What the key is for ("CI deploys"): 1–100 characters, one line. */
  name: string;
  /** What it may do: RFC 6749 scope tokens such as `repo:read`; at least one, no repeats. */
  scopes: readonly string[];
  /** How long it works; `null` (the default) = until revoked. */
  expiresIn?: Duration | null;
  /** Who created it, as your application names them (an operator, the user); kept for audit. */
  createdBy?: string;
  /** Its context, validated by `contextSchema` like a login's. [`{}`] */
  context?: Context;
  /** The request that created it: its IP and user agent become the key's first "last seen". */
  request?: RequestView;
}

/** An API key as listings show it: never its plaintext or digest. */
export interface ApiKey {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  /** The last characters of the plaintext, so that a user can tell their keys apart. */
  readonly displayHint: string;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  /** When it last authenticated a request (written at most once per `touchInterval`). */
  readonly lastUsedAt: Date;
  readonly lastIp: string | null;
  /** When it stops working; `null` = until revoked. A rolled key's is the end of its overlap. */
  readonly expiresAt: Date | null;
  readonly status: SessionStatus;
  readonly revokedAt: Date | null;
}

/** A new API key: its plaintext — shown once, never stored — and its listing. */
export interface CreatedApiKey {
  /** `afy_ak_…`: give it to the user now; only its digest is stored. */
  readonly apiKey: string;
  readonly key: ApiKey;
}

/** Creates an API key for `userId`; outside session limits and single-login. */
export async function createApiKey<Context extends object, User>(
  runtime: Runtime<Context, User>,
  userId: string,
  input: CreateApiKeyInput<Context>,
): Promise<CreatedApiKey> {
  if (typeof input !== 'object' || input === null) {
    throw new AuthentifyError('invalid_argument', 'createApiKey expects { name, scopes }.');
  }
  const checkedUserId = checkUserId(userId);
  const name = checkName(input.name);
  const scopes = checkScopes(input.scopes, 'scopes');
  const expiresInMs = checkExpiresIn(input.expiresIn);
  const createdBy = checkCreatedBy(input.createdBy);
  const { options, codec, hasher, storage } = runtime;
  const context = await prepareContext(input.context ?? ({} as Context), options.contextSchema, options.maxContextBytes);
  const client = clientInfoOf(hookRequest(input.request, options.trustProxy));
  const now = options.clock();
  const ends = expiresInMs === null ? null : new Date(now + expiresInMs);
  const apiKey = codec.generate('api_key');
  const record: SessionRecord = {
    id: randomBase62(SESSION_ID_LENGTH),
    userId: checkedUserId,
    kind: 'api_key',
    transport: 'header',
    accessDigest: await hasher.digest(apiKey),
    refreshDigest: null,
    context,
    label: name,
    createdAt: new Date(now),
    authenticatedAt: new Date(now),
    lastUsedAt: new Date(now),
    lastIp: client?.ip ?? null,
    lastUserAgent: client?.userAgent ?? null,
    accessExpiresAt: ends,
    refreshExpiresAt: null,
    expiresAt: ends,
    absoluteExpiresAt: ends,
    // No TTL: an API key never slides; it ends at `expiresAt` or when revoked.
    accessTtlMs: null,
    refreshTtlMs: null,
    revokedAt: null,
    revocationReason: null,
    revokedBy: null,
    revocationNote: null,
    scopes: [...scopes],
    createdBy,
    displayHint: apiKey.slice(-API_KEY_HINT_LENGTH),
  };
  // No login policy applies: a key is not a login, so nothing is ended and no limit is checked.
  await storage.createSession(record, { singleLogin: false, sessionLimit: null, revocation: revocationNow(options, 'revoked') });
  return withRedactedKey({ apiKey, key: toApiKey(record, now) });
}

/** The user's API keys, newest first; `includeEnded` adds revoked and expired ones still kept. */
export async function listApiKeys<Context extends object, User>(
  runtime: Runtime<Context, User>,
  userId: string,
  options: { includeEnded?: boolean } = {},
): Promise<ApiKey[]> {
  const checkedUserId = checkUserId(userId);
  const now = runtime.options.clock();
  const records = await runtime.storage.listSessionsOfUser(checkedUserId, { now: new Date(now), includeEnded: options.includeEnded === true });
  return records.filter((record) => record.kind === 'api_key').map((record) => toApiKey(record, now));
}

/** Revokes one of the user's API keys; `false` when they have no such live key. */
export async function revokeApiKey<Context extends object, User>(
  runtime: Runtime<Context, User>,
  userId: string,
  keyId: string,
  options: { actor?: string; note?: string; request?: RequestView } = {},
): Promise<boolean> {
  const key = await findLiveKey(runtime, userId, keyId);
  if (key === null) return false;
  const audit = { ...(options.actor === undefined ? {} : { actor: options.actor }), ...(options.note === undefined ? {} : { note: options.note }) };
  const revoked = await runtime.storage.revokeSession(key.id, revocationNow(runtime.options, 'revoked', audit), { userId: key.userId });
  if (revoked === null) return false;
  const request = hookRequest(options.request, runtime.options.trustProxy);
  await runtime.options.hooks.afterRevoke?.({ userId: key.userId, sessionIds: [key.id], reason: 'revoked', request });
  return true;
}

/**
 * Rolls a key: a new one with the same name, scopes, creator and lifetime, while the old one
 * keeps working for `overlap` (at most until its own expiry), so that deployments can switch
 * without an outage. `overlap: 0` ends the old key at once. `null` when the user has no such
 * live key.
 */
export async function rollApiKey<Context extends object, User>(
  runtime: Runtime<Context, User>,
  userId: string,
  keyId: string,
  options: { overlap: Duration; request?: RequestView },
): Promise<CreatedApiKey | null> {
  const overlapMs = checkOverlap(options?.overlap);
  const old = await findLiveKey(runtime, userId, keyId);
  if (old === null) return null;
  const lifetimeMs = old.expiresAt === null ? null : old.expiresAt.getTime() - old.createdAt.getTime();
  const rolled = await createApiKey(runtime, old.userId, {
    name: old.label ?? 'API key',
    scopes: old.scopes ?? [],
    expiresIn: lifetimeMs === null ? null : `${lifetimeMs}ms`,
    ...(old.createdBy === null ? {} : { createdBy: old.createdBy }),
    context: old.context as Context,
    ...(options.request === undefined ? {} : { request: options.request }),
  });
  const now = runtime.options.clock();
  const overlapEnd = now + overlapMs;
  if (overlapMs === 0) {
    await runtime.storage.revokeSession(old.id, revocationNow(runtime.options, 'revoked'), { userId: old.userId });
  } else if (old.expiresAt === null || overlapEnd < old.expiresAt.getTime()) {
    await runtime.storage.updateSession(old.id, { expiresAt: new Date(overlapEnd) }, { userId: old.userId });
  }
  return rolled;
}

/** The listing of a key record: what a user may see of it. */
export function toApiKey(record: SessionRecord, now: number): ApiKey {
  return {
    id: record.id,
    userId: record.userId,
    name: record.label ?? '',
    scopes: record.scopes ?? [],
    displayHint: record.displayHint ?? '',
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    lastIp: record.lastIp,
    expiresAt: record.expiresAt,
    status: sessionStatus(record, now, 'access'),
    revokedAt: record.revokedAt,
  };
}

/** The live API key `keyId` of `userId`, or `null` (unknown, a session, another user's, ended). */
async function findLiveKey<Context extends object, User>(
  runtime: Runtime<Context, User>,
  userId: string,
  keyId: string,
): Promise<SessionRecord | null> {
  const checkedUserId = checkUserId(userId);
  if (typeof keyId !== 'string' || !SESSION_ID_PATTERN.test(keyId)) return null;
  const record = await runtime.storage.findSessionById(keyId);
  if (record === null || record.kind !== 'api_key' || record.userId !== checkedUserId) return null;
  return sessionStatus(record, runtime.options.clock(), 'access') === 'active' ? record : null;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new AuthentifyError('invalid_argument', 'name must be a non-empty string such as "CI deploys".');
  }
  const checked = checkLabel(name);
  return checked ?? name;
}

function checkExpiresIn(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  try {
    const milliseconds = parseOptionalDuration(value, 'expiresIn');
    if (milliseconds !== null && milliseconds <= 0) throw new Error('must be longer than zero (use null for "until revoked")');
    return milliseconds;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AuthentifyError('invalid_argument', `expiresIn: ${detail}`, { cause: error });
  }
}

function checkOverlap(value: unknown): number {
  try {
    const milliseconds = parseOptionalDuration(value, 'overlap');
    if (milliseconds === null || milliseconds < 0) throw new Error("must be a duration such as '1h', or 0 to end the old key at once");
    return milliseconds;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AuthentifyError('invalid_argument', `overlap: ${detail}`, { cause: error });
  }
}

function checkCreatedBy(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CREATED_BY_LENGTH) {
    throw new AuthentifyError('invalid_argument', `createdBy must be a string of 1–${MAX_CREATED_BY_LENGTH} characters.`);
  }
  return value;
}

/** `console.log` of a created key shows its plaintext redacted. */
function withRedactedKey(value: CreatedApiKey): CreatedApiKey {
  return Object.defineProperty(value, Symbol.for('nodejs.util.inspect.custom'), {
    enumerable: false,
    value: () => ({ ...value, apiKey: '[redacted]' }),
  });
}
