/**
 * Seals a rotation's new token pair so that a retry with the replaced refresh token can get it
 * back, while the database alone yields nothing usable.
 *
 * - The key is HKDF-SHA-256 of the **replaced refresh token's plaintext** (the input keying
 *   material), with a random 16-byte salt stored in the envelope and an info label of its own,
 *   so it is separated from every other use of that token. Storage holds only the token's
 *   digest — SHA-2 of the token itself — from which HKDF's extract step (an HMAC keyed by the
 *   salt over the token) cannot be computed: the key needs the token.
 * - The cipher is AES-256-GCM with a random 12-byte IV. The additional data binds the envelope to
 *   the session id and the replaced token's digest, so a sealed pair copied to another session or
 *   another rotation does not open.
 * - The salt makes every key unique even if one token were ever sealed twice (a storage that
 *   broke its compare-and-swap), so an IV can never repeat under one key.
 *
 * On `node:crypto` where the runtime has it (Node, Bun, Deno: `hkdfSync` and `createCipheriv`,
 * synchronous, a few microseconds), else on WebCrypto (`crypto.subtle`, workerd; tens of
 * microseconds, mostly its promises and key imports). Both make and open the same envelopes
 * (`seal-cipher.ts`); core's default build has no `node:` import.
 */

import { fillRandom } from './random-pool.js';
import { type SealCipher, sealCipher } from './seal-cipher.js';

/** Marks the envelope format; a future change of scheme gets a new one. */
const VERSION = 'v1';
const INFO = new TextEncoder().encode('authentify refresh replay v1');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const defaultCipher = sealCipher();

/** Which implementation to use; tests force WebCrypto to prove both agree. [`node:crypto` where present] */
export interface SealOptions {
  preferWebCrypto?: boolean;
}

function cipherFor(options: SealOptions | undefined): SealCipher {
  return options?.preferWebCrypto === true ? sealCipher({ preferWebCrypto: true }) : defaultCipher;
}

/** The two tokens a rotation hands out. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** What the envelope is bound to: opening it under any other session or digest fails. */
export interface SealBinding {
  sessionId: string;
  replacedRefreshDigest: string;
}

/** Seals `pair` under a key derived from `replacedRefreshToken`; returns ASCII text (~260 characters). */
export async function sealTokenPair(pair: TokenPair, replacedRefreshToken: string, binding: SealBinding, options?: SealOptions): Promise<string> {
  const salt = fillRandom(new Uint8Array(SALT_BYTES));
  const iv = fillRandom(new Uint8Array(IV_BYTES));
  // Tokens are `[0-9A-Za-z_]` only, so a space separates them unambiguously.
  const plaintext = encoder.encode(`${pair.accessToken} ${pair.refreshToken}`);
  const input = { token: replacedRefreshToken, salt, info: INFO, iv, additionalData: additionalData(binding) };
  const sealed = cipherFor(options).encrypt(input, plaintext);
  const ciphertext = sealed instanceof Uint8Array ? sealed : await sealed;
  return [VERSION, toBase64Url(salt), toBase64Url(iv), toBase64Url(ciphertext)].join('.');
}

/**
 * Opens what {@link sealTokenPair} sealed; `null` when `sealed` is not an envelope of ours, or does
 * not open with this token and binding (wrong token, other session, tampered).
 */
export async function openTokenPair(sealed: string, replacedRefreshToken: string, binding: SealBinding, options?: SealOptions): Promise<TokenPair | null> {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  const salt = fromBase64Url(parts[1]!);
  const iv = fromBase64Url(parts[2]!);
  const ciphertext = fromBase64Url(parts[3]!);
  if (salt?.length !== SALT_BYTES || iv?.length !== IV_BYTES || ciphertext === null) return null;
  try {
    const input = { token: replacedRefreshToken, salt, info: INFO, iv, additionalData: additionalData(binding) };
    const opened = cipherFor(options).decrypt(input, ciphertext);
    const plaintext = opened instanceof Uint8Array ? opened : await opened;
    const [accessToken, refreshToken, ...rest] = decoder.decode(plaintext).split(' ');
    if (accessToken === undefined || refreshToken === undefined || rest.length > 0) return null;
    return { accessToken, refreshToken };
  } catch {
    // AES-GCM refuses anything that was not sealed with this key and additional data.
    return null;
  }
}

function additionalData(binding: SealBinding): Uint8Array<ArrayBuffer> {
  // NUL cannot occur in a session id or a hex digest, so the fields cannot run into each other.
  return encoder.encode(`authentify refresh replay v1\0${binding.sessionId}\0${binding.replacedRefreshDigest}`);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return null;
  }
}
