import { request as sendHttpRequest } from 'node:http';
import { parseSetCookie, type SetCookie } from 'cookie';
import { CONFORMANCE_PATHS, type RecordedHookEvent } from './conformance-fixture.js';

/** A response as the suite inspects it. */
export interface ClientResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: any;
  readonly text: string;
  /** Each `Set-Cookie`, parsed. */
  readonly cookies: SetCookie[];
  /** The raw `Set-Cookie` values. */
  readonly rawCookies: string[];
}

/** What a test sends. `json` sets the body and its content type. */
export interface ClientRequest {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Uint8Array<ArrayBuffer>;
}

/** Tokens of a header session, as the login answer gave them. */
export interface HeaderLogin {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  body: any;
}

/** Cookie values of a cookie session, as its `Set-Cookie` headers gave them. */
export interface CookieLogin {
  access: string;
  refresh: string;
  sessionId: string;
  response: ClientResponse;
}

/** A small fetch-based client bound to one server, with the conformance app's shortcuts. */
export class ConformanceClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  /** The origin of the server, as a browser page of it would send in `Origin`. */
  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  async request(path: string, request: ClientRequest = {}): Promise<ClientResponse> {
    const headers: Record<string, string> = { ...request.headers };
    let body: string | Uint8Array<ArrayBuffer> | undefined = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: request.method ?? 'GET',
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    return clientResponse(response.status, response.headers, await response.text());
  }

  /**
   * Sends a body-less request with exactly these headers over `node:http`, as a browser would:
   * `fetch()` replaces `Sec-Fetch-Mode` with its own `cors`, so a navigation's Fetch Metadata
   * (`navigate`, `document`) can only be sent this way. Redirects are not followed.
   */
  browserRequest(path: string, request: { method?: string; headers?: Record<string, string> } = {}): Promise<ClientResponse> {
    return new Promise((resolve, reject) => {
      const outgoing = sendHttpRequest(
        new URL(`${this.baseUrl}${path}`),
        { method: request.method ?? 'GET', headers: request.headers ?? {}, timeout: 15_000 },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
            }
            resolve(clientResponse(incoming.statusCode ?? 0, headers, Buffer.concat(chunks).toString('utf8')));
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${path} within 15 s`)));
      outgoing.on('error', reject);
      outgoing.end();
    });
  }

  /** Logs in a header session through the app's login route. */
  async loginHeader(userId: string, context?: object): Promise<HeaderLogin> {
    const response = await this.request(CONFORMANCE_PATHS.login, {
      method: 'POST',
      json: { userId, transport: 'header', ...(context === undefined ? {} : { context }) },
    });
    if (response.status !== 200) throw new Error(`header login failed: ${response.status} ${response.text}`);
    return {
      accessToken: response.json.accessToken,
      refreshToken: response.json.refreshToken,
      sessionId: response.json.session.id,
      body: response.json,
    };
  }

  /** Logs in a cookie session through the app's login route. */
  async loginCookie(userId: string, context?: object, headers: Record<string, string> = {}): Promise<CookieLogin> {
    const response = await this.request(CONFORMANCE_PATHS.login, {
      method: 'POST',
      headers,
      json: { userId, transport: 'cookie', ...(context === undefined ? {} : { context }) },
    });
    if (response.status !== 200) throw new Error(`cookie login failed: ${response.status} ${response.text}`);
    const access = cookieValue(response, 'afy_access');
    const refresh = cookieValue(response, 'afy_refresh');
    if (access === undefined || refresh === undefined) throw new Error(`cookie login set no cookies: ${response.rawCookies.join(' | ')}`);
    return { access, refresh, sessionId: response.json.session.id, response };
  }

  /** Moves the server's test clock forward. */
  async advanceClock(milliseconds: number): Promise<void> {
    await this.control({ advanceClockMs: milliseconds });
  }

  /** Records a re-authentication of the session, as the app would after a password re-check. */
  async reauthenticate(sessionId: string): Promise<void> {
    await this.control({ reauthenticateSessionId: sessionId });
  }

  /** Runs `task` while the server's storage fails, restoring it afterwards whatever happens. */
  async withStorageOutage<T>(task: () => Promise<T>): Promise<T> {
    await this.control({ storageFailing: true });
    try {
      return await task();
    } finally {
      await this.control({ storageFailing: false });
    }
  }

  /** The hook events the app recorded for requests with the probe header, oldest first (then forgotten). */
  async takeHookEvents(): Promise<RecordedHookEvent[]> {
    const response = await this.request(CONFORMANCE_PATHS.control, { method: 'POST', json: { takeHookEvents: true } });
    if (response.status !== 200) throw new Error(`control failed: ${response.status} ${response.text}`);
    return response.json.hookEvents as RecordedHookEvent[];
  }

  private async control(body: object): Promise<void> {
    const response = await this.request(CONFORMANCE_PATHS.control, { method: 'POST', json: body });
    if (response.status !== 200) throw new Error(`control failed: ${response.status} ${response.text}`);
  }
}

function clientResponse(status: number, headers: Headers, text: string): ClientResponse {
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const rawCookies = headers.getSetCookie();
  return { status, headers, json, text, rawCookies, cookies: rawCookies.map((value) => parseSetCookie(value)) };
}

/** The value a response's `Set-Cookie` gives cookie `name`, if it sets it. */
export function cookieValue(response: ClientResponse, name: string): string | undefined {
  return response.cookies.find((cookie) => cookie.name === name)?.value;
}

/** The parsed `Set-Cookie` for `name`, failing loudly when absent. */
export function setCookieOf(response: ClientResponse, name: string): SetCookie {
  const cookie = response.cookies.find((candidate) => candidate.name === name);
  if (cookie === undefined) throw new Error(`no Set-Cookie for ${name}: ${response.rawCookies.join(' | ') || '(none)'}`);
  return cookie;
}

/** `Authorization` header for a token. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** `Cookie` header carrying the access cookie. */
export const accessCookieHeader = (token: string): Record<string, string> => ({ cookie: `afy_access=${token}` });
