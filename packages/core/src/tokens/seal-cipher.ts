import { nodeCryptoModule } from './node-crypto.js';

/**
 * The primitive under the refresh replay's envelope: HKDF-SHA-256 of the token (with the salt and
 * info label given) into an AES-256-GCM key, then encrypt or decrypt with the IV and additional
 * data given. The output is WebCrypto's: the ciphertext followed by its 16-byte tag. Two
 * implementations produce and accept the very same bytes: `node:crypto`'s synchronous HMAC and
 * `createCipheriv` (no key import, no promise), and WebCrypto, the portable one (workerd and any
 * runtime without `node:crypto`).
 */
export interface SealCipher {
  readonly implementation: 'node-crypto' | 'webcrypto';
  /** The ciphertext and tag. */
  encrypt(input: SealInput, plaintext: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>;
  /** The plaintext; throws when the tag does not verify (wrong token, salt, IV, data, or tampered). */
  decrypt(input: SealInput, ciphertext: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>;
}

/** What one envelope's key and cipher are made of. */
export interface SealInput {
  token: string;
  salt: Uint8Array<ArrayBuffer>;
  info: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  additionalData: Uint8Array<ArrayBuffer>;
}

const KEY_BYTES = 32;
const TAG_BYTES = 16;
const encoder = new TextEncoder();

/** The slice of `node:crypto` used here, declared so the build needs no Node types. */
interface NodeCipherSubset {
  createHmac(digest: 'sha256', key: Uint8Array): NodeHmac;
  createCipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): NodeGcm & { getAuthTag(): Uint8Array };
  createDecipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): NodeGcm & { setAuthTag(tag: Uint8Array): unknown };
}
interface NodeHmac {
  update(data: string | Uint8Array): NodeHmac;
  digest(): Uint8Array;
}
interface NodeGcm {
  setAAD(data: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
}

const nodeCipher =
  typeof nodeCryptoModule?.createHmac === 'function' &&
  typeof nodeCryptoModule.createCipheriv === 'function' &&
  typeof nodeCryptoModule.createDecipheriv === 'function'
    ? (nodeCryptoModule as unknown as NodeCipherSubset)
    : undefined;

/** `node:crypto`'s where the runtime has it, else WebCrypto; `preferWebCrypto` forces WebCrypto (tests). */
export function sealCipher(options: { preferWebCrypto?: boolean } = {}): SealCipher {
  return nodeCipher !== undefined && options.preferWebCrypto !== true ? nodeSealCipher(nodeCipher) : webCryptoSealCipher;
}

function nodeSealCipher(node: NodeCipherSubset): SealCipher {
  const keyOf = (input: SealInput) => hkdfSha256Key(node, input);
  return {
    implementation: 'node-crypto',
    encrypt(input, plaintext) {
      const cipher = node.createCipheriv('aes-256-gcm', keyOf(input), input.iv);
      cipher.setAAD(input.additionalData);
      return concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    },
    decrypt(input, sealed) {
      if (sealed.length < TAG_BYTES) throw new Error('sealed replay shorter than its tag');
      const decipher = node.createDecipheriv('aes-256-gcm', keyOf(input), input.iv);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      decipher.setAAD(input.additionalData);
      return concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    },
  };
}

const COUNTER_ONE = new Uint8Array([1]);

/**
 * HKDF-SHA-256 (RFC 5869) with a 32-byte output, which is one hash length, so the expand step is
 * its first block alone: PRK = HMAC(salt, token), key = HMAC(PRK, info || 0x01). Two HMACs are
 * the whole of it; `hkdfSync` computes the same bytes at twice the cost (it wraps its inputs in
 * key objects first), and this runs on every rotation and every replay.
 */
function hkdfSha256Key(node: NodeCipherSubset, input: SealInput): Uint8Array {
  const pseudorandomKey = node.createHmac('sha256', input.salt).update(input.token).digest();
  return node.createHmac('sha256', pseudorandomKey).update(input.info).update(COUNTER_ONE).digest();
}

const webCryptoSealCipher: SealCipher = {
  implementation: 'webcrypto',
  async encrypt(input, plaintext) {
    const key = await deriveWebCryptoKey(input, 'encrypt');
    return new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: input.iv, additionalData: input.additionalData }, key, plaintext));
  },
  async decrypt(input, ciphertext) {
    const key = await deriveWebCryptoKey(input, 'decrypt');
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: input.iv, additionalData: input.additionalData }, key, ciphertext));
  },
};

async function deriveWebCryptoKey(input: SealInput, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const keyingMaterial = await crypto.subtle.importKey('raw', encoder.encode(input.token), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: input.salt, info: input.info },
    keyingMaterial,
    { name: 'AES-GCM', length: KEY_BYTES * 8 },
    false,
    [usage],
  );
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
