import type { DiagnosticsReporter } from '../diagnostics/reporter.js';
import { isLocalHostname, type RequestTarget } from './request-target.js';

const SECURE_ATTRIBUTE = /;\s*secure\s*(?:;|$)/i;

/**
 * Warns once when a `Secure` cookie goes out on a plain-http response from a host that is not
 * the local machine. The browser drops such a cookie without a word: the login answers 200 and
 * the next request is anonymous. It is almost always an app behind a TLS proxy that the adapter
 * does not trust (so it sees `http:`), or a development server reached by a LAN address.
 */
export function warnOnSecureCookieOverHttp(
  reporter: DiagnosticsReporter,
  target: RequestTarget,
  cookies: readonly string[],
): void {
  if (cookies.length === 0 || target.protocol !== 'http:' || target.host === null) return;
  if (isLocalHostname(target.hostname)) return;
  const secure = cookies.find((cookie) => SECURE_ATTRIBUTE.test(cookie));
  if (secure === undefined) return;
  const name = secure.slice(0, secure.indexOf('='));
  reporter.warnOnce(
    'secure-cookie-over-http',
    `The Secure cookie ${name} was sent in a response to http://${target.host}, and browsers drop Secure cookies ` +
      'received over plain http from a host other than localhost: the login looks successful, and the next request is ' +
      'anonymous. Serve the app over https (behind a TLS proxy, let the adapter see https — e.g. Express `app.set(\'trust proxy\', …)`), ' +
      'or for development only pass the adapter option `cookies: { secure: false }`. (Shown once per instance.)',
  );
}
