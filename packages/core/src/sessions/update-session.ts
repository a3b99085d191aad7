import { prepareContext } from '../context/session-context.js';
import { AuthentifyError } from '../errors.js';
import type { SessionUpdate } from '../storage/session-record.js';
import { SESSION_ID_PATTERN } from './issue-session.js';
import { presentSession, type Runtime } from './runtime.js';
import { type Session, sessionStatus } from './session.js';

/** A label is a device's name: short, one line, printable. */
export const MAX_LABEL_LENGTH = 100;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** What `auth.updateSession` may change after login. */
export interface SessionChanges<Context extends object> {
  /** The device's name, 1–100 characters without control characters; `null` removes it. */
  label?: string | null;
  /**
   * The whole new context. Validated exactly like the context of a login: through
   * `contextSchema` (its output is stored) and within `maxContextBytes`.
   */
  context?: Context;
}

/**
 * Changes a live session's label or context; with `userId`, only if the session is that user's
 * (checked in the same storage step). Returns the updated session, or `null` when there is no
 * such live session (unknown, another user's, revoked, expired).
 */
export async function updateSession<Context extends object, User>(
  runtime: Runtime<Context, User>,
  sessionId: string,
  changes: SessionChanges<Context>,
  options: { userId?: string } = {},
): Promise<Session<Context> | null> {
  if (typeof changes !== 'object' || changes === null) {
    throw new AuthentifyError('invalid_argument', 'changes must be an object with label and/or context.');
  }
  const unknown = Object.keys(changes).filter((key) => key !== 'label' && key !== 'context');
  if (unknown.length > 0) {
    throw new AuthentifyError('invalid_argument', `changes has unknown field(s) ${unknown.join(', ')}: only label and context can be changed.`);
  }
  const update: SessionUpdate = {};
  if (changes.label !== undefined) update.label = checkLabel(changes.label);
  if (changes.context !== undefined) {
    update.context = await prepareContext(changes.context, runtime.options.contextSchema, runtime.options.maxContextBytes);
  }
  return writeUpdate(runtime, sessionId, update, options);
}

/**
 * Records that the user of a live session just proved who they are again (the application has
 * re-checked the password): its `authenticatedAt` becomes now. Returns the updated session, or
 * `null` when there is no such live session.
 */
export async function reauthenticate<Context extends object, User>(
  runtime: Runtime<Context, User>,
  sessionId: string,
  options: { userId?: string } = {},
): Promise<Session<Context> | null> {
  return writeUpdate(runtime, sessionId, { authenticatedAt: new Date(runtime.options.clock()) }, options);
}

/**
 * Whether `session` was authenticated (logged in or re-authenticated) less than `freshWithinMs`
 * before `now`. A session authenticated exactly `freshWithinMs` ago is stale.
 */
export function isFresh(session: { authenticatedAt: Date }, freshWithinMs: number, now: number): boolean {
  return now - session.authenticatedAt.getTime() < freshWithinMs;
}

async function writeUpdate<Context extends object, User>(
  runtime: Runtime<Context, User>,
  sessionId: string,
  update: SessionUpdate,
  options: { userId?: string },
): Promise<Session<Context> | null> {
  if (options.userId !== undefined && (typeof options.userId !== 'string' || options.userId.length === 0)) {
    throw new AuthentifyError('invalid_argument', 'userId must be a non-empty string.');
  }
  // Ids are base62 (see issue-session.ts); anything else names no session.
  if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) return null;
  const now = runtime.options.clock();
  // Expiry is core's to judge, so it is checked here; a session that expires between this read
  // and the write below is updated but stays expired, which changes nothing anyone can use.
  const current = await runtime.storage.findSessionById(sessionId);
  if (current === null || sessionStatus(current, now, 'session') !== 'active') return null;
  const storageOptions = options.userId === undefined ? {} : { userId: options.userId };
  const updated = await runtime.storage.updateSession(sessionId, update, storageOptions);
  return updated === null ? null : presentSession<Context>(runtime, updated, sessionStatus(updated, now, 'session'));
}

export function checkLabel(label: unknown): string | null {
  if (label === null) return null;
  if (typeof label !== 'string') throw new AuthentifyError('invalid_argument', 'label must be a string or null.');
  const length = [...label].length;
  if (length === 0 || length > MAX_LABEL_LENGTH) {
    throw new AuthentifyError('invalid_argument', `label must be 1 to ${MAX_LABEL_LENGTH} characters, got ${length}.`);
  }
  if (CONTROL_CHARACTERS.test(label)) throw new AuthentifyError('invalid_argument', 'label must not contain control characters or line breaks.');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(label)) {
    throw new AuthentifyError('invalid_argument', 'label contains a lone UTF-16 surrogate (not valid Unicode).');
  }
  return label;
}
