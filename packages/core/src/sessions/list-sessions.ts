import { AuthentifyError } from '../errors.js';
import { presentSession, type Runtime } from './runtime.js';
import { type Session, sessionStatus } from './session.js';

/**
 * A user's sessions (not their API keys), newest first: live ones, and with `includeEnded` also revoked-and-retained
 * and expired ones not yet pruned. Each carries its id, transport, context, times and status —
 * never a token or digest. A session whose access token lapsed but whose refresh token still
 * works is listed as `active`: its device can still refresh.
 */
export async function listSessionsOfUser<Context extends object, User>(
  runtime: Runtime<Context, User>,
  userId: string,
  options: { includeEnded?: boolean } = {},
): Promise<Session<Context>[]> {
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new AuthentifyError('invalid_argument', 'userId must be a non-empty string.');
  }
  const now = runtime.options.clock();
  const records = await runtime.storage.listSessionsOfUser(userId, {
    now: new Date(now),
    includeEnded: options.includeEnded === true,
  });
  // API keys are listed apart (auth.listApiKeys): they are not devices.
  return records
    .filter((record) => record.kind !== 'api_key')
    .map((record) => presentSession<Context>(runtime, record, sessionStatus(record, now, 'session')));
}
