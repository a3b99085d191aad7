import { AuthentifyError } from '../errors.js';
import { SESSION_ID_PATTERN } from '../sessions/issue-session.js';
import type { RevocationReason } from '../storage/session-record.js';
import { SESSION_STATES, type SessionFilter, type SessionKeyset, type SessionState } from '../storage/session-search.js';

/** Sessions per page of `searchSessions` when no `limit` is given. */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest page `searchSessions` returns. */
export const MAX_PAGE_SIZE = 1000;
/** Longest actor (as `user_id`) and note (as its column) a revocation records. */
const MAX_ACTOR_LENGTH = 255;
const MAX_NOTE_LENGTH = 1000;

const FILTER_KEYS = new Set(['userId', 'states', 'transport', 'createdFrom', 'createdUntil', 'lastUsedFrom', 'lastUsedUntil']);
const DATE_KEYS = ['createdFrom', 'createdUntil', 'lastUsedFrom', 'lastUsedUntil'] as const;

/**
 * The filter part of an operator query, checked field by field: a typo or a wrong type is an
 * `invalid_argument` naming the field, never a filter that silently matches everything.
 */
export function checkFilter(query: Record<string, unknown>, extraKeys: readonly string[]): SessionFilter {
  for (const key of Object.keys(query)) {
    if (!FILTER_KEYS.has(key) && !extraKeys.includes(key) && query[key] !== undefined) throw invalid(`unknown criterion "${key}".`);
  }
  const filter: SessionFilter = {};
  if (query.userId !== undefined) {
    if (typeof query.userId !== 'string' || query.userId.length === 0) throw invalid('userId must be a non-empty string.');
    filter.userId = query.userId;
  }
  if (query.states !== undefined) {
    const states = query.states;
    if (!Array.isArray(states) || states.length === 0 || !states.every((state) => SESSION_STATES.includes(state as SessionState))) {
      throw invalid(`states must be a non-empty list of ${SESSION_STATES.map((state) => `'${state}'`).join(', ')}.`);
    }
    filter.states = [...new Set(states as SessionState[])];
  }
  if (query.transport !== undefined) {
    if (query.transport !== 'header' && query.transport !== 'cookie') throw invalid("transport must be 'header' or 'cookie'.");
    filter.transport = query.transport;
  }
  for (const key of DATE_KEYS) {
    const value = query[key];
    if (value === undefined) continue;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(`${key} must be a valid Date.`);
    filter[key] = new Date(value);
  }
  return filter;
}

/** The page size: a whole number from 1 to {@link MAX_PAGE_SIZE}. */
export function checkLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${String(limit)}.`);
  }
  return limit;
}

/** The actor and note of an operator's revocation: short, non-empty text when given. */
export function checkAudit(options: { actor?: unknown; note?: unknown }): { actor?: string; note?: string } {
  const audit: { actor?: string; note?: string } = {};
  if (options.actor !== undefined) {
    if (typeof options.actor !== 'string' || options.actor.length === 0 || options.actor.length > MAX_ACTOR_LENGTH) {
      throw invalid(`actor must be a string of 1 to ${MAX_ACTOR_LENGTH} characters.`);
    }
    audit.actor = options.actor;
  }
  if (options.note !== undefined) {
    if (typeof options.note !== 'string' || options.note.length === 0 || options.note.length > MAX_NOTE_LENGTH) {
      throw invalid(`note must be a string of 1 to ${MAX_NOTE_LENGTH} characters.`);
    }
    audit.note = options.note;
  }
  return audit;
}

/** Every reason, as a record so that a reason added to the type must be added here too. */
const REASON_SET: Record<RevocationReason, true> = {
  logout: true,
  logout_everywhere: true,
  logout_other_devices: true,
  revoked: true,
  single_login: true,
  session_limit: true,
  refresh_token_reuse: true,
  admin: true,
  credentials_changed: true,
};
/** The revocation reasons, for messages and `--help`. */
export const REVOCATION_REASONS = Object.keys(REASON_SET) as RevocationReason[];

/** A revocation reason given at run time (a CLI flag, a form field). */
export function checkReason(reason: unknown): RevocationReason {
  if (typeof reason === 'string' && Object.hasOwn(REASON_SET, reason)) return reason as RevocationReason;
  throw invalid(`reason must be one of ${REVOCATION_REASONS.join(', ')}; got ${JSON.stringify(reason)}.`);
}

/**
 * The cursor of the page after `position`: opaque to callers (they pass it back unchanged), it
 * holds the keyset of the last session shown — never a token, and nothing a caller could use
 * to reach a session it could not list anyway.
 */
export function encodeCursor(position: SessionKeyset): string {
  return base64url(`${position.createdAt.getTime()}:${position.id}`);
}

/** The keyset a cursor from {@link encodeCursor} holds; `invalid_argument` for anything else. */
export function decodeCursor(cursor: unknown): SessionKeyset | null {
  if (cursor === undefined || cursor === null) return null;
  const text = typeof cursor === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? fromBase64url(cursor) : null;
  const match = text === null ? null : /^(\d{1,16}):(.+)$/.exec(text);
  if (match === null || !SESSION_ID_PATTERN.test(match[2]!)) throw invalid('cursor is not one that searchSessions returned.');
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string | null {
  try {
    return atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
}

function invalid(message: string): AuthentifyError {
  return new AuthentifyError('invalid_argument', message);
}
