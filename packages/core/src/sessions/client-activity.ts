import type { RequestView } from '../credentials/request-view.js';
import type { SessionRecord } from '../storage/session-record.js';
import { type ClientInfo, clientChanged, type ClientChangeRule } from './client-change.js';
import { type ClientRequest, clientRequestOf, type TrustProxy } from './client-request.js';

/** Longest `User-Agent` kept with a session; real ones are a few hundred characters. */
export const MAX_USER_AGENT_LENGTH = 512;

/** The hooks' view of `view`, or `null` when the call came without a request. */
export function hookRequest(view: RequestView | undefined | null, trustProxy: TrustProxy): ClientRequest | null {
  return view === undefined || view === null ? null : clientRequestOf(view, trustProxy);
}

/** Where `request` came from, as the session record keeps it; `null` without a request. */
export function clientInfoOf(request: ClientRequest | null): ClientInfo | null {
  if (request === null) return null;
  return { ip: request.ip, userAgent: keptUserAgent(request.userAgent) };
}

/** What the record held until now. */
export function recordedClient(record: SessionRecord): ClientInfo {
  return { ip: record.lastIp, userAgent: record.lastUserAgent };
}

/**
 * The client fields an activity write stores: what this request tells, and what the record
 * already knew for the fields it does not (a token checked outside HTTP keeps the last IP).
 */
export function clientFields(record: SessionRecord, current: ClientInfo | null): Pick<SessionRecord, 'lastIp' | 'lastUserAgent'> {
  return { lastIp: current?.ip ?? record.lastIp, lastUserAgent: current?.userAgent ?? record.lastUserAgent };
}

/**
 * What a listening `onClientChange` hook needs of this request: whether it is a move by `rule`
 * (`moved`), and whether the place must be written now rather than at the next throttled write
 * (`writeNow`) — on a move, and on the first sighting of a session that had no place recorded,
 * so that the move after it is recognised. Nothing is asked when no hook listens: without one no
 * request pays for it.
 */
export function clientChangeOf(
  listening: boolean,
  rule: ClientChangeRule,
  record: SessionRecord,
  current: ClientInfo | null,
): { moved: boolean; writeNow: boolean } {
  if (!listening || current === null) return { moved: false, writeNow: false };
  const moved = clientChanged(rule, recordedClient(record), current);
  const firstSighting = (record.lastIp === null && current.ip !== null) || (record.lastUserAgent === null && current.userAgent !== null);
  return { moved, writeNow: moved || firstSighting };
}

/**
 * A `User-Agent` cut to what storage keeps, never between the two halves of a surrogate pair
 * (a lone half is not valid UTF-8, and databases refuse or mangle it).
 */
export function keptUserAgent(userAgent: string | null): string | null {
  if (userAgent === null || userAgent.length <= MAX_USER_AGENT_LENGTH) return userAgent;
  const cut = userAgent.slice(0, MAX_USER_AGENT_LENGTH);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
