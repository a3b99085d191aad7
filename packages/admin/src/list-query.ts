import type { SessionFilter, SessionState } from '@authentify/core';
import { BadInput } from './bad-input.js';

/** The list page's filters as the form and the links carry them (`?userId=…&state=live…`). */
export interface ListQuery {
  filter: SessionFilter;
  cursor: string | null;
}

const STATES: readonly SessionState[] = ['live', 'expired', 'revoked'];
const DATE_FIELDS = ['createdFrom', 'createdUntil', 'lastUsedFrom', 'lastUsedUntil'] as const;
const KNOWN = new Set(['userId', 'state', 'transport', 'cursor', 'notice', ...DATE_FIELDS]);
/** Longest user id the storage keeps (`user_id` is 255 characters). */
export const MAX_USER_ID_LENGTH = 255;
const MAX_CURSOR_LENGTH = 512;

/**
 * Reads the list's query string. Empty fields are absent (a submitted form sends every field);
 * anything else that is malformed or out of range is a {@link BadInput}, never a guess.
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  for (const key of params.keys()) if (!KNOWN.has(key)) throw new BadInput(`unknown parameter "${key.slice(0, 40)}".`);
  const filter: SessionFilter = {};
  const userId = single(params, 'userId');
  if (userId !== null) {
    if (userId.length > MAX_USER_ID_LENGTH) throw new BadInput(`userId is longer than ${MAX_USER_ID_LENGTH} characters.`);
    filter.userId = userId;
  }
  const states = params.getAll('state').filter((state) => state !== '');
  if (states.length > 0) {
    if (!states.every((state) => STATES.includes(state as SessionState))) throw new BadInput('state must be live, expired or revoked.');
    filter.states = [...new Set(states as SessionState[])];
  }
  const transport = single(params, 'transport');
  if (transport !== null) {
    if (transport !== 'header' && transport !== 'cookie') throw new BadInput('transport must be header or cookie.');
    filter.transport = transport;
  }
  for (const field of DATE_FIELDS) {
    const value = single(params, field);
    if (value !== null) filter[field] = parseDate(field, value);
  }
  const cursor = single(params, 'cursor');
  if (cursor !== null && cursor.length > MAX_CURSOR_LENGTH) throw new BadInput('cursor is not one this console made.');
  return { filter, cursor };
}

/** The query string that shows these filters again, e.g. for the next page's link. */
export function listQueryString(filter: SessionFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.userId !== undefined) params.set('userId', filter.userId);
  for (const state of filter.states ?? []) params.append('state', state);
  if (filter.transport !== undefined) params.set('transport', filter.transport);
  for (const field of DATE_FIELDS) {
    const value = filter[field];
    if (value !== undefined) params.set(field, value.toISOString());
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function single(params: URLSearchParams, key: string): string | null {
  const values = params.getAll(key);
  if (values.length > 1) throw new BadInput(`${key} was given more than once.`);
  const value = values[0]?.trim();
  return value === undefined || value === '' ? null : value;
}

/** `2030-04-01`, `2030-04-01T09:30` (what `<input type="datetime-local">` sends) or a full ISO time; UTC unless it says otherwise. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function parseDate(field: string, value: string): Date {
  const match = DATE.exec(value);
  if (match === null) throw new BadInput(`${field} must be a date such as 2030-04-01 or 2030-04-01T09:30 (UTC).`);
  const withTime = match[4] === undefined ? `${value}T00:00:00Z` : match[7] === undefined ? `${value}Z` : value;
  const date = new Date(withTime);
  // `new Date` rolls 2030-02-31 over to March; a date without an offset must come back as given.
  const sameDay = match[7] !== undefined || (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value.slice(0, 10));
  if (Number.isNaN(date.getTime()) || Number(match[1]) < 1970 || !sameDay) throw new BadInput(`${field} is not a real date.`);
  return date;
}
