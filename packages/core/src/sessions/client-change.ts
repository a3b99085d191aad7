import { ipv6Groups } from './client-request.js';

/** Where a session was used from: what the last-used record keeps. */
export interface ClientInfo {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/**
 * When a session's use counts as coming from somewhere new (the `clientChange` option), which
 * fires the `onClientChange` hook:
 *
 * - `'network'`: the IP address moved to another network — another IPv4 /24 or IPv6 /64. A phone
 *   hopping between addresses of one provider's block stays quiet; a different provider or
 *   country does not.
 * - `'ip'`: any other IP address.
 * - `'network_or_user_agent'`: another network, or another `User-Agent` (a browser update counts).
 * - a function of the previous and the current client, `true` for a change.
 *
 * An unknown side (`null`: never recorded, or not known to the adapter) is never a change.
 */
export type ClientChangeRule = 'network' | 'ip' | 'network_or_user_agent' | ((previous: ClientInfo, current: ClientInfo) => boolean);

export const CLIENT_CHANGE_RULES: readonly string[] = ['network', 'ip', 'network_or_user_agent'];

/** Whether `current` differs from `previous` as `rule` says. */
export function clientChanged(rule: ClientChangeRule, previous: ClientInfo, current: ClientInfo): boolean {
  if (typeof rule === 'function') return rule(previous, current);
  const ipMoved = previous.ip !== null && current.ip !== null && previous.ip !== current.ip;
  if (rule === 'ip') return ipMoved;
  const networkMoved = ipMoved && networkOf(previous.ip!) !== networkOf(current.ip!);
  if (rule === 'network') return networkMoved;
  const agentMoved = previous.userAgent !== null && current.userAgent !== null && previous.userAgent !== current.userAgent;
  return networkMoved || agentMoved;
}

/** The /24 of an IPv4 address, the /64 of an IPv6 one (normalised addresses only). */
export function networkOf(ip: string): string {
  if (!ip.includes(':')) return ip.slice(0, ip.lastIndexOf('.'));
  const groups = ipv6Groups(ip);
  return groups === null ? ip : groups.slice(0, 4).join(':');
}
