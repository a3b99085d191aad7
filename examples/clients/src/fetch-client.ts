/** What login and refresh answer with. Both tokens change on every refresh. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface FetchClientOptions {
  /** The API's origin, such as `'https://api.example.com'`. */
  baseUrl: string;
  /** The refresh route. [`'/auth/refresh'`] */
  refreshPath?: string;
  /** Receives every rotated pair, to persist both tokens (Keychain, Keystore, a 0600 file). [none] */
  onTokens?: (tokens: TokenPair) => void;
  /** Called once when the session is over (refresh refused, session revoked), with the server's code. */
  onLoggedOut: (code: string | null) => void;
}

export interface FetchClient {
  /** Starts using a pair: the login answer, or one the app persisted. */
  signIn(tokens: TokenPair): void;
  /** The pair in use, or `null` once the session is over. */
  readonly tokens: TokenPair | null;
  /**
   * `fetch(baseUrl + path)` with the access token. On 401 `expired` it waits for the one shared
   * refresh and sends the request once more, so the body must be re-sendable (a string, not a stream).
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * A `fetch` wrapper for header tokens: one refresh for every request that met the expired token.
 *
 * @example
 * ```ts
 * const api = createFetchClient({ baseUrl: 'https://api.example.com', onLoggedOut: () => showLogin() });
 * api.signIn(await (await fetch('https://api.example.com/login', { method: 'POST', body })).json());
 * const response = await api.fetch('/data');
 * ```
 */
export function createFetchClient(options: FetchClientOptions): FetchClient {
  const refreshUrl = options.baseUrl + (options.refreshPath ?? '/auth/refresh');
  let tokens: TokenPair | null = null;
  let refreshing: Promise<boolean> | null = null;

  function send(path: string, init: RequestInit | undefined, pair: TokenPair | null): Promise<Response> {
    const headers = new Headers(init?.headers);
    if (pair !== null) headers.set('authorization', `Bearer ${pair.accessToken}`);
    return fetch(options.baseUrl + path, { ...init, headers });
  }

  function endSession(ended: TokenPair, code: string | null): void {
    if (tokens !== ended) return; // already replaced or ended: report the end once
    tokens = null;
    options.onLoggedOut(code);
  }

  /** True once `expired` has been replaced by a new pair; false when the session is over. */
  function refreshOnce(expired: TokenPair): Promise<boolean> {
    // A concurrent caller may have rotated already: refreshing again would present a refresh
    // token that is no longer current, which the server refuses.
    if (tokens !== expired) return Promise.resolve(tokens !== null);
    refreshing ??= rotate(expired).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function rotate(expired: TokenPair): Promise<boolean> {
    const response = await fetch(refreshUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: expired.refreshToken }),
    });
    if (response.ok) {
      const { accessToken, refreshToken } = (await response.json()) as TokenPair;
      tokens = { accessToken, refreshToken };
      options.onTokens?.(tokens);
      return true;
    }
    // 401 (reused, expired, revoked…) or 409 (another holder of this token rotated it): this pair is finished.
    if (response.status === 401 || response.status === 409) {
      endSession(expired, await errorCode(response));
      return false;
    }
    // 503 and the like: nothing changed on the server. Keep the pair; the next request tries again.
    throw new Error(`refresh failed: HTTP ${response.status}`);
  }

  return {
    signIn(pair) {
      tokens = pair;
    },
    get tokens() {
      return tokens;
    },
    async fetch(path, init) {
      if (refreshing !== null) await refreshing.catch(() => false); // do not send a token being replaced
      const used = tokens;
      const response = await send(path, init, used);
      if (response.status !== 401 || used === null) return response;
      // Rotated while this request was out (its 401 may say `invalid`): retry with the new token.
      if (tokens !== used) return tokens === null ? response : send(path, init, tokens);
      const code = await errorCode(response);
      if (code !== 'expired') {
        endSession(used, code);
        return response;
      }
      return (await refreshOnce(used)) ? send(path, init, tokens) : response;
    },
  };
}

/** The stable code of an Authentify refusal (`{ "error": code, "message": … }`), or null. */
async function errorCode(response: Response): Promise<string | null> {
  const body = (await response.clone().json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : null;
}
