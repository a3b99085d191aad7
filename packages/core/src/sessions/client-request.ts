import type { RequestView } from '../credentials/request-view.js';

/**
 * Where a client's IP address comes from (the `trustProxy` option):
 *
 * - `false`: the connection's peer address — right when clients connect to the server directly.
 * - a number `n` (1–32): `n` proxies you run stand in front of the server, each appending the
 *   address it saw to `X-Forwarded-For`; the client is the address `n` hops from the right of
 *   that list followed by the peer. Entries further left are the client's own say and are
 *   never believed.
 * - `{ header }`: a single-address header set by your platform and stripped from what clients
 *   send (`cf-connecting-ip`, `fly-client-ip`, `x-real-ip` behind a proxy that sets it).
 */
export type TrustProxy = false | number | { readonly header: string };

/**
 * The request as hooks see it: the same fields whatever the adapter. Fields the adapter cannot
 * know are `null` (a token authenticated outside HTTP has no method or path; a fetch runtime
 * gives no peer address unless the adapter is told how to find it).
 */
export interface ClientRequest {
  /** `GET`, `POST`, … */
  readonly method: string | null;
  /** The URL's path, without the query, e.g. `/account/settings`. */
  readonly path: string | null;
  /** The client's IP address as `trustProxy` says to find it; `null` when unknown or not an address. */
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Any header by name (case-insensitive); repeated headers joined with `", "`. */
  header(name: string): string | null;
}

/** Longest textual IPv6 address with an embedded IPv4 one. */
const MAX_IP_LENGTH = 45;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*$/;

/**
 * `text` as an IP address in canonical spelling — IPv4-mapped IPv6 (`::ffff:1.2.3.4`, as Node
 * reports IPv4 peers on dual-stack sockets) as plain IPv4, IPv6 lower-case without brackets or
 * zone — or `null` when it is not one. Headers are client input: nothing else gets through.
 */
export function normalizeIp(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  let candidate = text.trim().toLowerCase();
  if (candidate.startsWith('[')) candidate = candidate.slice(1, candidate.indexOf(']') === -1 ? undefined : candidate.indexOf(']'));
  const zone = candidate.indexOf('%');
  if (zone !== -1) candidate = candidate.slice(0, zone);
  if (candidate.startsWith('::ffff:') && IPV4.test(candidate.slice(7))) candidate = candidate.slice(7);
  if (candidate.length === 0 || candidate.length > MAX_IP_LENGTH) return null;
  if (IPV4.test(candidate)) return candidate;
  return IPV6.test(candidate) && ipv6Groups(candidate) !== null ? candidate : null;
}

/**
 * The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail counts as two), or `null`
 * when it is not a valid one.
 */
export function ipv6Groups(address: string): number[] | null {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (`::1.2.3.4`) is the last two groups, written in decimal.
    if (!IPV4.test(last)) return null;
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if ([...head, ...tail].some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return null;
  const missing = 8 - head.length - tail.length;
  // `::` stands for at least one zero group; without it, all eight must be written.
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const zeros = Array<string>(halves.length === 2 ? missing : 0).fill('0');
  return [...head, ...zeros, ...tail].map((group) => Number.parseInt(group, 16));
}

/** The client's IP address of `view`, as `trustProxy` says to find it. */
export function clientIp(view: RequestView, trustProxy: TrustProxy): string | null {
  if (trustProxy === false) return normalizeIp(view.remoteAddress);
  if (typeof trustProxy === 'object') return normalizeIp(view.header(trustProxy.header));
  const forwarded = (view.header('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim()).filter((hop) => hop !== '');
  // The peer is the last hop; when the adapter does not know it, the last proxy still counts as one.
  const chain = [...forwarded, view.remoteAddress ?? ''];
  return normalizeIp(chain[Math.max(0, chain.length - 1 - trustProxy)]);
}

/**
 * The {@link ClientRequest} of a request view. Each field is worked out when first read, so a
 * request that no hook looks at costs nothing but this object.
 */
export function clientRequestOf(view: RequestView, trustProxy: TrustProxy): ClientRequest {
  let ip: string | null | undefined;
  let path: string | null | undefined;
  return {
    method: view.method ?? null,
    get path() {
      return (path ??= pathOf(view.url));
    },
    get ip() {
      if (ip === undefined) ip = clientIp(view, trustProxy);
      return ip;
    },
    get userAgent() {
      return view.header('user-agent') ?? null;
    },
    header: (name) => view.header(name.toLowerCase()) ?? null,
  };
}

function pathOf(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return null; // a hostile Host header can make the URL unparsable
  }
}
