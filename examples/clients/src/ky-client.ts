import ky, { type KyInstance } from 'ky';

/** What login and refresh answer with. Both tokens change on every refresh. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface KyClientOptions {
  /** The API's origin, such as `'https://api.example.com'`. */
  baseUrl: string;
  /** The refresh route. [`'/auth/refresh'`] */
  refreshPath?: string;
  /** Receives every rotated pair, to persist both tokens (Keychain, Keystore, a 0600 file). [none] */
  onTokens?: (tokens: TokenPair) => void;
  /** Called once when the session is over (refresh refused, session revoked), with the server's code. */
  onLoggedOut: (code: string | null) => void;
}

export interface KyClient {
  /** The ky instance to call the API with: `api.get('data')` (no leading slash with `prefixUrl`). */
  readonly api: KyInstance;
  /** Starts using a pair: the login answer, or one the app persisted. */
  signIn(tokens: TokenPair): void;
  /** The pair in use, or `null` once the session is over. */
  readonly tokens: TokenPair | null;
}

/**
 * A ky instance for header tokens: one refresh for every request that met the expired token, each
 * retried once with the new one through `ky.retry()` (which counts against `retry.limit`, so keep
 * it at 1 or more; the default is 2).
 *
 * @example
 * ```ts
 * const client = createKyClient({ baseUrl: 'https://api.example.com', onLoggedOut: () => showLogin() });
 * client.signIn(await client.api.post('login', { json: credentials }).json());
 * const data = await client.api.get('data').json();
 * ```
 */
export function createKyClient(options: KyClientOptions): KyClient {
  const refreshUrl = options.baseUrl + (options.refreshPath ?? '/auth/refresh');
  let tokens: TokenPair | null = null;
  let refreshing: Promise<boolean> | null = null;

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
    // Plain ky, not `api`: the refresh call must not go through the hooks below.
    const response = await ky.post(refreshUrl, { json: { refreshToken: expired.refreshToken }, throwHttpErrors: false, retry: 0 });
    if (response.ok) {
      const { accessToken, refreshToken } = await response.json<TokenPair>();
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

  const api = ky.create({
    prefixUrl: options.baseUrl,
    hooks: {
      beforeRequest: [
        async (request) => {
          if (refreshing !== null) await refreshing.catch(() => false); // do not send a token being replaced
          if (tokens === null) request.headers.delete('authorization');
          else request.headers.set('authorization', `Bearer ${tokens.accessToken}`);
        },
      ],
      afterResponse: [
        async (request, _options, response) => {
          const current = tokens;
          if (response.status !== 401 || current === null) return;
          // Rotated while this request was out (its 401 may say `invalid`): retry with the new token.
          if (request.headers.get('authorization') !== `Bearer ${current.accessToken}`) return ky.retry({ delay: 0, code: 'TOKEN_ROTATED' });
          const code = await errorCode(response);
          if (code !== 'expired') return endSession(current, code);
          if (await refreshOnce(current)) return ky.retry({ delay: 0, code: 'TOKEN_REFRESHED' });
        },
      ],
    },
  });

  return {
    api,
    signIn(pair) {
      tokens = pair;
    },
    get tokens() {
      return tokens;
    },
  };
}

/** The stable code of an Authentify refusal (`{ "error": code, "message": … }`), or null. */
async function errorCode(response: Response): Promise<string | null> {
  const body = (await response.clone().json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : null;
}
