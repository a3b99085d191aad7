import type { SafeHtml } from './html.js';

/**
 * Every answer's security headers: nothing but the console's own stylesheet may load, forms post
 * only to it, no page can be framed, and no browser or proxy keeps a copy.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Keeps `Origin` on same-origin form posts (no-referrer would make it `null`) and leaks no
  // console URL, with its filters, to other sites.
  'referrer-policy': 'same-origin',
};

/** An HTML page. */
export function htmlResponse(page: SafeHtml, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(page.value, {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', ...headers },
  });
}

/** A 303 to a page of the console (the answer to a form post, so that reloading repeats nothing). */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { ...SECURITY_HEADERS, location } });
}
