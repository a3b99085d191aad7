/** The parts of a request's URL that HTTP decisions depend on; `null` when the URL is unparsable. */
export interface RequestTarget {
  /** `http:` or `https:` (as the adapter saw it, e.g. after `trust proxy` in Express). */
  readonly protocol: string | null;
  /** Lower-case host with port, as in the `Host` header: `app.example`, `127.0.0.1:3000`. */
  readonly host: string | null;
  /** Lower-case host name without port; IPv6 in brackets: `[::1]`. */
  readonly hostname: string | null;
  /** The path, still percent-encoded, without the query: `/auth/sessions/abc`. */
  readonly pathname: string | null;
  /** The query string with its `?`, still percent-encoded, or `''`: `?return_to=%2Fdevices`. */
  readonly search: string;
}

const UNKNOWN: RequestTarget = { protocol: null, host: null, hostname: null, pathname: null, search: '' };

/**
 * Parses {@link HttpRequest.url}. Never throws: a URL that a hostile `Host` header made
 * unparsable yields nulls, which match no route, no same-origin check and no localhost rule.
 */
export function parseRequestTarget(url: string): RequestTarget {
  if (typeof url !== 'string' || url.length === 0) return UNKNOWN;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return UNKNOWN;
  }
  if (parsed.host === '') return UNKNOWN;
  return {
    protocol: parsed.protocol,
    host: parsed.host.toLowerCase(),
    hostname: parsed.hostname.toLowerCase(),
    pathname: parsed.pathname,
    search: parsed.search,
  };
}

/**
 * The host (with port) of an `Origin` header value, or `null` for `null`, several origins, or
 * anything that is not an http(s) origin.
 */
export function originHost(origin: string): string | null {
  const value = origin.trim();
  if (value === '' || value === 'null' || value.includes(',') || value.includes(' ')) return null;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.host.toLowerCase();
  } catch {
    return null;
  }
}

/** Host names a browser treats as the local machine: cookies there need not be `Secure`. */
export function isLocalHostname(hostname: string | null): boolean {
  if (hostname === null) return false;
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname)
  );
}
