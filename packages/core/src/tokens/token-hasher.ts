import { nodeCryptoModule } from './node-crypto.js';

/** The digest algorithms accepted for tokens at rest: SHA-2 only, nothing broken or truncated. */
export type TokenHashAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

export const TOKEN_HASH_ALGORITHMS: readonly TokenHashAlgorithm[] = ['SHA-256', 'SHA-384', 'SHA-512'];

/** Which implementation computes digests: `node:crypto`'s one-shot hash, or WebCrypto. */
export type HasherImplementation = 'node-crypto' | 'webcrypto';

/**
 * Turns a token into the lower-case hex digest that storage keys sessions by. Synchronous on
 * Node, Bun and Deno (`node:crypto`, well under a microsecond); a promise on runtimes that only
 * have WebCrypto (`crypto.subtle.digest`, ~30 µs on Node — hence not the default there).
 */
export interface TokenHasher {
  readonly algorithm: TokenHashAlgorithm;
  readonly implementation: HasherImplementation;
  digest(token: string): string | Promise<string>;
}

/** The slice of `node:crypto` the hasher uses, declared here so the build needs no Node types. */
interface NodeCryptoSubset {
  hash?: (algorithm: string, data: string, outputEncoding: 'hex') => string;
  createHash: (algorithm: string) => {
    update(data: string, inputEncoding: 'utf8'): { digest(encoding: 'hex'): string };
  };
}

const NODE_ALGORITHM_NAMES: Record<TokenHashAlgorithm, string> = {
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

const nodeCrypto = typeof nodeCryptoModule?.createHash === 'function' ? (nodeCryptoModule as unknown as NodeCryptoSubset) : undefined;

/**
 * Creates the hasher for `algorithm`, on `node:crypto` where the runtime has it and WebCrypto
 * elsewhere. `preferWebCrypto` forces WebCrypto (tests use it to prove both paths agree).
 */
export function createTokenHasher(
  algorithm: TokenHashAlgorithm,
  options: { preferWebCrypto?: boolean } = {},
): TokenHasher {
  if (nodeCrypto !== undefined && options.preferWebCrypto !== true) {
    return createNodeHasher(algorithm, nodeCrypto);
  }
  return createWebCryptoHasher(algorithm);
}

function createNodeHasher(algorithm: TokenHashAlgorithm, crypto: NodeCryptoSubset): TokenHasher {
  const name = NODE_ALGORITHM_NAMES[algorithm];
  const oneShot = crypto.hash;
  const digest =
    typeof oneShot === 'function'
      ? (token: string): string => oneShot(name, token, 'hex')
      : (token: string): string => crypto.createHash(name).update(token, 'utf8').digest('hex');
  return { algorithm, implementation: 'node-crypto', digest };
}

function createWebCryptoHasher(algorithm: TokenHashAlgorithm): TokenHasher {
  const encoder = new TextEncoder();
  return {
    algorithm,
    implementation: 'webcrypto',
    async digest(token) {
      const buffer = await crypto.subtle.digest(algorithm, encoder.encode(token));
      return toHex(new Uint8Array(buffer));
    },
  };
}

const HEX_BY_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX_BY_BYTE[byte];
  return hex;
}
