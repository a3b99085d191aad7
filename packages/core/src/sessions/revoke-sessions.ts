import type { RequestView } from '../credentials/request-view.js';
import { AuthentifyError } from '../errors.js';
import { checkAudit } from '../operators/session-query.js';
import type { RevocationReason } from '../storage/session-record.js';
import { hookRequest } from './client-activity.js';
import { SESSION_ID_PATTERN } from './issue-session.js';
import { revocationNow, type Runtime } from './runtime.js';

/**
 * Revokes one live session; with `userId`, only if it is that user's (checked in the same
 * storage step, so "revoke one of my sessions" cannot touch someone else's). `actor` and `note`
 * go into the audit record. Returns whether a session was revoked.
 */
export async function revokeSession<Context extends object, User>(
  runtime: Runtime<Context, User>,
  sessionId: string,
  options: { reason?: RevocationReason; userId?: string; actor?: string; note?: string; request?: RequestView } = {},
): Promise<boolean> {
  const reason = options.reason ?? 'revoked';
  const audit = checkAudit(options);
  // Ids are base62 (see issue-session.ts); anything else cannot name a session, and some databases
  // would reject it as a parameter (a NUL byte on Postgres) — a refusal, not a storage failure.
  if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) return false;
  const revoked = await runtime.storage.revokeSession(
    sessionId,
    revocationNow(runtime.options, reason, audit),
    options.userId === undefined ? {} : { userId: options.userId },
  );
  if (revoked === null) return false;
  const request = hookRequest(options.request, runtime.options.trustProxy);
  await runtime.options.hooks.afterRevoke?.({ userId: revoked.userId, sessionIds: [sessionId], reason, request });
  return true;
}

/**
 * Revokes every live session of a user, or every one but `exceptSessionId` ("log out other
 * devices"). API keys stay unless `includeApiKeys`. Returns how many were revoked.
 */
export async function revokeSessionsOfUser<Context extends object, User>(
  runtime: Runtime<Context, User>,
  userId: string,
  options: { reason: RevocationReason; exceptSessionId?: string; includeApiKeys?: boolean; request?: RequestView },
): Promise<number> {
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new AuthentifyError('invalid_argument', 'userId must be a non-empty string.');
  }
  const revokedIds = await runtime.storage.revokeSessionsOfUser(
    userId,
    revocationNow(runtime.options, options.reason),
    {
      ...(options.exceptSessionId === undefined ? {} : { exceptSessionId: options.exceptSessionId }),
      ...(options.includeApiKeys === true ? { includeApiKeys: true } : {}),
    },
  );
  if (revokedIds.length > 0) {
    const request = hookRequest(options.request, runtime.options.trustProxy);
    await runtime.options.hooks.afterRevoke?.({ userId, sessionIds: revokedIds, reason: options.reason, request });
  }
  return revokedIds.length;
}
