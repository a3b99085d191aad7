import axios, { type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { createAuthRefresh } from 'axios-auth-refresh';

/** What login and refresh answer with. Both tokens change on every refresh. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface AxiosClientOptions {
  /** The API's origin, such as `'https://api.example.com'`. */
  baseUrl: string;
  /** The refresh route. [`'/auth/refresh'`] */
  refreshPath?: string;
  /** Receives every rotated pair, to persist both tokens (Keychain, Keystore, a 0600 file). [none] */
  onTokens?: (tokens: TokenPair) => void;
  /** Called once when the session is over (refresh refused, session revoked), with the server's code. */
  onLoggedOut: (code: string | null) => void;
}

export interface AxiosClient {
  /** The axios instance to call the API with: `api.get('/data')`. */
  readonly api: AxiosInstance;
  /** Starts using a pair: the login answer, or one the app persisted. */
  signIn(tokens: TokenPair): void;
  /** The pair in use, or `null` once the session is over. */
  readonly tokens: TokenPair | null;
}

/**
 * An axios instance for header tokens, refreshed by axios-auth-refresh: one refresh for every
 * request that met the expired token, each retried once with the new one.
 *
 * @example
 * ```ts
 * const client = createAxiosClient({ baseUrl: 'https://api.example.com', onLoggedOut: () => showLogin() });
 * client.signIn((await client.api.post('/login', credentials)).data);
 * const { data } = await client.api.get('/data');
 * ```
 */
export function createAxiosClient(options: AxiosClientOptions): AxiosClient {
  const refreshUrl = options.baseUrl + (options.refreshPath ?? '/auth/refresh');
  let tokens: TokenPair | null = null;
  const api = axios.create({ baseURL: options.baseUrl });

  function endSession(ended: TokenPair, code: string | null): void {
    if (tokens !== ended) return; // already replaced or ended: report the end once
    tokens = null;
    options.onLoggedOut(code);
  }

  // Every attempt, retries included, carries the token that is current when it is sent.
  api.interceptors.request.use((config) => {
    if (tokens === null) config.headers.delete('authorization');
    else config.headers.set('authorization', `Bearer ${tokens.accessToken}`);
    return config;
  });

  /** The request was sent with a token that has been replaced since: it only needs a retry. */
  const sentWithOldToken = (error: AxiosError): boolean =>
    tokens !== null && bearerToken(error.config) !== tokens.accessToken;

  createAuthRefresh(
    api as unknown as AuthRefreshInstance,
    async (failed: AxiosError) => {
      const expired = tokens;
      if (expired === null) throw failed;
      // A 401 that arrives after another request's refresh finished: a second refresh would
      // present a refresh token that is no longer current, which the server refuses.
      if (sentWithOldToken(failed)) return;
      // Plain axios, not `api`: the refresh call must not go through this instance's interceptors.
      const response = await axios.post(refreshUrl, { refreshToken: expired.refreshToken }, { validateStatus: () => true });
      if (response.status === 200) {
        const { accessToken, refreshToken } = response.data as TokenPair;
        tokens = { accessToken, refreshToken };
        options.onTokens?.(tokens);
        return;
      }
      // 401 (reused, expired, revoked…) or 409 (another holder of this token rotated it): this pair is finished.
      if (response.status === 401 || response.status === 409) {
        endSession(expired, errorCode(response.data));
        throw failed;
      }
      // 503 and the like: nothing changed on the server. Keep the pair; the next request tries again.
      throw new Error(`refresh failed: HTTP ${response.status}`);
    },
    {
      // The stable code, not the status alone: only an expired access token is worth a refresh.
      shouldRefresh: (error) => error.response?.status === 401 && (errorCode(error.response.data) === 'expired' || sentWithOldToken(error)),
      // With the default (true), a 401 that arrives while the refresh is in flight is rejected
      // instead of waiting for it. false still shares the refresh in flight (and still holds new
      // requests until it ends); the retries are marked so they are never intercepted again.
      deduplicateRefresh: false,
    },
  );

  // Any other 401 for the current token (revoked, user gone): the session is over, no retry.
  api.interceptors.response.use(undefined, (error: unknown) => {
    if (axios.isAxiosError(error) && error.response?.status === 401 && tokens !== null && !sentWithOldToken(error)) {
      endSession(tokens, errorCode(error.response.data));
    }
    return Promise.reject(error);
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

// axios-auth-refresh's type declarations are read as CommonJS (its package.json has no `"type"`),
// so they name axios's CommonJS types, which TypeScript keeps apart from the ES-module ones this
// file imports. At run time both are the same instance.
type AuthRefreshInstance = Parameters<typeof createAuthRefresh>[0];

function bearerToken(config: InternalAxiosRequestConfig | undefined): string | null {
  const header = config?.headers.get('authorization');
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

/** The stable code of an Authentify refusal (`{ "error": code, "message": … }`), or null. */
function errorCode(body: unknown): string | null {
  const code = (body as { error?: unknown } | null)?.error;
  return typeof code === 'string' ? code : null;
}
