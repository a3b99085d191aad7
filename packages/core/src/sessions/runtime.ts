import type { Clock } from '../options/options.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import type { Revocation, RevocationReason, SessionRecord } from '../storage/session-record.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { exposeContext } from '../context/session-context.js';
import type { TokenCodec } from '../tokens/token-format.js';
import type { TokenHasher } from '../tokens/token-hasher.js';
import { type Session, type SessionStatus, toSession } from './session.js';

/** What every session operation shares: the settings, the guarded storage, token machinery. */
export interface Runtime<Context extends object, User> {
  readonly options: ResolvedOptions<Context, User>;
  /** The storage wrapped by `guardStorage`: failures surface as `storage_unavailable`. */
  readonly storage: SessionStorage;
  readonly codec: TokenCodec;
  readonly hasher: TokenHasher;
}

/**
 * How a revocation at this moment is recorded: kept when audit retention is on, with the
 * operator's `actor` and `note` when given.
 */
export function revocationNow(
  options: { clock: Clock; auditRetentionMs: number | null },
  reason: RevocationReason,
  audit: { actor?: string; note?: string } = {},
): Revocation {
  const revocation: Revocation = { at: new Date(options.clock()), reason, retain: options.auditRetentionMs !== null };
  if (audit.actor !== undefined) revocation.actor = audit.actor;
  if (audit.note !== undefined) revocation.note = audit.note;
  return revocation;
}

/** The application's view of a record, context exposed per the strict-context setting. */
export function presentSession<Context extends object>(
  runtime: { options: { strictContext: boolean } },
  record: SessionRecord,
  status: SessionStatus,
): Session<Context> {
  return toSession(record, exposeContext<Context>(record.context, runtime.options.strictContext), status);
}
