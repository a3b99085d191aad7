import type { Session, SessionStatus } from '../sessions/session.js';
import type { Transport } from '../storage/session-record.js';

/** A session as the HTTP routes show it: ids, context and ISO times — never a token or digest. */
export interface SessionJson {
  id: string;
  transport: Transport;
  context: object;
  /** The device's name, if the user gave one (`PATCH /sessions/:id`). */
  label: string | null;
  createdAt: string;
  /** When the user last proved who they are for this session: login or re-authentication. */
  authenticatedAt: string;
  lastUsedAt: string;
  /** Where the session was last used from (see the `trustProxy` option); `null` when unknown. */
  lastIp: string | null;
  lastUserAgent: string | null;
  accessExpiresAt: string | null;
  refreshExpiresAt: string | null;
  expiresAt: string | null;
  absoluteExpiresAt: string | null;
  status: SessionStatus;
}

/** The JSON view of a session. */
export function sessionJson(session: Session<object>): SessionJson {
  return {
    id: session.id,
    transport: session.transport,
    context: session.context,
    label: session.label,
    createdAt: session.createdAt.toISOString(),
    authenticatedAt: session.authenticatedAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    lastIp: session.lastIp,
    lastUserAgent: session.lastUserAgent,
    accessExpiresAt: isoOrNull(session.accessExpiresAt),
    refreshExpiresAt: isoOrNull(session.refreshExpiresAt),
    expiresAt: isoOrNull(session.expiresAt),
    absoluteExpiresAt: isoOrNull(session.absoluteExpiresAt),
    status: session.status,
  };
}

/**
 * The body answering a login or a refresh. Tokens delivered by `header` are in it (the only time
 * they are shown); tokens delivered by `cookie` travel as cookies only, so page scripts never
 * see them.
 */
export function issuedSessionJson(
  issued: { session: Session<object>; accessToken: string; refreshToken: string | null },
  delivery: Transport,
  scheme: string,
): Record<string, unknown> {
  const session = sessionJson(issued.session);
  if (delivery === 'cookie') return { session };
  return {
    tokenType: scheme,
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    accessExpiresAt: session.accessExpiresAt,
    refreshExpiresAt: session.refreshExpiresAt,
    session,
  };
}

function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
