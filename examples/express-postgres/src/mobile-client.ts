import type { DeviceContext } from './auth.js';

/** The token pair an app keeps in its secure storage (Keychain, Keystore). */
interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * The client side of header tokens, as a mobile app does it: log in once, send the access token
 * with every request, and when the server answers 401 `expired`, rotate the pair with the refresh
 * token and retry — once, and with one refresh shared by every request that hit the expiry at the
 * same moment (two refreshes with one token would be one too many: the second is refused as
 * superseded, or, after the grace window, treated as theft).
 */
export class MobileClient {
  #tokens: TokenPair | null = null;
  #refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly device: DeviceContext,
  ) {}

  get signedIn(): boolean {
    return this.#tokens !== null;
  }

  /** The refresh token held now (for the tests' thief). */
  get refreshToken(): string | null {
    return this.#tokens?.refreshToken ?? null;
  }

  async logIn(email: string, password: string): Promise<void> {
    const response = await this.#post('/api/login', { email, password, device: this.device });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    this.#tokens = (await response.json()) as TokenPair;
  }

  /**
   * A request with the access token, refreshed once if it expired. A 401 for a token that is no
   * longer the current one (a concurrent request refreshed in the meantime) is retried with the
   * current token rather than refreshing again — a second rotation would pull the new token from
   * under the requests already retrying with it.
   */
  async request(path: string): Promise<Response> {
    const used = this.#tokens;
    const first = await this.#authorized(path, used);
    if (first.status !== 401 || used === null) return first;
    if (this.#tokens !== used) return this.#authorized(path, this.#tokens);
    if ((await errorCode(first)) !== 'expired') {
      this.#tokens = null; // revoked, or the user is gone: log in again
      return first;
    }
    return (await this.#refreshOnce(used)) ? this.#authorized(path, this.#tokens) : first;
  }

  async logOut(): Promise<void> {
    if (this.#tokens === null) return;
    await fetch(`${this.baseUrl}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${this.#tokens.accessToken}` } });
    this.#tokens = null;
  }

  #authorized(path: string, tokens: TokenPair | null): Promise<Response> {
    const headers: Record<string, string> = tokens === null ? {} : { authorization: `Bearer ${tokens.accessToken}` };
    return fetch(`${this.baseUrl}${path}`, { headers });
  }

  /** One refresh at a time; concurrent callers wait for it and share its outcome. */
  #refreshOnce(expired: TokenPair): Promise<boolean> {
    this.#refreshing ??= this.#refresh(expired).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(expired: TokenPair): Promise<boolean> {
    if (this.#tokens !== expired) return this.#tokens !== null; // refreshed (or signed out) meanwhile
    const response = await this.#post('/auth/refresh', { refreshToken: expired.refreshToken });
    if (response.status === 200) {
      this.#tokens = (await response.json()) as TokenPair;
      return true;
    }
    // 409 superseded: another copy of this app rotated a moment ago; the session is fine, but this
    // copy's tokens are old. Anything else (401 reused, expired, revoked): the session is over.
    this.#tokens = null;
    return false;
  }

  #post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

async function errorCode(response: Response): Promise<string | null> {
  const body = (await response.clone().json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : null;
}
