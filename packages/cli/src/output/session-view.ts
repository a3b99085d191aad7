import type { Session, SessionState } from '@authentify/core';

/**
 * A session as `--json` prints it: a stable shape (these keys, in this order; times as ISO 8601
 * strings or `null`), with its state as the operator queries name it. Never a token or digest —
 * the `Session` view has none to give.
 */
export interface SessionJson {
  id: string;
  userId: string;
  transport: string;
  /** The session's name (e.g. a renamed device); `null` when it has none. */
  label: string | null;
  state: SessionState;
  createdAt: string;
  /** When the user last proved who they are: the login, or the latest re-authentication. */
  authenticatedAt: string;
  lastUsedAt: string;
  /** Where the session was last used from; `null` when unknown. */
  lastIp: string | null;
  lastUserAgent: string | null;
  accessExpiresAt: string | null;
  refreshExpiresAt: string | null;
  expiresAt: string | null;
  absoluteExpiresAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  revokedBy: string | null;
  revocationNote: string | null;
  context: object;
}

export function sessionJson(session: Session<object>): SessionJson {
  return {
    id: session.id,
    userId: session.userId,
    transport: session.transport,
    label: session.label,
    state: stateOf(session),
    createdAt: session.createdAt.toISOString(),
    authenticatedAt: session.authenticatedAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    lastIp: session.lastIp,
    lastUserAgent: session.lastUserAgent,
    accessExpiresAt: iso(session.accessExpiresAt),
    refreshExpiresAt: iso(session.refreshExpiresAt),
    expiresAt: iso(session.expiresAt),
    absoluteExpiresAt: iso(session.absoluteExpiresAt),
    revokedAt: iso(session.revokedAt),
    revocationReason: session.revocationReason,
    revokedBy: session.revokedBy,
    revocationNote: session.revocationNote,
    // A plain copy: strict context mode is off in the CLI, so this reads as JSON.
    context: { ...session.context },
  };
}

/** `active` in the application's view is `live` in the operators'. */
export function stateOf(session: Session<object>): SessionState {
  return session.status === 'active' ? 'live' : session.status;
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
